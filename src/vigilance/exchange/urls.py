from django.urls import path

app_name = "exchange"
urlpatterns: list = []

from vigilance.exchange.views import partner_indicators  # noqa: E402

urlpatterns += [
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
]
