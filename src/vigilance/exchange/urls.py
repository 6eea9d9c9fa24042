from django.urls import path

from vigilance.exchange.views import misp

app_name = "exchange"
urlpatterns: list = [
    path(
        "staff/exchange/misp/<slug:collection_slug>/<str:day>.json",
        misp.staff_event_download,
        name="misp_event_download",
    ),
]
