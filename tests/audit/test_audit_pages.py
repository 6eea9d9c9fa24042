"""The auditors' page and API: only auditors, filters, keyset pages, verification, all audited."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests import personas
from tests.audit.conftest import record_events
from tests.audit.guard import lift_append_only_guard
from vigilance.accounts.models import User
from vigilance.audit.checkpoints import audit_checkpoint_write
from vigilance.audit.models import AuditEvent
from vigilance.audit.services import audit_record
from vigilance.audit.web import views

pytestmark = pytest.mark.django_db

LIST_URL = "/fr/staff/audit/"
API_URL = "/api/v1/audit/events"


@pytest.fixture
def auditor_client(auditor: User) -> Client:
    return personas.signed_in_client(auditor)


def test_list_url_keeps_its_name() -> None:
    assert reverse("audit:event_list").endswith("/staff/audit/")


@pytest.mark.parametrize(
    "name", ["investigator_centre", "administrator_user", "mtn_responder", "triage_officer"]
)
def test_people_who_are_not_auditors_get_404_on_page_verify_and_api(name: str) -> None:
    client = personas.signed_in_client(personas.persona(name))

    assert client.get(LIST_URL).status_code == 404
    assert client.post("/fr/staff/audit/verify/").status_code == 404
    assert client.get(API_URL).status_code == 404
    assert not AuditEvent.objects.filter(action="audit.viewed").exists()


def test_signed_out_visitor_is_sent_to_sign_in() -> None:
    response = Client().get(LIST_URL)

    assert response.status_code == 302
    assert "/staff/sign-in/" in response["Location"]


def test_auditor_sees_events_newest_first_with_escaped_details(auditor_client: Client) -> None:
    audit_record(
        actor=None,
        actor_label="job:test",
        action="case.note_added",
        object_type="case",
        object_id="CAS-2026-000001",
        details={"note": "<script>alert(1)</script>"},
        address="197.159.2.10",
    )
    latest = record_events(1, action="evidence.read")[0]

    response = auditor_client.get(LIST_URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("evidence.read") < body.index("case.note_added")
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "CAS-2026-000001" in body
    assert "197.159.2.10" in body
    assert latest.hash[:12] in body
    assert latest.hash not in body.replace(f'"{latest.hash}"', "")


def test_times_are_shown_in_douala(auditor_client: Client) -> None:
    event = record_events(1)[0]
    douala = event.at.astimezone(dt.timezone(dt.timedelta(hours=1)))

    body = auditor_client.get(LIST_URL).content.decode()

    assert douala.strftime("%Y-%m-%d %H:%M:%S") in body


def test_filters_narrow_the_list(auditor_client: Client, auditor: User) -> None:
    record_events(2, action="evidence.read")
    record_events(2, action="case.opened")
    audit_record(actor=auditor, action="report.viewed", object_type="report", object_id="R-1")

    def actions(**filters: str) -> set[str]:
        response = auditor_client.get(LIST_URL, filters)
        return {row["event"].action for row in response.context["rows"]}

    assert actions(action="evidence.") == {"evidence.read"}
    # The auditor's own earlier views are in the trail too, and match their name.
    assert actions(actor="AUDITOR") == {"report.viewed", "audit.viewed"}
    assert actions(object_type="report", object_id="R-1") == {"report.viewed"}


def test_date_filters_use_douala_days(auditor_client: Client) -> None:
    record_events(1, action="test.today")
    today = AuditEvent.objects.get(action="test.today").at.astimezone(
        dt.timezone(dt.timedelta(hours=1))
    )
    tomorrow = today.date() + dt.timedelta(days=1)

    included = auditor_client.get(
        LIST_URL, {"date_from": today.date().isoformat(), "date_to": today.date().isoformat()}
    )
    excluded = auditor_client.get(LIST_URL, {"date_from": tomorrow.isoformat()})

    assert "test.today" in included.content.decode()
    assert "test.today" not in excluded.content.decode()


def test_bad_filters_answer_400_with_a_message(auditor_client: Client) -> None:
    response = auditor_client.get(LIST_URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    garbage = auditor_client.get(LIST_URL, {"before": "abc", "date_from": "not a date"})

    assert response.status_code == 400
    assert garbage.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_keyset_pages_reach_older_events_without_repeating(
    auditor_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    record_events(7, action="test.page")

    first = auditor_client.get(LIST_URL, {"action": "test.page"})
    older_query = first.context["older_query"]
    second = auditor_client.get(f"{LIST_URL}?{older_query}")
    third = auditor_client.get(f"{LIST_URL}?{second.context['older_query']}")

    pages = [[row["event"].sequence for row in r.context["rows"]] for r in (first, second, third)]
    assert "action=test.page" in older_query
    assert pages[0] == sorted(pages[0], reverse=True)
    flat = pages[0] + pages[1] + pages[2]
    assert len(flat) == len(set(flat)) == 7
    assert third.context["older_query"] == ""


def test_viewing_the_trail_is_itself_audited_with_the_filters(
    auditor_client: Client, auditor: User
) -> None:
    auditor_client.get(LIST_URL, {"action": "evidence.", "actor": "x"})

    viewed = AuditEvent.objects.get(action="audit.viewed")
    assert viewed.actor_id == auditor.pk
    assert viewed.details["filters"] == {"action": "evidence.", "actor": "x"}


def test_page_offers_no_way_to_change_events(auditor_client: Client) -> None:
    record_events(1)

    body = auditor_client.get(LIST_URL).content.decode()

    assert body.count('method="post"') == 1  # the verification, which changes nothing
    assert auditor_client.post(LIST_URL).status_code == 405


def test_verify_button_shows_the_chain_is_intact(auditor_client: Client) -> None:
    record_events(3)
    audit_checkpoint_write()

    response = auditor_client.post("/en/staff/audit/verify/")

    assert response.status_code == 200
    assert "The audit chain is intact" in response.content.decode()
    assert AuditEvent.objects.filter(action="audit.verified", details__intact=True).exists()


def test_verify_button_names_an_altered_event(auditor_client: Client) -> None:
    record_events(3)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=2).update(action="test.forged")

    response = auditor_client.post("/en/staff/audit/verify/")

    assert "Event 2 has been altered" in response.content.decode()


def test_api_lists_events_with_filters_and_a_before_cursor(auditor_client: Client) -> None:
    events = record_events(5, action="evidence.read")

    first = auditor_client.get(API_URL, {"action": "evidence.", "limit": "2"}).json()
    cursor = str(first["next_before"])
    second = auditor_client.get(
        API_URL, {"action": "evidence.", "limit": "2", "before": cursor}
    ).json()

    assert [item["sequence"] for item in first["items"]] == [events[4].sequence, events[3].sequence]
    assert [item["sequence"] for item in second["items"]] == [
        events[2].sequence,
        events[1].sequence,
    ]
    assert first["items"][0]["hash"] == events[4].hash
    assert AuditEvent.objects.filter(action="audit.viewed").count() == 2


def test_api_refuses_bad_parameters_with_422(auditor_client: Client) -> None:
    assert auditor_client.get(API_URL, {"before": "abc"}).status_code == 422
    assert auditor_client.get(API_URL, {"limit": 100000}).status_code == 422
    reversed_dates = auditor_client.get(
        API_URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert reversed_dates.status_code == 422
    assert reversed_dates.json()["error"]["fields"]["date_to"]


def test_api_needs_a_signed_in_session() -> None:
    assert Client().get(API_URL).status_code == 401
