urlpatterns = []
app_name = "contest"
