from django.urls import path

app_name = "exchange"
urlpatterns: list = []

# STIX export: the staff download of the published objects as one bundle.
from vigilance.exchange.views import export as export_views  # noqa: E402

urlpatterns += [path("staff/exchange/export/", export_views.export, name="export")]
