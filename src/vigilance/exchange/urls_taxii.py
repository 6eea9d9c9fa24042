from django.urls import path

from vigilance.exchange.taxii import views as taxii
from vigilance.exchange.views import stix_schemas

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
    # The JSON schemas of the platform's new STIX observable types (their extension definitions).
    path("schemas/<slug:observable_type>.json", stix_schemas.stix_schema, name="stix_schema"),
    # Any other address under /taxii2/ answers the TAXII error, never an HTML page.
    path("<path:rest>", taxii.not_found, name="not_found"),
]
