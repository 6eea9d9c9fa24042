from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "vigilance.alerts"
    default = True

    def ready(self) -> None:
        from vigilance.alerts.selectors.alerts import alert_notices
        from vigilance.indicators.public_notices import register_notice_provider

        # The public check shows the published alerts that name the value checked.
        register_notice_provider(alert_notices)
