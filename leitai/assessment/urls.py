"""Routes of the assessment app: the scheme side and the collection side."""

from leitai.assessment.urls_collection import urlpatterns as collection_urlpatterns
from leitai.assessment.urls_scheme import urlpatterns as scheme_urlpatterns

app_name = "assessment"
urlpatterns = scheme_urlpatterns + collection_urlpatterns
