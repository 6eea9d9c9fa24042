from django.urls import path

from vigilance.exchange.views import collections

app_name = "exchange"
urlpatterns: list = []

# Collections (staff): who reads what the platform shares.
urlpatterns += [
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
