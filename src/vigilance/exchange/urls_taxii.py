from django.urls import path

app_name = "exchange_taxii"
urlpatterns: list = []

# The JSON schemas of the platform's new STIX observable types (their extension definitions).
from vigilance.exchange.views import stix_schemas  # noqa: E402

urlpatterns += [
    path("schemas/<slug:observable_type>.json", stix_schemas.stix_schema, name="stix_schema"),
]
