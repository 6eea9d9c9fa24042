"""``{{ alert|public_url }}``: an alert's address in the page's language."""

from django import template

from vigilance.alerts.models import Alert
from vigilance.alerts.selectors.alerts import alert_public_url

register = template.Library()


@register.filter
def public_url(alert: Alert) -> str:
    return alert_public_url(alert)
