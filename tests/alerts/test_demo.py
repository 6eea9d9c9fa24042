"""The demonstration alerts ``make run`` seeds: published in both languages by the two demo
editors (four eyes), one awaiting approval, the first shown by the public check; twice is once."""

import pytest
from django.test import Client

from tests import personas
from vigilance.accounts.models import User
from vigilance.alerts import demo_alerts
from vigilance.alerts.models import Alert, AlertStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_editors(editor: User) -> None:
    editor.username = demo_alerts.DRAFTER
    editor.save(update_fields=["username"])
    reviewer = personas.persona("second_editor")
    reviewer.username = demo_alerts.APPROVER
    reviewer.save(update_fields=["username"])


@pytest.mark.usefixtures("demo_editors")
def test_the_demo_publishes_five_alerts_and_leaves_one_in_review_once() -> None:
    demo_alerts.seed()
    demo_alerts.seed()
    assert Alert.objects.filter(status=AlertStatus.PUBLISHED).count() == 5
    assert Alert.objects.filter(status=AlertStatus.IN_REVIEW).count() == 1
    for alert in Alert.objects.filter(status=AlertStatus.PUBLISHED):
        assert alert.approved_by_id != alert.drafted_by_id
        assert Client().get(f"/fr/alerts/{alert.reference}/{alert.slug_fr}/").status_code == 200


@pytest.mark.usefixtures("demo_editors")
def test_the_public_check_shows_the_demo_alert_for_its_number() -> None:
    demo_alerts.seed()
    page = Client().get("/fr/check/", {"type": "phone", "value": demo_alerts.DEMO_PHONE})
    assert "Faux appels de remboursement" in page.content.decode()


def test_on_a_fresh_database_the_demo_makes_its_two_editors_in_the_communication_unit() -> None:
    demo_alerts.seed()
    editors = User.objects.filter(username__in=[demo_alerts.DRAFTER, demo_alerts.APPROVER])
    assert {(user.unit.code, tuple(user.roles)) for user in editors} == {
        ("antic-communication", ("editor",))
    }
    assert editors.count() == 2
    assert Alert.objects.filter(status=AlertStatus.PUBLISHED).count() == 5
