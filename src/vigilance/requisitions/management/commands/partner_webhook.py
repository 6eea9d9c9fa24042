"""``manage.py partner_webhook``: set, list or disable the webhook a partner's system receives
requisitions on. Setting one prints its new secret once, to hand to the partner; each change is
audited."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigilance.accounts.models import Organisation
from vigilance.core.errors import InvalidAction
from vigilance.requisitions import webhooks
from vigilance.requisitions.models import PartnerWebhook

LABEL = "command:partner_webhook"


class Command(BaseCommand):
    help = "Set, list or disable partners' requisition webhooks."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        set_ = actions.add_parser("set", help="Point an organisation's webhook at a URL.")
        set_.add_argument("organisation", help="Organisation code, e.g. mtn")
        set_.add_argument("url", help="The partner's receiver, https://...")
        disable = actions.add_parser("disable", help="Stop an organisation's webhook.")
        disable.add_argument("organisation")
        actions.add_parser("list", help="List the webhooks.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            for hook in PartnerWebhook.objects.select_related("organisation").order_by("id"):
                state = "active" if hook.is_active else "disabled"
                self.stdout.write(f"{hook.organisation.code}\t{state}\t{hook.url}")
            return
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with code {options['organisation']!r}.")
        try:
            if action == "set":
                result = webhooks.webhook_set(
                    organisation=organisation, url=options["url"], actor_label=LABEL
                )
                self.stdout.write(f"Webhook of {organisation.code}: {result.webhook.url}")
                self.stdout.write(f"Secret (shown once, give it to the partner): {result.secret}")
            else:
                webhooks.webhook_disable(organisation=organisation, actor_label=LABEL)
                self.stdout.write(f"Webhook of {organisation.code} disabled.")
        except InvalidAction as error:
            raise CommandError(error.message) from error
