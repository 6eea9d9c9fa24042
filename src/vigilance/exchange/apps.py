from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "vigilance.exchange"
    default = True

    def ready(self) -> None:
        # Pages listing identifiers show what partners know through the indicators' registry.
        from vigilance.exchange.selectors.partner_knowledge import partner_annotations
        from vigilance.indicators.annotations import register

        register(partner_annotations)
