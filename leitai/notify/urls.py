from django.urls import path

from leitai.notify.views import channels

app_name = "notify"
urlpatterns = [
    path("channels/", channels.channel_list, name="channel_list"),
    path("channels/new/", channels.channel_create, name="channel_create"),
    path("channels/<int:channel_id>/", channels.channel_edit, name="channel_edit"),
    path("channels/<int:channel_id>/test/", channels.channel_test, name="channel_test"),
    path("log/", channels.delivery_log, name="delivery_log"),
    path("log/<int:notification_id>/resend/", channels.resend, name="resend"),
]
