"""Routes of the scheme side: scheme versions, periods, targets, exemptions, adjustments."""

from django.urls import path

from leitai.assessment.scheme.views import adjustments, periods, scheme, targets

urlpatterns: list = [
    path("scheme/", scheme.scheme_list, name="scheme_list"),
    path("scheme/import/", scheme.scheme_import, name="scheme_import"),
    path("scheme/copy/", scheme.scheme_copy, name="scheme_copy"),
    path("scheme/<int:scheme_id>/", scheme.scheme_detail, name="scheme_detail"),
    path("scheme/<int:scheme_id>/yaml/", scheme.scheme_yaml, name="scheme_yaml"),
    path("scheme/<int:scheme_id>/metadata/", scheme.scheme_metadata, name="scheme_metadata"),
    path("scheme/<int:scheme_id>/edit/", scheme.scheme_edit, name="scheme_edit"),
    path("scheme/<int:scheme_id>/activate/", scheme.scheme_activate, name="scheme_activate"),
    path("scheme/<int:scheme_id>/discard/", scheme.scheme_discard, name="scheme_discard"),
    path("scheme/<int:scheme_id>/arenas/new/", scheme.arena_create, name="arena_create"),
    path("arenas/<int:arena_id>/edit/", scheme.arena_edit, name="arena_edit"),
    path("arenas/<int:arena_id>/delete/", scheme.arena_delete, name="arena_delete"),
    path("arenas/<int:arena_id>/indicators/new/", scheme.indicator_create, name="indicator_create"),
    path("indicators/<int:indicator_id>/edit/", scheme.indicator_edit, name="indicator_edit"),
    path("indicators/<int:indicator_id>/delete/", scheme.indicator_delete, name="indicator_delete"),
    path("periods/", periods.period_list, name="period_list"),
    path("periods/generate/", periods.period_generate, name="period_generate"),
    path("periods/<int:period_id>/edit/", periods.period_edit, name="period_edit"),
    path("periods/<int:period_id>/<slug:action>/", periods.period_action, name="period_action"),
    path("targets/", targets.target_grid, name="target_grid"),
    path("targets/export/", targets.target_export, name="target_export"),
    path("targets/import/", targets.target_import, name="target_import"),
    path("exemptions/", targets.exemption_list, name="exemption_list"),
    path(
        "exemptions/<int:exemption_id>/delete/", targets.exemption_delete, name="exemption_delete"
    ),
    path("adjustments/", adjustments.adjustment_list, name="adjustment_list"),
    path("adjustments/new/", adjustments.adjustment_create, name="adjustment_create"),
    path(
        "adjustments/<int:adjustment_id>/",
        adjustments.adjustment_detail,
        name="adjustment_detail",
    ),
    path(
        "adjustments/<int:adjustment_id>/<slug:decision>/",
        adjustments.adjustment_decide,
        name="adjustment_decide",
    ),
]
