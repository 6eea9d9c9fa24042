"""The staff home page and the notifications page: what each role sees, and marking as read."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tests import personas
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases.models import Case, CaseTask, Notification
from vigilance.cases.selectors import workspace
from vigilance.cases.services import lifecycle, work
from vigilance.cases.services.notifications import notification_send
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db


def _routed(triage_officer: User, unit: str, **changes: object) -> Report:
    report = services.report_submit(draft=report_draft(**changes), channel="web").report
    return staff.report_route(report=report, unit=Unit.objects.get(code=unit), actor=triage_officer)


@pytest.fixture
def littoral_work(
    triage_officer: User, investigator_littoral: User, supervisor_police: User
) -> dict[str, object]:
    """A case led by the Littoral investigator with a task due today and an overdue one, and a
    report waiting in the unit's inbox."""
    case = lifecycle.case_open(
        report=_routed(triage_officer, "dgsn-cyber-lt"),
        actor=investigator_littoral,
        title="Faux vendeurs de téléphones",
    )
    today = timezone.localdate()
    due = work.case_task_add(
        case=case,
        title="Call the operator",
        actor=supervisor_police,
        assignee=investigator_littoral,
        due_date=today,
    )
    late = work.case_task_add(
        case=case,
        title="Hear the witness",
        actor=supervisor_police,
        assignee=investigator_littoral,
        due_date=today,
    )
    CaseTask.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=2))
    inbox = _routed(triage_officer, "dgsn-cyber-lt")
    return {"case": case, "due": due, "late": late, "inbox": inbox}


def test_the_home_page_shows_my_tasks_overdue_first_my_cases_and_my_unit_inbox(
    littoral_work: dict[str, object], investigator_littoral: User
) -> None:
    case, inbox = littoral_work["case"], littoral_work["inbox"]
    assert isinstance(case, Case)
    assert isinstance(inbox, Report)
    page = personas.signed_in_client(investigator_littoral).get(reverse("cases:home"))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("Hear the witness") < text.index("Call the operator")
    assert "workspace-overdue" in text
    assert "Due today" in text
    assert case.number in text
    assert "Faux vendeurs de téléphones" in text
    assert inbox.reference in text
    # The unread notifications, written in the person's own language (French by default).
    assert "Une tâche vous a été confiée" in text
    assert reverse("cases:triage_queue") not in text.split("</nav>", 1)[1]


def test_another_unit_sees_neither_my_tasks_nor_my_inbox(
    littoral_work: dict[str, object], investigator_centre: User
) -> None:
    case, inbox = littoral_work["case"], littoral_work["inbox"]
    assert isinstance(case, Case)
    assert isinstance(inbox, Report)
    text = personas.signed_in_client(investigator_centre).get(reverse("cases:home")).content
    assert case.number not in text.decode()
    assert inbox.reference not in text.decode()
    assert "Hear the witness" not in text.decode()


def test_the_triage_officer_sees_the_size_of_the_queue_without_tasks(
    triage_officer: User,
) -> None:
    services.report_submit(draft=report_draft(), channel="web")
    text = personas.signed_in_client(triage_officer).get(reverse("cases:home")).content.decode()
    assert 'id="home-triage"' in text
    assert "report waiting to be qualified and routed" in text
    assert 'id="home-tasks"' not in text


def test_the_queue_size_stops_at_a_bound(
    triage_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        services.report_submit(draft=report_draft(), channel="web")
    monkeypatch.setattr(workspace, "COUNT_CAP", 2)
    board = workspace.dashboard_for(user=triage_officer)
    assert board.triage_count is not None
    assert board.triage_count.is_capped
    assert str(board.triage_count) == "2+"


@pytest.mark.parametrize("name", ["mtn_responder", "auditor", "administrator_user"])
def test_roles_without_cases_get_a_short_page_of_their_own(name: str) -> None:
    person = personas.persona(name)
    text = personas.signed_in_client(person).get(reverse("cases:home")).content.decode()
    assert 'id="home-role"' in text
    for section in ("home-tasks", "home-cases", "home-inbox", "home-triage"):
        assert f'id="{section}"' not in text
    if name == "auditor":
        assert reverse("audit:event_list") in text


def test_the_home_page_needs_a_verified_sign_in(client: Client) -> None:
    answer = client.get(reverse("cases:home"))
    assert answer.status_code == 302
    assert reverse("accounts:sign_in") in answer["Location"]


def test_marking_a_notification_read_takes_a_post_and_only_ones_own(
    investigator_littoral: User, investigator_centre: User
) -> None:
    mine, theirs = notification_send(
        users=[investigator_littoral, investigator_centre], message=gettext_lazy("Case opened")
    )
    if mine.user_id != investigator_littoral.pk:
        mine, theirs = theirs, mine
    client = personas.signed_in_client(investigator_littoral)
    url = reverse("cases:notification_read", kwargs={"notification_id": mine.pk})
    assert client.get(url).status_code == 405
    answer = client.post(url, {"next": reverse("cases:home")})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("cases:home")
    mine.refresh_from_db()
    assert mine.read_at is not None
    other = reverse("cases:notification_read", kwargs={"notification_id": theirs.pk})
    assert client.post(other).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    outside = client.post(url, {"next": "https://evil.example.com/"})
    assert outside["Location"] == reverse("cases:notifications")


def test_the_notifications_page_lists_mine_and_marks_all_read(
    investigator_littoral: User, investigator_centre: User
) -> None:
    notification_send(users=[investigator_littoral], message=gettext_lazy("Case opened"))
    notification_send(users=[investigator_littoral], message=gettext_lazy("Task done"))
    notification_send(users=[investigator_centre], message=gettext_lazy("Note added"))
    client = personas.signed_in_client(investigator_littoral)
    text = client.get(reverse("cases:notifications")).content.decode()
    assert text.count("workspace-unread") == 2
    assert client.post(reverse("cases:notifications_read_all")).status_code == 302
    assert not Notification.objects.filter(user=investigator_littoral, read_at__isnull=True)
    assert Notification.objects.filter(user=investigator_centre, read_at__isnull=True).exists()
    text = client.get(reverse("cases:notifications")).content.decode()
    assert "workspace-unread" not in text
