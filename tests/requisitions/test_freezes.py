"""Wallet freezes through the services: asked from a case, answered by the issuer, followed down
the money trail, and the need-to-know around them."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from vigilance.accounts.models import Organisation, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.requisitions import access
from vigilance.requisitions.models import FreezeRequest, FreezeStatus
from vigilance.requisitions.selectors import freezes as selectors
from vigilance.requisitions.services import freezes

pytestmark = pytest.mark.django_db

MTN_WALLET = "+237677123456"
ORANGE_WALLET = "+237699112233"
BANK_WALLET = "+237655443322"


def ask(case: Case, actor: User, *, amount: int = 50_000, issuer: str = "mtn") -> FreezeRequest:
    return freezes.freeze_request_create(
        actor=actor,
        case=case,
        issuer=Organisation.objects.get(code=issuer),
        account="6 77 12 34 56",
        sender_account="699 00 00 01",
        transaction_reference="MP241206.1234.A56789",
        amount_asked=amount,
    )


@pytest.fixture
def trail(
    case: Case, investigator_littoral: User, mtn_responder: User, orange_responder: User
) -> tuple[FreezeRequest, FreezeRequest]:
    """MTN's wallet passed 40 000 on to an Orange wallet, where 30 000 were held."""
    first = ask(case, investigator_littoral)
    freezes.freeze_answer(
        actor=mtn_responder,
        freeze=first,
        outcome=FreezeStatus.MOVED_ON,
        amount=40_000,
        next_issuer=Organisation.objects.get(code="orange"),
        next_account="699 11 22 33",
    )
    second = FreezeRequest.objects.get(parent=first)
    freezes.freeze_answer(
        actor=orange_responder, freeze=second, outcome=FreezeStatus.HELD, amount=30_000
    )
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def test_a_freeze_from_a_case_is_sent_at_once_with_a_four_hour_deadline(
    case: Case, investigator_littoral: User
) -> None:
    freeze = ask(case, investigator_littoral)
    assert freeze.reference.startswith("GEL-")
    assert freeze.reference.endswith("-000001")
    assert freeze.status == FreezeStatus.SENT
    assert freeze.account == MTN_WALLET
    assert freeze.sent_at is not None
    assert freeze.deadline is not None
    assert round((freeze.deadline - freeze.sent_at).total_seconds()) == 4 * 3600
    event = AuditEvent.objects.get(action="freeze.requested", object_id=freeze.reference)
    assert event.actor_id == investigator_littoral.pk


def test_a_large_loss_waits_for_a_supervisor_who_is_not_the_drafter(
    case: Case, investigator_littoral: User, supervisor_police: User, mtn_responder: User, settings
) -> None:
    settings.FREEZE_APPROVAL_THRESHOLD_XAF = 100_000
    freeze = ask(case, investigator_littoral, amount=2_000_000)
    assert freeze.status == FreezeStatus.AWAITING_APPROVAL
    # The issuer does not see it before it is sent.
    assert not access.freezes_visible_to(mtn_responder).filter(pk=freeze.pk).exists()
    with pytest.raises(NotAllowed):
        freezes.freeze_approve(actor=investigator_littoral, freeze=freeze)
    freeze = freezes.freeze_approve(actor=supervisor_police, freeze=freeze)
    assert freeze.status == FreezeStatus.SENT
    assert freeze.approved_by == supervisor_police
    assert access.freezes_visible_to(mtn_responder).filter(pk=freeze.pk).exists()


def test_moved_on_opens_the_next_freeze_to_the_other_issuer_linked_by_parent(
    trail: tuple[FreezeRequest, FreezeRequest],
) -> None:
    first, second = trail
    assert first.status == FreezeStatus.MOVED_ON
    assert second.parent == first
    assert second.issuer.code == "orange"
    assert second.account == ORANGE_WALLET
    assert second.sender_account == MTN_WALLET
    assert second.amount_asked == 40_000
    assert second.status == FreezeStatus.HELD
    assert second.amount_held == 30_000
    assert AuditEvent.objects.filter(action="freeze.moved_on", object_id=first.reference).exists()
    assert AuditEvent.objects.filter(action="freeze.held", object_id=second.reference).exists()


def test_the_case_shows_the_three_layer_chain_with_its_totals(
    trail: tuple[FreezeRequest, FreezeRequest],
    investigator_littoral: User,
    mtn_responder: User,
) -> None:
    first, second = trail
    # The Orange wallet's money moved on once more, to a third wallet, still at MTN.
    third = ask(first.case, investigator_littoral, amount=10_000)
    third.parent = second
    third.save(update_fields=["parent"])
    trail_ = selectors.money_trail(case=first.case)
    assert [(node.freeze.reference, node.depth) for node in trail_.nodes] == [
        (first.reference, 0),
        (second.reference, 1),
        (third.reference, 2),
    ]
    assert trail_.held == 30_000
    assert trail_.returned == 0
    assert trail_.lost == selectors.case_loss(first.case)
    assert selectors.freeze_chain(second) == [first, second, third]


def test_the_victim_reads_the_amount_held_then_returned(
    trail: tuple[FreezeRequest, FreezeRequest], investigator_littoral: User
) -> None:
    _, second = trail
    report = second.case.case_reports.get().report
    assert selectors.report_amounts(report=report) == (30_000, 0)
    freezes.freeze_return(
        actor=investigator_littoral, freeze=second, authority="Procureur de Douala"
    )
    second.refresh_from_db()
    assert second.status == FreezeStatus.RETURNED
    assert second.amount_returned == 30_000
    assert second.ordering_authority == "Procureur de Douala"
    assert selectors.report_amounts(report=report) == (30_000, 30_000)


def test_a_release_names_the_authority_that_ordered_it(
    trail: tuple[FreezeRequest, FreezeRequest], investigator_littoral: User
) -> None:
    _, second = trail
    with pytest.raises(InvalidAction):
        freezes.freeze_release(actor=investigator_littoral, freeze=second, authority=" ")
    freezes.freeze_release(
        actor=investigator_littoral, freeze=second, authority="Juge d'instruction"
    )
    second.refresh_from_db()
    assert second.status == FreezeStatus.RELEASED
    event = AuditEvent.objects.get(action="freeze.released", object_id=second.reference)
    assert event.details["authority"] == "Juge d'instruction"


def test_an_orange_responder_cannot_see_or_answer_mtn_freeze(
    case: Case, investigator_littoral: User, orange_responder: User
) -> None:
    freeze = ask(case, investigator_littoral)
    with pytest.raises(NotFound):
        access.freeze_get_for_user(user=orange_responder, freeze_id=str(freeze.public_id))
    with pytest.raises(NotFound):
        freezes.freeze_answer(
            actor=orange_responder, freeze=freeze, outcome=FreezeStatus.HELD, amount=1
        )


def test_a_held_amount_above_the_amount_asked_is_refused_in_the_person_language(
    case: Case, investigator_littoral: User, mtn_responder: User
) -> None:
    freeze = ask(case, investigator_littoral, amount=50_000)
    with pytest.raises(InvalidAction) as refused:
        freezes.freeze_answer(
            actor=mtn_responder, freeze=freeze, outcome=FreezeStatus.HELD, amount=60_000
        )
    assert "cannot exceed the amount asked" in str(refused.value)
    with translation.override("fr"), pytest.raises(InvalidAction) as refused_fr:
        freezes.freeze_answer(
            actor=mtn_responder, freeze=freeze, outcome=FreezeStatus.HELD, amount=60_000
        )
    assert "ne peut pas dépasser" in str(refused_fr.value)
    freeze.refresh_from_db()
    assert freeze.status == FreezeStatus.SENT
    assert freeze.amount_held is None


def test_the_database_refuses_a_held_amount_above_the_amount_asked(
    case: Case, investigator_littoral: User
) -> None:
    freeze = ask(case, investigator_littoral, amount=50_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        FreezeRequest.objects.filter(pk=freeze.pk).update(amount_held=50_001)


def test_a_freeze_is_answered_once(
    case: Case, investigator_littoral: User, mtn_responder: User
) -> None:
    freeze = ask(case, investigator_littoral)
    freezes.freeze_answer(
        actor=mtn_responder, freeze=freeze, outcome=FreezeStatus.ALREADY_WITHDRAWN
    )
    with pytest.raises(InvalidAction):
        freezes.freeze_answer(
            actor=mtn_responder, freeze=freeze, outcome=FreezeStatus.INSUFFICIENT_FUNDS
        )


def test_the_desk_lists_the_organisation_freezes_waiting_and_no_other(
    case: Case, investigator_littoral: User, mtn_responder: User, orange_responder: User
) -> None:
    freeze = ask(case, investigator_littoral)
    assert selectors.freezes_for_desk(user=mtn_responder) == [freeze]
    assert selectors.freezes_for_desk(user=orange_responder) == []
    assert selectors.freezes_for_desk(user=investigator_littoral) == []


def test_investigators_see_freezes_of_the_cases_they_see_only(
    case: Case, investigator_littoral: User, investigator_centre: User
) -> None:
    freeze = ask(case, investigator_littoral)
    assert access.freezes_visible_to(investigator_littoral).filter(pk=freeze.pk).exists()
    assert not access.freezes_visible_to(investigator_centre).filter(pk=freeze.pk).exists()
