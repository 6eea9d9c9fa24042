from django.urls import path

from vigilance.exchange.taxii import views as taxii

app_name = "exchange_taxii"
urlpatterns = [
    path("", taxii.discovery, name="discovery"),
    path("api/", taxii.api_root, name="api_root"),
    path("api/collections/", taxii.collections, name="collections"),
    path("api/collections/<str:collection_id>/", taxii.collection, name="collection"),
    path("api/collections/<str:collection_id>/objects/", taxii.objects, name="objects"),
    path(
        "api/collections/<str:collection_id>/objects/<str:object_id>/",
        taxii.one_object,
        name="object",
    ),
    path(
        "api/collections/<str:collection_id>/objects/<str:object_id>/versions/",
        taxii.versions,
        name="versions",
    ),
    path("api/collections/<str:collection_id>/manifest/", taxii.manifest, name="manifest"),
    # Any other address under /taxii2/ answers the TAXII error, never an HTML page.
    path("<path:rest>", taxii.not_found, name="not_found"),
]
