"""Writing, approving, updating and withdrawing alerts, as the services enforce it."""

import pytest
from django.db import IntegrityError, transaction

from tests.alerts.factories import content, published_alert
from vigilance.accounts.models import User
from vigilance.alerts.models import Alert, AlertSource, AlertStatus
from vigilance.alerts.services.alerts import (
    alert_change,
    alert_draft,
    alert_publish,
    alert_submit,
    alert_update,
    alert_withdraw,
)
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotAllowed

pytestmark = pytest.mark.django_db


def test_a_draft_gets_a_reference_and_slugs_in_both_languages(editor: User) -> None:
    alert = alert_draft(actor=editor, content=content())
    assert alert.reference.startswith("ALR-")
    assert alert.slug_fr == "faux-remboursements-momo"
    assert alert.slug_en == "fake-momo-refunds"
    assert alert.status == AlertStatus.DRAFT
    assert AuditEvent.objects.filter(action="alert.drafted", object_id=alert.reference).exists()


def test_an_alert_without_its_english_text_is_refused_naming_each_field(editor: User) -> None:
    with pytest.raises(InvalidAction) as refused:
        alert_draft(actor=editor, content=content(title_en=" ", body_en=""))
    assert set(refused.value.fields) == {"title_en", "body_en"}
    assert not Alert.objects.exists()


def test_a_public_alert_is_tlp_clear(editor: User) -> None:
    with pytest.raises(InvalidAction) as refused:
        alert_draft(actor=editor, content=content(tlp="amber"))
    assert "tlp" in refused.value.fields


def test_only_editors_draft(investigator_centre: User, supervisor_police: User) -> None:
    for person in (investigator_centre, supervisor_police):
        with pytest.raises(NotAllowed):
            alert_draft(actor=person, content=content())


def test_the_drafter_never_publishes_their_own_alert(editor: User) -> None:
    alert = alert_submit(actor=editor, alert=alert_draft(actor=editor, content=content()))
    with pytest.raises(NotAllowed):
        alert_publish(actor=editor, alert=alert)
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.IN_REVIEW


def test_the_database_refuses_an_approval_by_the_drafter(editor: User) -> None:
    alert = alert_draft(actor=editor, content=content())
    alert.approved_by = editor
    with pytest.raises(IntegrityError), transaction.atomic():
        alert.save(update_fields=["approved_by"])


def test_a_second_editor_publishes_and_the_first_version_is_kept(
    editor: User, second_editor: User
) -> None:
    alert = published_alert(editor, second_editor)
    assert alert.status == AlertStatus.PUBLISHED
    assert alert.approved_by == second_editor
    assert alert.published_at is not None
    assert [version.number for version in alert.versions.all()] == [1]
    assert AuditEvent.objects.filter(action="alert.published", actor_id=second_editor.pk).exists()


def test_a_supervisor_outside_the_communication_unit_does_not_publish(
    editor: User, supervisor_police: User
) -> None:
    alert = alert_submit(actor=editor, alert=alert_draft(actor=editor, content=content()))
    with pytest.raises(NotAllowed):
        alert_publish(actor=supervisor_police, alert=alert)


def test_only_a_draft_in_review_is_published(editor: User, second_editor: User) -> None:
    alert = alert_draft(actor=editor, content=content())
    with pytest.raises(InvalidAction):
        alert_publish(actor=second_editor, alert=alert)


def test_changing_an_alert_in_review_sends_it_back_to_draft(
    editor: User, second_editor: User
) -> None:
    alert = alert_submit(actor=editor, alert=alert_draft(actor=editor, content=content()))
    changed = alert_change(actor=second_editor, alert=alert, content=content(title_en="New"))
    assert changed.status == AlertStatus.DRAFT
    assert changed.slug_en == "new"


def test_a_detection_draft_counts_its_submitter_as_drafter(
    editor: User, second_editor: User
) -> None:
    alert = alert_draft(actor=None, content=content(), source=AlertSource.DETECTION)
    assert alert.drafted_by is None
    alert = alert_submit(actor=editor, alert=alert)
    assert alert.drafted_by == editor
    with pytest.raises(NotAllowed):
        alert_publish(actor=editor, alert=alert)
    assert alert_publish(actor=second_editor, alert=alert).status == AlertStatus.PUBLISHED


def test_an_update_keeps_the_address_and_adds_a_version(editor: User, second_editor: User) -> None:
    alert = published_alert(editor, second_editor)
    slugs = (alert.slug_fr, alert.slug_en)
    updated = alert_update(
        actor=editor,
        alert=alert,
        content=content(title_en="Fake MoMo refunds: new numbers", severity="urgent"),
        note="New numbers",
    )
    assert (updated.slug_fr, updated.slug_en) == slugs
    assert updated.version == 2
    assert updated.updated_at is not None
    versions = list(updated.versions.order_by("number"))
    assert [v.title_en for v in versions] == ["Fake MoMo refunds", "Fake MoMo refunds: new numbers"]


def test_withdrawal_needs_a_reason_and_is_audited(editor: User, second_editor: User) -> None:
    alert = published_alert(editor, second_editor)
    with pytest.raises(InvalidAction):
        alert_withdraw(actor=editor, alert=alert, reason="  ")
    withdrawn = alert_withdraw(actor=editor, alert=alert, reason="The scam has stopped.")
    assert withdrawn.status == AlertStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="alert.withdrawn", object_id=alert.reference).exists()


def test_identifiers_are_stored_and_replaced(editor: User) -> None:
    alert = alert_draft(actor=editor, content=content(identifiers=[("phone", "+237677102030")]))
    assert list(alert.identifiers.values_list("type", "value")) == [("phone", "+237677102030")]
    alert_change(
        actor=editor, alert=alert, content=content(identifiers=[("domain", "x.example.com")])
    )
    assert list(alert.identifiers.values_list("type", "value")) == [("domain", "x.example.com")]
