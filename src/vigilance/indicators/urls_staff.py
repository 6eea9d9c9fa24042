"""Pages of the indicators app (see urls.py): the analysts' pages under /<lang>/staff/indicators/."""

from django.urls import URLPattern, path

from vigilance.indicators.views_staff import disputes, early_warnings, indicators, warning_list

urlpatterns: list[URLPattern] = [
    path("staff/indicators/", indicators.indicator_search, name="staff_search"),
    path(
        "staff/indicators/<int:indicator_id>/",
        indicators.indicator_detail,
        name="staff_indicator",
    ),
    path(
        "staff/indicators/<int:indicator_id>/status/",
        indicators.indicator_status,
        name="staff_indicator_status",
    ),
    path(
        "staff/indicators/<int:indicator_id>/tlp/",
        indicators.indicator_tlp,
        name="staff_indicator_tlp",
    ),
    path("staff/indicators/warning-list/", warning_list.warning_list, name="staff_warning_list"),
    path(
        "staff/indicators/warning-list/<int:entry_id>/remove/",
        warning_list.warning_list_remove,
        name="staff_warning_list_remove",
    ),
    path("staff/indicators/disputes/", disputes.dispute_queue, name="staff_disputes"),
    path(
        "staff/indicators/disputes/<int:dispute_id>/decide/",
        disputes.dispute_decide,
        name="staff_dispute_decide",
    ),
    path(
        "staff/indicators/early-warnings/",
        early_warnings.early_warning_list,
        name="staff_early_warnings",
    ),
    path(
        "staff/indicators/early-warnings/follow/",
        early_warnings.early_warning_create,
        name="staff_early_warning_create",
    ),
]
