"""The ``date`` template filter of every template (a template builtin, see settings.TEMPLATES):
Django's own, with the French first of the month ("1er décembre 2026")."""

import datetime as dt

from django import template
from django.template import defaultfilters

from vigilance.formats.dates import date_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: dt.date | str | None, arg: str | None = None) -> str:
    if not isinstance(value, dt.date):
        return str(defaultfilters.date(value, arg))
    try:
        return date_format(value, arg)
    except AttributeError:
        return ""
