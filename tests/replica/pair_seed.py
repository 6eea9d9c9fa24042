"""Run in a child process against the pair's primary (``python -m tests.replica.pair_seed``):
prints, as JSON, what the HTTP tests need and cannot make over HTTP."""

import datetime as dt
import json
import sys

import django


def main(command: str) -> dict[str, str]:
    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from tests import personas
    from vigilance.accounts import api_keys
    from vigilance.accounts.models import Organisation
    from vigilance.indicators.models import Indicator, IndicatorStatus

    if command.startswith("staff:"):
        name = command.removeprefix("staff:")
        client = personas.signed_in_client(personas.persona(name))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        return {"name": settings.SESSION_COOKIE_NAME, "value": cookie.value}
    if command == "partner-key":
        new = api_keys.api_key_create(
            actor=personas.persona("administrator_user"),
            organisation=Organisation.objects.get(code="mtn"),
            name="Fraud desk",
            permissions=["pull_fraud_list"],
            expires_at=timezone.now() + dt.timedelta(days=30),
        )
        return {"key": new.key}
    if command == "confirm-all":
        count = Indicator.objects.update(
            status=IndicatorStatus.CONFIRMED_FRAUD, status_changed_at=timezone.now()
        )
        return {"confirmed": str(count)}
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
