"""Words for what a page of the trail names by code: people, units, organisations, offences and
the labels of statuses, looked up in a few queries for the whole page."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps

from vigilance.accounts.models import Organisation, Role, Unit, User
from vigilance.audit.describe import Event, event_payload, sentence_for
from vigilance.cases.models import CasePriority, CaseStatus, Tlp
from vigilance.core.models import OffenceCategory
from vigilance.indicators.models import IndicatorStatus
from vigilance.indicators.normalise import TYPES
from vigilance.intake.models import Channel, ContactVerification

CHOICES: dict[str, Mapping[Any, Any]] = {
    "role": dict(Role.choices),
    "case_status": dict(CaseStatus.choices),
    "case_priority": {str(value): label for value, label in CasePriority.choices},
    "case_tlp": dict(Tlp.choices),
    "indicator_status": dict(IndicatorStatus.choices),
    "indicator_type": TYPES,
    "channel": dict(Channel.choices),
    "contact_channel": dict(ContactVerification.Channel.choices),
}


def _full_name(user: User) -> str:
    return user.get_full_name() or user.username


class PageNames:
    """The ``describe.Names`` of one page of events, loaded in bulk when it is made."""

    def __init__(self, events: Iterable[Event]) -> None:
        events = list(events)
        wanted: dict[str, set[str]] = {"user": set(), "unit": set(), "organisation": set()}
        wanted["category"] = set()
        for event in events:
            sentence = sentence_for(event.action)
            if sentence is None:
                continue
            payload = {**event_payload(event), "object": event.object_id}
            for key, kind in sentence.kinds.items():
                values = payload.get(key)
                if kind in wanted and values:
                    items = values if isinstance(values, list) else [values]
                    wanted[kind].update(str(item) for item in items)
        actor_ids = {event.actor_id for event in events if event.actor_id is not None}
        people = User.objects.filter(pk__in=actor_ids) if actor_ids else User.objects.none()
        self._people = {user.pk: _full_name(user) for user in people}
        named = User.objects.filter(username__in=wanted["user"]) if wanted["user"] else []
        self._users = {user.username: _full_name(user) for user in named}
        self._units = {u.code: u.name for u in Unit.objects.filter(code__in=wanted["unit"])}
        organisations = Organisation.objects.filter(code__in=wanted["organisation"])
        self._organisations = {o.code: o.name for o in organisations}
        categories = OffenceCategory.objects.filter(code__in=wanted["category"])
        self._categories = {c.code: c.name for c in categories}

    def person(self, user_id: int | None, username: str) -> str:
        return self._people.get(user_id, username) if user_id is not None else username

    def user(self, username: str) -> str:
        return self._users.get(username, username)

    def unit(self, code: str) -> str:
        return self._units.get(code, code)

    def organisation(self, code: str) -> str:
        return self._organisations.get(code, code)

    def choice(self, kind: str, value: str) -> str:
        if kind == "category":
            return self._categories.get(value, value)
        return str(CHOICES.get(kind, {}).get(value, value))

    def model(self, model_name: str) -> str:
        for model in apps.get_models():
            if model._meta.model_name == model_name:
                return str(model._meta.verbose_name)
        return model_name
