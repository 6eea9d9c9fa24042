"""The exchange's staff pages (under the language prefix)."""

from django.urls import path

from vigilance.exchange.views import export as export_views
from vigilance.exchange.views import misp, partner_indicators

app_name = "exchange"
urlpatterns: list = [
    path(
        "staff/exchange/misp/<slug:collection_slug>/<str:day>.json",
        misp.staff_event_download,
        name="misp_event_download",
    ),
    # STIX export: the staff download of the published objects as one bundle.
    path("staff/exchange/export/", export_views.export, name="export"),
    path(
        "staff/exchange/partner-indicators/",
        partner_indicators.partner_indicator_list_page,
        name="partner_indicators",
    ),
    path(
        "staff/exchange/partner-indicators/<int:partner_indicator_id>/",
        partner_indicators.partner_indicator_detail,
        name="partner_indicator",
    ),
    path(
        "staff/exchange/partner-indicators/<int:partner_indicator_id>/push/",
        partner_indicators.partner_indicator_push_page,
        name="partner_indicator_push",
    ),
]
