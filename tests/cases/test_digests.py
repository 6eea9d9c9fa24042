"""The daily digest (one e-mail per person, in their language, once) and the deadline notices
(once per task and per day), run as the periodic jobs run them."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.cases import tasks
from vigilance.cases.models import Case, CaseTask, Notification
from vigilance.cases.services import lifecycle, work
from vigilance.cases.services.digests import deadlines_notify
from vigilance.cases.services.notifications import notification_send
from vigilance.intake import services, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_and_english(investigator_centre: User, investigator_littoral: User) -> list[User]:
    investigator_centre.language = "fr"
    investigator_littoral.language = "en"
    for person in (investigator_centre, investigator_littoral):
        person.save(update_fields=["language"])
    notification_send(
        users=[investigator_centre, investigator_littoral],
        message=gettext_lazy("Report attached"),
        url="/fr/staff/",
    )
    notification_send(users=[investigator_centre], message=gettext_lazy("Case opened"))
    return [investigator_centre, investigator_littoral]


def test_the_digest_sends_one_email_per_person_in_their_language(
    french_and_english: list[User],
) -> None:
    centre, littoral = french_and_english
    assert tasks.send_daily_digests() == 2
    assert len(mail.outbox) == 2
    by_person = {message.to[0]: message for message in mail.outbox}
    french, english = by_person[centre.email], by_person[littoral.email]
    # Rendered in each person's language: the workspace address follows it; dates read day first.
    assert "/fr/staff/" in french.body
    assert "/en/staff/" not in french.body
    assert "/en/staff/" in english.body
    sent = timezone.localtime(
        Notification.objects.filter(user=centre).earliest("created_at").created_at
    )
    assert sent.strftime("%d/%m/%Y") in french.body
    assert sent.strftime("%d/%m/%Y") in english.body
    assert french.body.count("\n- ") == 2
    assert english.body.count("\n- ") == 1
    assert "Report attached" in english.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_the_digest_is_idempotent_and_skips_what_was_read(
    french_and_english: list[User],
) -> None:
    centre, littoral = french_and_english
    Notification.objects.filter(user=littoral).update(read_at=timezone.now())
    assert tasks.send_daily_digests() == 1
    assert [message.to for message in mail.outbox] == [[centre.email]]
    assert tasks.send_daily_digests() == 0
    assert len(mail.outbox) == 1
    notification_send(users=[centre], message=gettext_lazy("Case opened"))
    assert tasks.send_daily_digests() == 1
    assert mail.outbox[1].to == [centre.email]
    assert mail.outbox[1].body.count("\n- ") == 1


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    report = services.report_submit(draft=report_draft(), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=investigator_littoral)


def test_deadlines_notify_each_assignee_once_a_day(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    today = timezone.localdate()
    due = work.case_task_add(
        case=case,
        title="Requisition",
        actor=supervisor_police,
        assignee=investigator_littoral,
        due_date=today,
    )
    late = work.case_task_add(
        case=case,
        title="Hear the victim",
        actor=supervisor_police,
        assignee=investigator_littoral,
        due_date=today,
    )
    CaseTask.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=3))
    done = work.case_task_add(
        case=case,
        title="Done already",
        actor=supervisor_police,
        assignee=investigator_littoral,
        due_date=today,
    )
    work.case_task_complete(case=case, task_id=done.pk, actor=investigator_littoral)
    later = work.case_task_add(
        case=case,
        title="Next week",
        actor=supervisor_police,
        assignee=investigator_littoral,
        due_date=today + dt.timedelta(days=7),
    )
    before = set(Notification.objects.values_list("pk", flat=True))

    assert tasks.notify_deadlines_due() == 2
    new = Notification.objects.exclude(pk__in=before).filter(user=investigator_littoral)
    assert {item.url.rsplit("#", 1)[1] for item in new} == {f"task-{due.pk}", f"task-{late.pk}"}
    assert any("Requisition" in item.message for item in new)
    assert f"task-{later.pk}" not in str([item.url for item in new])

    assert tasks.notify_deadlines_due() == 0
    assert deadlines_notify(today=today + dt.timedelta(days=1)) == 2
