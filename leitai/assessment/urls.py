"""Routes of the assessment app: the scheme side and the collection side."""

from leitai.assessment.collection.urls import urlpatterns as collection_urlpatterns
from leitai.assessment.scheme.urls import urlpatterns as scheme_urlpatterns

app_name = "assessment"
urlpatterns = scheme_urlpatterns + collection_urlpatterns
