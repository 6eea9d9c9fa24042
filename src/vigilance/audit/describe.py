"""The audit trail in words: each action the platform records has a sentence in the reader's
language, filled from the event's fields and payload (a missing value reads as a dash).

Placeholders are the payload's keys (a nested ``{"roles": {"after": ...}}`` reads as
``roles_after``) plus ``actor`` and ``object``. How a value is shown (a unit's name, a date, a
status's label) is declared per action and resolved by a ``Names`` the page gives, since the
people, units and labels live in apps above this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EMPTY = "—"
# Dates read as lived in Cameroon, like the times of the page.
SHOWN_TIME_ZONE = ZoneInfo("Africa/Douala")


class Names(Protocol):
    """Resolves what the payload names by code into words (the page's side of the bargain)."""

    def person(self, user_id: int | None, username: str) -> str: ...

    def user(self, username: str) -> str: ...

    def unit(self, code: str) -> str: ...

    def organisation(self, code: str) -> str: ...

    def choice(self, kind: str, value: str) -> str: ...

    def model(self, model_name: str) -> str: ...


class PlainNames:
    """Shows every code as it is: for tools and tests without the database."""

    def person(self, user_id: int | None, username: str) -> str:
        return username

    def user(self, username: str) -> str:
        return username

    def unit(self, code: str) -> str:
        return code

    def organisation(self, code: str) -> str:
        return code

    def choice(self, kind: str, value: str) -> str:
        return value

    def model(self, model_name: str) -> str:
        return model_name


class Event(Protocol):
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    details: Any


@dataclass(frozen=True)
class Sentence:
    """A sentence template and how its placeholders' values are shown (see ``_shown``)."""

    text: Promise
    kinds: Mapping[str, str] = field(default_factory=dict)


def _s(text: Promise, **kinds: str) -> Sentence:
    return Sentence(text, kinds)


SENTENCES: dict[str, Sentence] = {
    "access_request.created": _s(_("%(actor)s asked the holders of report %(object)s for access: “%(reason)s”.")),
    "account.access_approved": _s(_("%(actor)s approved the access requested by %(requested_by)s for %(username)s."), username="user", requested_by="user"),
    "account.access_refused": _s(_("%(actor)s refused the access requested for %(username)s: “%(reason)s”."), username="user"),
    "account.access_requested": _s(_("%(actor)s asked for the roles %(roles_after)s in %(unit_after)s for %(username)s, awaiting a second administrator's approval."), username="user", roles_after="roles", unit_after="unit"),
    "account.authenticator_enrolled": _s(_("%(actor)s set up their authenticator app.")),
    "account.authenticator_reset": _s(_("%(actor)s reset the authenticator app of %(username)s."), username="user"),
    "account.backup_codes_reset": _s(_("%(actor)s generated new backup codes.")),
    "account.created": _s(_("%(actor)s created the account of %(username)s in %(unit)s, with the roles %(roles)s."), username="user", unit="unit", roles="roles"),
    "account.deactivated": _s(_("%(actor)s deactivated the account of %(username)s."), username="user"),
    "account.password_changed": _s(_("%(actor)s changed their password.")),
    "account.password_renewed": _s(_("%(actor)s chose a new password after a reset.")),
    "account.password_reset": _s(_("%(actor)s reset the password of %(username)s."), username="user"),
    "account.roles_changed": _s(_("%(actor)s changed the roles of %(username)s from %(before)s to %(after)s."), username="user", before="roles", after="roles"),
    "account.unit_changed": _s(_("%(actor)s moved %(username)s from %(before)s to %(after)s."), username="user", before="unit", after="unit"),
    "api_key.created": _s(_("%(actor)s created the API key %(prefix)s for %(organisation)s, valid until %(expires_at)s."), organisation="organisation", expires_at="date"),
    "api_key.revoked": _s(_("%(actor)s revoked the API key %(prefix)s of %(organisation)s."), organisation="organisation"),
    "audit.verified": _s(_("%(actor)s verified the audit chain: %(intact)s (%(count)s events checked)."), intact="verdict"),
    "audit.viewed": _s(_("%(actor)s read a page of the audit trail.")),
    "case.deadlines_notified": _s(_("%(actor)s reminded %(count)s people of tasks due on %(day)s."), day="date"),
    "case.exported": _s(_("%(actor)s exported the signed case file of %(object)s (%(reports)s reports).")),
    "case.lead_changed": _s(_("%(actor)s made %(lead)s the lead investigator of case %(object)s (before: %(previous)s)."), lead="user", previous="user"),
    "case.linked": _s(_("%(actor)s linked case %(object)s to case %(other)s: “%(reason)s”.")),
    "case.message_sent": _s(_("%(actor)s sent a message to the victim of report %(report)s, in case %(object)s.")),
    "case.note_added": _s(_("%(actor)s added a note to case %(object)s.")),
    "case.opened": _s(_("%(actor)s opened case %(object)s from report %(report)s, held by %(unit)s."), unit="unit"),
    "case.priority_changed": _s(_("%(actor)s set the priority of case %(object)s to %(priority)s, marked %(tlp)s."), priority="case_priority", tlp="case_tlp"),
    "case.reopened": _s(_("%(actor)s reopened case %(object)s: “%(reason)s”.")),
    "case.report_attached": _s(_("%(actor)s attached report %(report)s to case %(object)s.")),
    "case.share_revoked": _s(_("%(actor)s withdrew a share of case %(object)s.")),
    "case.shared": _s(_("%(actor)s shared case %(object)s with %(recipient)s, %(rights)s, until %(expires)s."), rights="rights", expires="date"),
    "case.status_changed": _s(_("%(actor)s changed the status of case %(object)s from %(previous)s to %(status)s."), previous="case_status", status="case_status"),
    "case.task_added": _s(_("%(actor)s added a task to case %(object)s for %(assignee)s."), assignee="user"),
    "case.task_done": _s(_("%(actor)s marked a task of case %(object)s as done.")),
    "case.unit_changed": _s(_("%(actor)s handed case %(object)s from %(previous)s to %(unit)s."), previous="unit", unit="unit"),
    "case.viewed": _s(_("%(actor)s opened case %(object)s.")),
    "dispute.rejected": _s(_("%(actor)s rejected dispute %(object)s: the indicator stays as it was.")),
    "dispute.submitted": _s(_("%(actor)s disputed indicator %(object)s.")),
    "dispute.upheld": _s(_("%(actor)s upheld dispute %(object)s: the indicator is marked as a false positive.")),
    "evidence.deleted": _s(_("%(actor)s deleted evidence file %(object)s (%(purpose)s).")),
    "evidence.discarded": _s(_("%(actor)s discarded evidence file %(object)s (%(purpose)s).")),
    "evidence.downloaded": _s(_("%(actor)s downloaded evidence file %(object)s (purpose: %(purpose)s).")),
    "evidence.integrity_failed": _s(_("The integrity check of evidence file %(object)s failed, on a read by %(actor)s (%(purpose)s).")),
    "evidence.read": _s(_("%(actor)s read evidence file %(object)s (purpose: %(purpose)s).")),
    "evidence.reencrypted": _s(_("%(actor)s re-encrypted evidence file %(object)s (%(purpose)s).")),
    "fraud_list.pulled": _s(_("%(actor)s downloaded the confirmed-fraud list.")),
    "indicator.created": _s(_("%(actor)s added indicator %(object)s (%(type)s) from an early warning."), type="indicator_type"),
    "indicator.imported": _s(_("%(actor)s imported %(rows)s indicators: %(created)s new, %(existing)s already known."), status="indicator_status"),
    "indicator.status_changed": _s(_("%(actor)s changed the status of indicator %(object)s from %(from)s to %(to)s."), **{"from": "indicator_status", "to": "indicator_status"}),
    "notification.all_read": _s(_("%(actor)s marked %(count)s notifications as read.")),
    "notification.digests_sent": _s(_("%(actor)s sent %(count)s daily digests.")),
    "notification.read": _s(_("%(actor)s read a notification.")),
    "partner_webhook.disabled": _s(_("%(actor)s stopped the requisition webhook of %(organisation)s."), organisation="organisation"),
    "partner_webhook.secret_reencrypted": _s(_("%(actor)s re-encrypted the requisition webhook secret of %(organisation)s under the current key."), organisation="organisation"),
    "partner_webhook.set": _s(_("%(actor)s pointed the requisition webhook of %(organisation)s at %(url)s, with a new secret."), organisation="organisation"),
    "report.contact_verification_sent": _s(_("%(actor)s asked to confirm their contact (%(channel)s) on report %(object)s."), channel="contact_channel"),
    "report.contact_verified": _s(_("%(actor)s confirmed their contact (%(channel)s) on report %(object)s."), channel="contact_channel"),
    "report.message_notice_sent": _s(_("%(actor)s wrote to the victim of report %(object)s, who was told by SMS or e-mail that a message waits (never its content).")),
    "report.marked_duplicate": _s(_("%(actor)s marked report %(object)s as a duplicate of %(original)s.")),
    "report.message_sent": _s(_("%(actor)s sent a message to the reporter of report %(object)s.")),
    "report.receipt_downloaded": _s(_("%(actor)s downloaded the receipt of report %(object)s (%(channel)s)."), channel="channel"),
    "report.rejected": _s(_("%(actor)s rejected report %(object)s.")),
    "report.requalified": _s(_("%(actor)s changed the offence of report %(object)s to %(category)s: “%(reason)s”."), category="category"),
    "report.routed": _s(_("%(actor)s routed report %(object)s to %(unit)s."), unit="unit"),
    "report.submitted": _s(_("%(actor)s submitted report %(object)s (%(channel)s)."), channel="channel"),
    "report.viewed": _s(_("%(actor)s opened report %(object)s.")),
    "foreign_request.acknowledged": _s(_("%(actor)s recorded that the foreign addressee acknowledged request abroad %(object)s on %(on)s."), on="date"),
    "foreign_request.answered": _s(_("%(actor)s recorded the answer from abroad to request %(object)s, received on %(on)s."), on="date"),
    "foreign_request.approved": _s(_("%(actor)s approved request abroad %(object)s: it is recorded as sent, to be answered by %(deadline)s."), deadline="date"),
    "foreign_request.drafted": _s(_("%(actor)s drafted request abroad %(object)s to %(addressee)s (%(country)s), in case %(case)s.")),
    "foreign_request.no_answer": _s(_("%(actor)s recorded that request abroad %(object)s got no answer (as of %(on)s)."), on="date"),
    "foreign_request.refused": _s(_("%(actor)s recorded the refusal of request abroad %(object)s, on %(on)s."), on="date"),
    "freeze.already_withdrawn": _s(_("%(actor)s answered freeze request %(object)s: the money had already been withdrawn.")),
    "freeze.held": _s(_("%(actor)s answered freeze request %(object)s: %(amount)s FCFA held.")),
    "freeze.insufficient_funds": _s(_("%(actor)s answered freeze request %(object)s: insufficient funds on the account.")),
    "freeze.moved_on": _s(_("%(actor)s answered freeze request %(object)s: %(amount)s FCFA moved on to another account, followed by request %(next)s.")),
    "freeze.joined_case": _s(_("%(actor)s brought freeze request %(object)s, proposed from report %(report)s, into case %(case)s.")),
    "freeze.proposed_at_arrival": _s(_("%(actor)s proposed freeze request %(object)s to %(issuer)s on the arrival of report %(report)s (%(amount)s FCFA lost): it waits for a supervisor's approval."), issuer="organisation"),
    "freeze.proposed_at_case_opening": _s(_("%(actor)s proposed freeze request %(object)s to %(issuer)s (report %(report)s, %(amount)s FCFA) when %(by)s opened a case from the report."), issuer="organisation", by="user"),
    "freeze.proposed_at_triage": _s(_("%(actor)s proposed freeze request %(object)s to %(issuer)s (report %(report)s, %(amount)s FCFA) when %(by)s triaged the report."), issuer="organisation", by="user"),
    "freeze.approved": _s(_("%(actor)s approved freeze request %(object)s and sent it to the issuer.")),
    "freeze.released": _s(_("%(actor)s recorded the release of the money held under freeze request %(object)s, ordered by %(authority)s.")),
    "freeze.requested": _s(_("%(actor)s asked %(issuer)s to freeze an account (request %(object)s, case %(case)s, %(amount)s FCFA)."), issuer="organisation"),
    "freeze.returned": _s(_("%(actor)s recorded the return to the victim of %(amount)s FCFA held under freeze request %(object)s, ordered by %(authority)s.")),
    "requisition.acknowledged": _s(_("%(actor)s acknowledged requisition %(object)s.")),
    "requisition.answered": _s(_("%(actor)s answered requisition %(object)s.")),
    "requisition.approved": _s(_("%(actor)s approved requisition %(object)s and sent it to the partner.")),
    "requisition.drafted": _s(_("%(actor)s drafted requisition %(object)s to %(addressee)s, in case %(case)s."), addressee="organisation"),
    "requisition.pdf_downloaded": _s(_("%(actor)s downloaded the letter of requisition %(object)s.")),
    "requisition.pdf_reencrypted": _s(_("%(actor)s re-encrypted the kept letter of requisition %(object)s under the current key.")),
    "requisition.pdf_issued": _s(_("%(actor)s signed and kept the letter of requisition %(object)s.")),
    "requisition.refused": _s(_("%(actor)s refused requisition %(object)s.")),
    "requisition.reminded": _s(_("%(actor)s reminded %(addressee)s that requisition %(object)s is nearly due (%(emails)s e-mails)."), addressee="organisation"),
    "requisition.escalated": _s(_("%(actor)s alerted %(supervisors)s supervisors that requisition %(object)s is overdue.")),
    "requisition.authorisation_recorded": _s(_("%(actor)s recorded the magistrate's authorisation %(number)s of %(issued_on)s (%(magistrate)s) for requisition %(object)s.")),
    "freeze.reminded": _s(_("%(actor)s reminded %(issuer)s that freeze request %(object)s is nearly due (%(emails)s e-mails)."), issuer="organisation"),
    "freeze.escalated": _s(_("%(actor)s alerted %(supervisors)s supervisors that freeze request %(object)s is overdue.")),
    "routing_rule.created": _s(_("%(actor)s created routing rule %(object)s.")),
    "routing_rule.deactivated": _s(_("%(actor)s deactivated routing rule %(object)s.")),
    "routing_rule.updated": _s(_("%(actor)s changed routing rule %(object)s.")),
    "search.performed": _s(_("%(actor)s searched the reports and cases.")),
    "sighting.confirmed": _s(_("%(actor)s confirmed an identifier (%(type)s) found in the narrative of report %(object)s."), type="indicator_type"),
    "takedown.acknowledged": _s(_("%(actor)s acknowledged takedown request %(object)s.")),
    "takedown.approved": _s(_("%(actor)s approved takedown request %(object)s and sent it, to be acted on by %(deadline)s."), deadline="date"),
    "takedown.done_block": _s(_("%(actor)s reported the target of takedown request %(object)s blocked on %(done_at)s."), done_at="date"),
    "takedown.done_take_down": _s(_("%(actor)s reported the target of takedown request %(object)s taken down on %(done_at)s."), done_at="date"),
    "takedown.drafted": _s(_("%(actor)s drafted takedown request %(object)s to %(addressee)s, about %(target)s."), addressee="organisation"),
    "takedown.refused": _s(_("%(actor)s refused takedown request %(object)s.")),
    "unit.created": _s(_("%(actor)s created the unit %(object)s in %(organisation)s."), object="unit", organisation="organisation"),
    "unit.move_approved": _s(_("%(actor)s approved moving the unit %(object)s, asked by %(requested_by)s."), object="unit", requested_by="user"),
    "unit.move_refused": _s(_("%(actor)s refused moving the unit %(object)s: “%(reason)s”."), object="unit"),
    "unit.move_requested": _s(_("%(actor)s asked to move the unit %(object)s under %(under)s, awaiting a second administrator's approval."), object="unit"),
    "unit.updated": _s(_("%(actor)s changed the unit %(object)s."), object="unit"),
    "warning_list.added": _s(_("%(actor)s put %(value)s (%(type)s) on the warning list."), type="indicator_type"),
    "warning_list.removed": _s(_("%(actor)s took %(value)s (%(type)s) off the warning list."), type="indicator_type"),
    "alert.drafted": _s(_("%(actor)s drafted alert %(object)s.")),
    "alert.changed": _s(_("%(actor)s changed the draft of alert %(object)s.")),
    "alert.submitted": _s(_("%(actor)s submitted alert %(object)s for approval.")),
    "alert.published": _s(_("%(actor)s approved and published alert %(object)s.")),
    "alert.updated": _s(_("%(actor)s updated published alert %(object)s (version %(version)s).")),
    "alert.withdrawn": _s(_("%(actor)s withdrew alert %(object)s.")),
    "wave.detected": _s(_("%(actor)s found scam wave %(object)s (%(count)s reports or checks) and proposed draft alert %(alert)s.")),
    "wave.dismissed": _s(_("%(actor)s dismissed scam wave %(object)s: “%(reason)s”.")),
    "subscription.confirmed": _s(_("%(actor)s confirmed a subscription to the alerts.")),
    "subscription.changed": _s(_("%(actor)s changed the choices of a subscription to the alerts: %(regions)s regions, %(categories)s kinds of offence.")),
    "subscription.cancelled": _s(_("%(actor)s stopped a subscription to the alerts.")),
    "alert.sending_started": _s(_("%(actor)s started sending alert %(object)s to its subscribers: %(emails)s e-mails and %(sms)s SMS.")),
    "advice.updated": _s(_("%(actor)s changed the advice “%(object)s” of the guidance wizard.")),
    "guide.created": _s(_("%(actor)s drafted the guide %(object)s.")),
    "guide.updated": _s(_("%(actor)s changed the guide %(object)s.")),
    "guide.published": _s(_("%(actor)s published the guide %(object)s.")),
    "guide.unpublished": _s(_("%(actor)s took the guide %(object)s off the public site.")),
    "campaign.created": _s(_("%(actor)s created the awareness campaign %(object)s, starting on %(starts_on)s."), starts_on="date"),
    "campaign_run.logged": _s(_("%(actor)s logged a run of campaign %(object)s on %(held_on)s: %(place)s."), held_on="date"),
    "statistics.exported": _s(_("%(actor)s exported the statistics table “%(object)s” (%(scope)s, months %(month_from)s to %(month_to)s).")),
    "open_data.exported": _s(_("%(actor)s downloaded the open statistics from %(from)s to %(to)s by %(by)s, as %(format)s.")),
    "annual_report.issued": _s(_("%(actor)s issued the signed annual report for %(year)s (SHA-256 %(sha256)s).")),
    "annual_report.downloaded": _s(_("%(actor)s downloaded the signed annual report for %(year)s.")),
    "exchange.import_done": _s(_("%(actor)s imported %(objects)s objects from %(partner)s (%(format)s, SHA-256 %(sha256)s): %(created)s new, %(updated)s changed, %(unchanged)s unchanged, %(warning_listed)s on a warning list, %(skipped)s skipped."), partner="organisation"),
    "exchange.import_repeated": _s(_("%(actor)s received again a file already imported from %(partner)s (SHA-256 %(sha256)s): nothing changed."), partner="organisation"),
    "exchange.poll_failed": _s(_("%(actor)s could not poll the feed %(object)s of %(partner)s: %(error)s."), partner="organisation"),
    "exchange.import_refused": _s(_("%(actor)s refused a file from %(partner)s (%(format)s, SHA-256 %(sha256)s): %(error)s."), partner="organisation"),
    "exchange.misp_feed_read": _s(_("%(actor)s read %(file)s of the MISP feed of collection %(object)s for %(partner)s."), partner="organisation"),
    "exchange.misp_event_downloaded": _s(_("%(actor)s downloaded the MISP event %(event)s of collection %(object)s.")),
    "exchange.exported": _s(_("%(actor)s exported the published STIX objects up to %(tlp)s as one bundle (%(via)s).")),
    "exchange.partner_indicator_pushed": _s(_("%(actor)s listed a value of %(partner)s as confirmed fraud (indicator %(indicator)s, %(partner_tlp)s)."), partner="organisation"),
    "indicator.tlp_changed": _s(_("%(actor)s changed the TLP marking of indicator %(object)s from %(from)s to %(to)s."), **{"from": "case_tlp", "to": "case_tlp"}),
    "exchange.source_created": _s(_("%(actor)s added the feed “%(name)s” of %(partner)s (%(url)s), polled every %(poll_minutes)s minutes."), partner="organisation"),
    "exchange.source_changed": _s(_("%(actor)s changed the feed “%(name)s” of %(partner)s: %(changed)s."), partner="organisation"),
    "exchange.source_deactivated": _s(_("%(actor)s stopped polling the feed “%(name)s” of %(partner)s."), partner="organisation"),
    "exchange.source_activated": _s(_("%(actor)s started polling again the feed “%(name)s” of %(partner)s."), partner="organisation"),
    "exchange.poll_requested": _s(_("%(actor)s asked for the feed “%(name)s” of %(partner)s to be polled now."), partner="organisation"),
    "exchange.taxii_read": _s(_("%(actor)s (%(partner)s, key %(key)s) read %(count)s objects of the collection %(object)s over TAXII (%(endpoint)s)."), partner="organisation"),
    "exchange.collection_created": _s(_("%(actor)s created the exchange collection %(object)s (%(tlp)s, owner %(owner)s)."), owner="organisation"),
    "exchange.collection_reader_added": _s(_("%(actor)s named %(organisation)s a reader of the AMBER collection %(object)s: “%(reason)s”."), organisation="organisation"),
    "exchange.collection_reader_removed": _s(_("%(actor)s removed %(organisation)s from the readers of the AMBER collection %(object)s: “%(reason)s”."), organisation="organisation"),
    "exchange.collection_deactivated": _s(_("%(actor)s stopped serving the exchange collection %(object)s: “%(reason)s”.")),
}  # fmt: skip

# The administration site records ``<model>.<verb>_in_admin`` for the models it changes.
ADMIN_SUFFIX = "_in_admin"
ADMIN_SENTENCES: dict[str, Sentence] = {
    "created": _s(_("%(actor)s created %(model)s %(object)s in the administration site.")),
    "changed": _s(_("%(actor)s changed %(model)s %(object)s in the administration site.")),
    "deleted": _s(_("%(actor)s deleted %(model)s %(object)s in the administration site.")),
}
UNKNOWN = _s(_("Action “%(action)s” by %(actor)s."))

# Who acted when nobody signed in (``actor_label`` of the public and of jobs).
_ANONYMOUS_ACTORS = {
    "reporter": _("The reporter"),
    "public": _("A member of the public"),
}
_ACTOR_PREFIXES = {
    "job:": _("An automatic job"),
    "command:": _("An operator's command"),
}
_RIGHTS = {
    "contribute": _("adding notes and tasks"),
    "download_evidence": _("downloading evidence"),
    "export_case_file": _("exporting the case file"),
}
_NOBODY = _("nobody")
_READ_WITH = _("to read, and for %(rights)s")
_READ_ONLY = _("read only")
_INTACT = _("intact")
_BROKEN = _("broken")


def sentence_for(action: str) -> Sentence | None:
    """The sentence of an action, or None when the code base has none for it."""
    if action in SENTENCES:
        return SENTENCES[action]
    model, _dot, verb = action.partition(".")
    if model and verb.endswith(ADMIN_SUFFIX):
        return ADMIN_SENTENCES.get(verb.removesuffix(ADMIN_SUFFIX))
    return None


class _Values(dict[str, str]):
    """Placeholders' values; one the payload lacks reads as a dash instead of failing."""

    def __missing__(self, key: str) -> str:
        return EMPTY


def event_payload(event: Event) -> dict[str, Any]:
    """The event's details, with nested values also under ``<key>_<inner key>``."""
    details = event.details
    if not isinstance(details, Mapping):
        return {}
    flat: dict[str, Any] = {}
    for key, value in details.items():
        flat[str(key)] = value
        if isinstance(value, Mapping):
            flat.update({f"{key}_{inner}": item for inner, item in value.items()})
    return flat


def _date(value: Any) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = moment.astimezone(SHOWN_TIME_ZONE)
    return formats.date_format(moment.date(), "DATE_FORMAT")


def _listed(values: Any, word: Any) -> str:
    items = values if isinstance(values, list | tuple) else [values]
    return ", ".join(str(word(str(item))) for item in items) or EMPTY


def _shown(kind: str, value: Any, names: Names) -> str:
    if value is None or value == "" or value == []:
        return str(_NOBODY) if kind == "user" else EMPTY
    if kind == "user":
        return names.user(str(value))
    if kind == "unit":
        return names.unit(str(value))
    if kind == "organisation":
        return names.organisation(str(value))
    if kind == "date":
        return _date(value)
    if kind == "roles":
        return _listed(value, lambda role: names.choice("role", role))
    if kind == "rights":
        rights = _listed(value, lambda right: _RIGHTS.get(right, right))
        return str(_READ_WITH) % {"rights": rights}
    if kind == "verdict":
        return str(_INTACT if value is True else _BROKEN)
    if isinstance(value, list | tuple):
        return _listed(value, str)
    if kind:
        return names.choice(kind, str(value))
    return str(value)


def _actor(event: Event, names: Names) -> str:
    if event.actor_id is not None:
        return names.person(event.actor_id, event.actor_label)
    label = event.actor_label
    if label in _ANONYMOUS_ACTORS:
        return str(_ANONYMOUS_ACTORS[label])
    for prefix, words in _ACTOR_PREFIXES.items():
        if label.startswith(prefix):
            return str(words)
    return label or EMPTY


def event_sentence(event: Event, names: Names | None = None) -> str:
    """What happened, as one sentence in the active language."""
    names = names or PlainNames()
    sentence = sentence_for(event.action) or UNKNOWN
    payload = event_payload(event)
    values = _Values()
    for key, value in payload.items():
        values[key] = _shown(sentence.kinds.get(key, ""), value, names)
    if sentence.kinds.get("rights") and not payload.get("rights"):
        values["rights"] = str(_READ_ONLY)
    values["object"] = _shown(sentence.kinds.get("object", ""), event.object_id, names)
    values["actor"] = _actor(event, names)
    values["action"] = event.action
    if event.action.endswith(ADMIN_SUFFIX):
        values["model"] = names.model(event.object_type)
    text = str(sentence.text) % values
    return text[:1].upper() + text[1:]
