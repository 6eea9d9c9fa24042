"""Every page a person can reach, in French and in English, in Chromium: no string the French
catalogue leaves untranslated, no English word (or raw code) on a French page and no French
reference name on an English one, no serious accessibility violation. The routes of the URL conf
are the list to cover: a new page is walked, or skipped here with a reason, or this test fails.

One list of everything found, so that a developer sees all of it at once.
"""

from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from tests import personas
from tests.browser.conftest import axe_violations
from tests.exchange.partner_imports import partner_pages
from tests.support.page_walk import IGNORED, PAGE_TEXT_JS, page_route_names, text_problems
from tests.support.page_walk_alerts import (
    alert_public_paths,
    alert_staff_pages,
    alerts_walk_data_create,
)
from tests.support.page_walk_data import (
    DESCRIPTION,
    OFTEN_CHECKED,
    STATEMENT,
    SUSPECT_PHONE,
    WalkData,
    walk_data_create,
)
from tests.support.page_walk_outward import outward_pages

pytestmark = [
    pytest.mark.browser,
    # About 110 pages, each read by axe-core: minutes on a small shared machine.
    pytest.mark.timeout(1200),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ("fr", "en")
LOCALES = {"fr": "fr-FR", "en": "en-GB"}

_POST_ONLY = "answers a form's POST only"
_FILE = "a file (PDF or evidence), not a page"
SKIPPED = {
    **dict.fromkeys(
        (
            "accounts:admin_api_key_revoke",
            "accounts:admin_member_authenticator_reset",
            "accounts:admin_member_deactivate",
            "accounts:admin_member_password_reset",
            "accounts:backup_codes_reset",
            "accounts:password_change",
            "accounts:sign_out",
            "audit:chain_verify",
            "cases:case_action",
            "cases:case_cluster_ask",
            "cases:case_share_revoke",
            "cases:case_task_done",
            "cases:notification_read",
            "cases:notifications_read_all",
            "cases:report_action",
            "cases:report_cluster_ask",
            "cases:report_sighting_confirm",
            "directory:routing_rule_deactivate",
            "indicators:staff_dispute_decide",
            "indicators:staff_early_warning_create",
            "indicators:staff_indicator_status",
            "indicators:staff_warning_list_remove",
            "intake:follow_contact_confirm",
            "intake:follow_contact_send",
            "intake:follow_evidence",
            "intake:follow_identity",
            "intake:follow_information",
            "intake:follow_stop",
            "requisitions:requisition_action",
            "requisitions:freeze_action",
            "requisitions:takedown_action",
            "requisitions:foreign_request_action",
        ),
        _POST_ONLY,
    ),
    **dict.fromkeys(
        (
            "cases:report_evidence",
            "counter:receipt",
            "intake:follow_receipt",
            "intake:report_receipt",
            "requisitions:requisition_file",
            "requisitions:requisition_pdf",
            "requisitions:foreign_request_document",
        ),
        _FILE,
    ),
    "accounts:enrol": "shown only at a first sign-in, before an authenticator is enrolled",
    "accounts:password_renew": "shown only after an administrator's reset; redirects otherwise",
    "counter:done": "shown once, right after a counter filing; redirects otherwise",
    "alerts:staff_action": _POST_ONLY,
    "alerts:picture": "an image, not a page",
    "alerts:feed_rss": "a feed (XML), not a page",
    "alerts:feed_atom": "a feed (XML), not a page",
    "alerts_waves:wave_dismiss": _POST_ONLY,
    "alerts_subscriptions:unsubscribe": "answers a mail client's one-click POST; GET leads to the manage page",
    "alerts_subscriptions:short_link": "a redirect to the alert's page",
    "alerts_guidance:staff_guide_publish": _POST_ONLY,
    "alerts_guidance:staff_guide_unpublish": _POST_ONLY,
    "alerts_guidance:campaign_poster": _FILE,
    "stats_staff:export": _FILE,
    "stats:annual_report_pdf": _FILE,
    "exchange:partner_indicator_push": _POST_ONLY,
    "indicators:staff_indicator_tlp": _POST_ONLY,
    **dict.fromkeys(
        ("exchange:source_active", "exchange:source_poll"),
        "POST only: redirects to the feeds page",
    ),
    **dict.fromkeys(
        ("exchange:import", "exchange:import_waiting", "exchange:source_edit"),
        "shows an import or a feed made by tests/exchange; the same template as walked pages",
    ),
    "exchange:collection_reader_add": _POST_ONLY,
    "exchange:collection_reader_remove": _POST_ONLY,
    "exchange:collection_deactivate": _POST_ONLY,
    "exchange:misp_event_download": _FILE,
}


@dataclass
class Walk:
    base: str
    typed: tuple[str, ...]
    problems: list[str] = field(default_factory=list)
    walked: set[str] = field(default_factory=set)

    def visit(self, page: Any, path: str, *, language: str, status: int = 200) -> None:
        answer = page.goto(f"{self.base}{path}")
        with suppress(Resolver404):  # the address asked for, and (below) where it led
            self.walked.add(resolve(urlparse(path).path).view_name)
        if answer is None or answer.status != status:
            found = answer.status if answer else "no answer"
            self.problems.append(f"{path} [{language}]: status {found}, expected {status}")
        self.inspect(page, language=language)

    def inspect(self, page: Any, *, language: str) -> None:
        """Check the page shown now, wherever the last click or address led."""
        path = urlparse(page.url).path
        with suppress(Resolver404):
            self.walked.add(resolve(path).view_name)
        where = f"{path} [{language}]"
        text = page.evaluate(PAGE_TEXT_JS, IGNORED)
        self.problems += [
            f"{where}: {problem}"
            for problem in text_problems(text, language=language, typed=self.typed)
        ]
        self.problems += [
            f"{where}: axe {violation['id']} ({violation['impact']}) at {violation['nodes']}"
            for violation in axe_violations(page)
        ]

    def summary(self) -> str:
        """One line per page and language, each problem once."""
        by_page: dict[str, dict[str, None]] = {}
        for problem in self.problems:
            where, _, what = problem.partition(": ")
            by_page.setdefault(where, {})[what] = None
        return "\n".join(
            ["", *(f"{where}: {'; '.join(found)}" for where, found in by_page.items())]
        )


def _url(language: str, name: str, **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _continue(page: Any) -> None:
    page.locator("main form button.button:not(.secondary):not(.link)").last.click()
    page.wait_for_load_state()


def _walk_report_form(walk: Walk, page: Any, language: str) -> None:
    """Each step of the form, answered so that the next one renders, then the done page."""
    walk.visit(page, _url(language, "intake:privacy"), language=language)
    walk.visit(page, _url(language, "intake:report"), language=language)
    page.fill("#id_name", "Awa Mbarga")
    page.fill("#id_phone", "677 12 34 56")
    _continue(page)
    walk.inspect(page, language=language)
    page.check("#category-mobile_money_fraud")
    page.fill("#id_incident_date", "2026-11-01")
    page.select_option("#id_region", "LT")
    page.fill("#id_description", DESCRIPTION)
    _continue(page)
    walk.inspect(page, language=language)
    page.fill("#id_value_0", SUSPECT_PHONE)
    _continue(page)
    walk.inspect(page, language=language)
    page.check("#id_has_loss_0")
    page.fill("#id_amount", "75 000")
    page.select_option("#id_channel", "mtn_momo")
    _continue(page)
    walk.inspect(page, language=language)
    _continue(page)
    walk.inspect(page, language=language)
    page.check("#id_consent")
    _continue(page)
    walk.inspect(page, language=language)


def _walk_public(walk: Walk, page: Any, language: str, data: WalkData) -> None:
    for name in ("home", "advice", "helpline", "indicators:check", "intake:follow"):
        walk.visit(page, _url(language, name), language=language)
    _walk_report_form(walk, page, language)
    check = urlencode({"type": "phone", "value": SUSPECT_PHONE})
    walk.visit(page, f"{_url(language, 'indicators:check')}?{check}", language=language)
    walk.visit(page, f"{_url(language, 'indicators:dispute')}?{check}", language=language)
    page.fill("#id_name", "Boutique Ndongo")
    page.fill("#id_contact", "+237 6 77 00 11 22")
    page.fill("#id_statement", STATEMENT)
    page.check("#id_attestation")
    _continue(page)
    walk.inspect(page, language=language)
    # A link that no longer works: the page that says so and what to do.
    confirm_email = _url(language, "intake:follow_confirm_email", token="expired")
    walk.visit(page, confirm_email, language=language, status=400)
    walk.visit(page, f"/{language}/no-such-page/", language=language, status=404)
    walk.visit(page, _url(language, "accounts:sign_in"), language=language)
    # A form whose security token no longer matches: the 403 page that says to try again.
    walk.visit(page, _url(language, "intake:follow"), language=language)
    page.evaluate(
        "document.querySelectorAll('[name=csrfmiddlewaretoken]').forEach(i => i.value = 'x')"
    )
    with page.expect_response(lambda answer: answer.request.method == "POST") as refused:
        _continue(page)
    if refused.value.status != 403:
        walk.problems.append(f"follow with a stale token [{language}]: not refused with a 403")
    walk.inspect(page, language=language)
    walk.visit(page, _url(language, "intake:follow"), language=language)
    page.fill("#id_reference", data.followed.reference)
    page.fill("#id_tracking_code", data.tracking_code)
    _continue(page)
    walk.inspect(page, language=language)
    for path in alert_public_paths(language):
        walk.visit(page, path, language=language)
    _walk_subscriptions(walk, page, language)
    walk.visit(page, _url(language, "stats:statistics"), language=language)
    reversed_range = urlencode({"from": "2025-06", "to": "2025-01"})
    statistics = f"{_url(language, 'stats:statistics')}?{reversed_range}"
    walk.visit(page, statistics, language=language, status=400)


def _walk_subscriptions(walk: Walk, page: Any, language: str) -> None:
    """Subscribing by SMS up to the code page, a link gone stale, and a subscriber's own page."""
    from vigilance.alerts.models_subscriptions import Subscriber
    from vigilance.alerts.services.subscriptions import subscriber_token

    walk.visit(page, _url(language, "alerts_subscriptions:subscribe"), language=language)
    page.check("#id_channel_1")
    page.fill("#id_address", "6 77 12")
    _continue(page)
    walk.inspect(page, language=language)
    page.fill("#id_address", "677 12 34 56")
    _continue(page)
    walk.inspect(page, language=language)
    stale = _url(language, "alerts_subscriptions:confirm_link", token="expired")
    walk.visit(page, stale, language=language, status=400)
    subscriber, _created = Subscriber.objects.get_or_create(
        channel="email", address=f"walk-{language}@example.cm", defaults={"language": language}
    )
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = subscriber.created_at
        subscriber.save(update_fields=["confirmed_at"])
    own = {"subscriber_id": subscriber.public_id, "token": subscriber_token(subscriber)}
    walk.visit(page, _url(language, "alerts_subscriptions:manage", **own), language=language)
    _walk_guidance(walk, page, language)


def _walk_guidance(walk: Walk, page: Any, language: str) -> None:
    """The wizard answered question by question (one that asks about the operator), its
    advice, and the published guides."""
    walk.visit(page, _url(language, "alerts_guidance:start"), language=language)
    for answer in ("#id_what_0", "#id_when_0", "#id_paid_0", "#id_provider_0"):
        page.check(answer)
        _continue(page)
        walk.inspect(page, language=language)
    guides = _url(language, "alerts_guidance:guide_list")
    walk.visit(page, guides, language=language)
    page.locator("main .guide-list a").first.click()
    page.wait_for_load_state()
    walk.inspect(page, language=language)


def _staff_pages(language: str, data: WalkData) -> Iterator[tuple[str, str]]:
    """(persona, path) of every staff page, each seen by someone whose work it is."""
    case = {"case_id": data.case.public_id}
    for name in ("cases:home", "cases:triage_queue", "cases:notifications", "cases:search"):
        yield "triage_officer", _url(language, name)
    yield "triage_officer", _url(language, "cases:report_detail", report_id=data.waiting.public_id)
    yield (
        "triage_officer",
        f"{_url(language, 'cases:search')}?{urlencode({'q': 'Douala'})}",
    )
    for name in ("cases:home", "cases:case_list", "cases:notifications"):
        yield "investigator_littoral", _url(language, name)
    yield "investigator_littoral", _url(language, "cases:case_detail", **case)
    yield "investigator_littoral", _url(language, "cases:case_cluster", **case)
    yield "investigator_littoral", _url(language, "cases:case_reports", **case)
    report = {"report_id": data.followed.public_id}
    yield "investigator_littoral", _url(language, "cases:report_detail", **report)
    yield "investigator_littoral", _url(language, "cases:report_cluster", **report)
    yield "investigator_centre", _url(language, "cases:case_detail", **case)
    yield "investigator_littoral", _url(language, "requisitions:case_requisitions", **case)
    for persona_name, requisition in (
        ("investigator_littoral", data.requisition_answered),
        ("supervisor_police", data.requisition_draft),
        ("mtn_responder", data.requisition_overdue),
    ):
        detail = {"requisition_id": requisition.public_id}
        yield persona_name, _url(language, "requisitions:requisition_detail", **detail)
    yield "supervisor_police", _url(language, "requisitions:overdue")
    yield "supervisor_police", _url(language, "requisitions:statistics")
    yield "magistrate", _url(language, "requisitions:authorisation_queue")
    yield "mtn_responder", _url(language, "requisitions:partner_desk")
    yield "investigator_littoral", _url(language, "requisitions:case_money_trail", **case)
    for persona_name, freeze in (
        ("investigator_littoral", data.freeze_moved_on),
        ("investigator_littoral", data.freeze_held),
        ("mtn_responder", data.freeze_sent),
    ):
        detail = {"freeze_id": freeze.public_id}
        yield persona_name, _url(language, "requisitions:freeze_detail", **detail)
    yield from outward_pages(language, data.case, data.followed)
    for name in (
        "indicators:staff_search",
        "indicators:staff_warning_list",
        "indicators:staff_disputes",
        "indicators:staff_early_warnings",
    ):
        yield "cirt_analyst", _url(language, name)
    indicator = {"indicator_id": data.indicator.pk}
    yield "cirt_analyst", _url(language, "indicators:staff_indicator", **indicator)
    yield "auditor", _url(language, "audit:event_list")
    yield "intake_officer", _url(language, "counter:report")
    for name in (
        "directory:routing_rule_list",
        "directory:routing_rule_create",
        "accounts:admin_organisation_list",
        "accounts:admin_unit_create",
        "accounts:admin_member_list",
        "accounts:admin_member_create",
        "accounts:admin_grant_list",
        "accounts:admin_api_key_list",
        "accounts:admin_api_key_create",
        "accounts:account",
        "accounts:confirm",
    ):
        yield "administrator_user", _url(language, name)
    admin_pages = (
        _url(language, "directory:routing_rule_edit", rule_id=data.rule.pk),
        _url(language, "accounts:admin_unit_edit", code="dgsn-cyber-lt"),
        _url(language, "accounts:admin_member_edit", user_id=data.case.lead_id),
        _url(language, "accounts:admin_grant_decide", grant_id=data.grant_id),
        _url(language, "accounts:admin_unit_move_decide", move_id=data.unit_move_id),
    )
    for path in admin_pages:
        yield "administrator_user", path
    yield from alert_staff_pages(language)
    yield "editor", _url(language, "alerts_waves:wave_list")
    yield "investigator_littoral", _url(language, "alerts_waves:wave_list")
    yield from _awareness_pages(language)
    yield "cirt_analyst", _url(language, "exchange:export")
    yield from partner_pages(language)
    yield from _exchange_import_pages(language)


def _awareness_pages(language: str) -> Iterator[tuple[str, str]]:
    """The editors' pages, on the demonstration guides and campaign (seeded once)."""
    from vigilance.alerts.demo_guidance import seed
    from vigilance.alerts.models_guidance import Campaign, Guide

    seed()
    guide, campaign = Guide.objects.order_by("pk").first(), Campaign.objects.get()
    for name in (
        "alerts_guidance:staff_advice_list",
        "alerts_guidance:staff_awareness",
        "alerts_guidance:staff_guide_create",
        "alerts_guidance:staff_campaign_create",
    ):
        yield "editor", _url(language, name)
    yield "editor", _url(language, "alerts_guidance:staff_advice_edit", key="keep_evidence")
    yield "editor", _url(language, "alerts_guidance:staff_guide_edit", slug=guide.slug)
    yield "editor", _url(language, "alerts_guidance:staff_campaign", slug=campaign.slug)
    yield "statistician", _url(language, "stats_staff:dashboard")
    yield (
        "supervisor_police",
        f"{_url(language, 'stats_staff:dashboard')}?{urlencode({'unit': 'dgsn-cyber-lt'})}",
    )
    yield "statistician", _url(language, "stats:annual_report")
    yield from _exchange_pages(language)


def _exchange_pages(language: str) -> Iterator[tuple[str, str]]:
    """The exchange collections, for a supervisor of the CIRT."""
    from vigilance.exchange.models import ExchangeCollection

    yield "cirt_supervisor", _url(language, "exchange:collection_list")
    yield "cirt_supervisor", _url(language, "exchange:collection_new")
    amber = ExchangeCollection.objects.get(slug="confirmed-amber")
    yield "cirt_supervisor", _url(language, "exchange:collection_detail", collection_id=amber.pk)


def _sign_in(browser: Any, base: str, name: str) -> dict[str, Any]:
    """Sign in once with the password and a one-time code; the session is reused after."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{base}/fr/staff/sign-in/")
    page.fill("#id_username", name)
    page.fill("#id_password", personas.PASSWORD)
    page.fill("#id_otp_token", personas.current_code(personas.persona(name)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "sign-in" not in url)
    state: dict[str, Any] = context.storage_state()
    context.close()
    return state


def test_every_page_reads_in_its_language_and_passes_axe(  # type: ignore[no-untyped-def]
    browser, live_server, settings
) -> None:
    data = walk_data_create()
    alerts_walk_data_create(SUSPECT_PHONE)
    walk = Walk(base=live_server.url, typed=data.typed)
    people = sorted({name for name, _path in _staff_pages("fr", data)} | {"investigator_centre"})
    sessions = {name: _sign_in(browser, live_server.url, name) for name in people}
    for language in LANGUAGES:
        public = browser.new_context(locale=LOCALES[language], bypass_csp=True)
        _walk_public(walk, public.new_page(), language, data)
        public.close()
        pages = list(_staff_pages(language, data))
        for name in people:
            context = browser.new_context(
                locale=LOCALES[language], bypass_csp=True, storage_state=sessions[name]
            )
            page = context.new_page()
            for persona_name, path in pages:
                if persona_name == name:
                    walk.visit(page, path, language=language)
            context.close()
    for language in LANGUAGES:
        context = browser.new_context(
            bypass_csp=True, storage_state=sessions["investigator_centre"]
        )
        export = _url(language, "cases:case_export", case_id=data.case.public_id)
        walk.visit(context.new_page(), export, language=language, status=403)
        context.close()
    settings.RATE_LOOKUP_PER_IP = "0/h"
    for language in LANGUAGES:
        context = browser.new_context(bypass_csp=True)
        check = urlencode({"type": "phone", "value": OFTEN_CHECKED})
        walk.visit(
            context.new_page(),
            f"{_url(language, 'indicators:check')}?{check}",
            language=language,
            status=429,
        )
        context.close()

    missing = page_route_names() - walk.walked - set(SKIPPED)
    walk.problems += [f"{name}: neither walked nor skipped with a reason" for name in missing]
    stale = set(SKIPPED) - page_route_names()
    walk.problems += [f"{name}: skipped but no longer a route" for name in stale]
    assert not walk.problems, walk.summary()


def _exchange_import_pages(language: str) -> Iterator[tuple[str, str]]:
    """Importing partners' files (analysts) and their TAXII feeds (supervisors)."""
    for name in ("exchange:imports", "exchange:import_new"):
        yield "cirt_analyst", _url(language, name)
    for name in ("exchange:sources", "exchange:source_new"):
        yield "supervisor_police", _url(language, name)
