from django.urls import path

from leitai.org.calendar.urls import urlpatterns as calendar_urlpatterns
from leitai.org.views import groups, imports, people, security, supervision, units

app_name = "org"
urlpatterns = [
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/<int:unit_id>/", units.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/edit/", units.unit_edit, name="unit_edit"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create, name="group_create"),
    path("groups/<int:group_id>/", groups.group_detail, name="group_detail"),
    path("groups/<int:group_id>/edit/", groups.group_edit, name="group_edit"),
    path("supervision/", supervision.supervision_group_list, name="supervision_group_list"),
    path("supervision/new/", supervision.supervision_group_create, name="supervision_group_create"),
    path(
        "supervision/<int:group_id>/",
        supervision.supervision_group_detail,
        name="supervision_group_detail",
    ),
    path(
        "supervision/<int:group_id>/edit/",
        supervision.supervision_group_edit,
        name="supervision_group_edit",
    ),
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:person_id>/", people.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", people.person_edit, name="person_edit"),
    path("security/", security.security, name="security"),
    path("security/<int:person_id>/unlock/", security.unlock, name="person_unlock"),
    path(
        "security/<int:person_id>/token/revoke/",
        security.token_revoke,
        name="person_token_revoke",
    ),
    path("import/", imports.import_upload, name="import"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    *calendar_urlpatterns,
]
