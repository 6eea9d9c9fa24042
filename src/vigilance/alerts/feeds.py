"""RSS and Atom feeds of the published public alerts, one per language (the URL's prefix)."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vigilance.alerts.markdown import render_markdown
from vigilance.alerts.models import Alert
from vigilance.alerts.selectors import alerts as selectors


def _language() -> str:
    # The URL's prefix set the active language; the feed instance is shared, so nothing is kept
    # on it.
    return "en" if (get_language() or "fr").startswith("en") else "fr"


class AlertsRssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def title(self) -> str:
        return _("Vigilance: alerts about scams and cyber threats")

    def description(self) -> str:
        return _("Official alerts of the national platform against cybercrime.")

    def link(self) -> str:
        return reverse("alerts:list")

    def items(self) -> list[Alert]:
        return selectors.feed_alerts()

    def item_title(self, item: Alert) -> str:
        return item.in_language("title", _language())

    def item_description(self, item: Alert) -> str:
        summary = item.in_language("summary", _language())
        return f"<p>{escape(summary)}</p>{render_markdown(item.in_language('body', _language()))}"

    def item_link(self, item: Alert) -> str:
        return selectors.alert_public_url(item, _language())

    def item_guid(self, item: Alert) -> str:
        return f"urn:vigilance:alert:{item.reference}:{_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Alert) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Alert) -> dt.datetime | None:
        return item.updated_at or item.published_at

    def item_categories(self, item: Alert) -> list[str]:
        return [item.category.name] if item.category else []


class AlertsAtomFeed(AlertsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
