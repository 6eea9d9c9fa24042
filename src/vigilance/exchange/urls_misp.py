from django.urls import path

from vigilance.exchange.views import misp

app_name = "exchange_misp"
urlpatterns: list = [
    path("feeds/<str:collection_id>/manifest.json", misp.manifest, name="manifest"),
    path("feeds/<str:collection_id>/hashes.csv", misp.hashes, name="hashes"),
    path("feeds/<str:collection_id>/<uuid:event_id>.json", misp.event, name="event"),
]
