"""The exchange's staff pages (under the language prefix)."""

from django.urls import path

from vigilance.exchange.views import collections, misp, partner_indicators
from vigilance.exchange.views import export as export_views
from vigilance.exchange.views import imports as import_views
from vigilance.exchange.views import sources as source_views

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
    # Importing partners' files and feeds (STIX 2.1 uploads, TAXII sources).
    path("staff/exchange/imports/", import_views.import_list, name="imports"),
    path("staff/exchange/imports/new/", import_views.import_new, name="import_new"),
    path(
        "staff/exchange/imports/waiting/<str:token>/",
        import_views.import_waiting,
        name="import_waiting",
    ),
    path("staff/exchange/imports/<int:batch_id>/", import_views.import_detail, name="import"),
    path("staff/exchange/sources/", source_views.source_list, name="sources"),
    path("staff/exchange/sources/new/", source_views.source_new, name="source_new"),
    path("staff/exchange/sources/<int:source_id>/", source_views.source_edit, name="source_edit"),
    path(
        "staff/exchange/sources/<int:source_id>/active/",
        source_views.source_active,
        name="source_active",
    ),
    path(
        "staff/exchange/sources/<int:source_id>/poll/",
        source_views.source_poll,
        name="source_poll",
    ),
    # Collections (staff): who reads what the platform shares.
    path("staff/exchange/collections/", collections.collection_list, name="collection_list"),
    path("staff/exchange/collections/new/", collections.collection_new, name="collection_new"),
    path(
        "staff/exchange/collections/<uuid:collection_id>/",
        collections.collection_detail,
        name="collection_detail",
    ),
    path(
        "staff/exchange/collections/<uuid:collection_id>/readers/",
        collections.collection_reader_add,
        name="collection_reader_add",
    ),
    path(
        "staff/exchange/collections/<uuid:collection_id>/readers/<slug:organisation_code>/remove/",
        collections.collection_reader_remove,
        name="collection_reader_remove",
    ),
    path(
        "staff/exchange/collections/<uuid:collection_id>/deactivate/",
        collections.collection_deactivate,
        name="collection_deactivate",
    ),
]
