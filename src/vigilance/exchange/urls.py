from django.urls import path

app_name = "exchange"
urlpatterns: list = []

# Importing partners' files and feeds (STIX 2.1 uploads, TAXII sources).
from vigilance.exchange.views import imports as import_views  # noqa: E402
from vigilance.exchange.views import sources as source_views  # noqa: E402

urlpatterns += [
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
]
