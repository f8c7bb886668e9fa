from django.urls import path

from leitai.selections.views import selections

app_name = "selections"
urlpatterns = [
    path("", selections.selection_list, name="list"),
]
