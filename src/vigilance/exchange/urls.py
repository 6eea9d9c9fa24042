"""The exchange's staff pages (under the language prefix)."""

from django.urls import path

from vigilance.exchange.views import export as export_views
from vigilance.exchange.views import misp

app_name = "exchange"
urlpatterns: list = [
    path(
        "staff/exchange/misp/<slug:collection_slug>/<str:day>.json",
        misp.staff_event_download,
        name="misp_event_download",
    ),
    # STIX export: the staff download of the published objects as one bundle.
    path("staff/exchange/export/", export_views.export, name="export"),
]
