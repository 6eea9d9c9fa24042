"""The takedown and requests-abroad pages of the page walk, with the requests they show: one
takedown sent to MTN (on its desk), one awaiting approval, one request abroad answered."""

from collections.abc import Iterator
from functools import cache

from django.urls import reverse
from django.utils import timezone, translation

from tests import personas
from vigilance.accounts.models import Organisation
from vigilance.cases.models import Case
from vigilance.intake.models import Report
from vigilance.requisitions.models_abroad import ForeignRequest
from vigilance.requisitions.models_takedown import TakedownRequest
from vigilance.requisitions.services import abroad, takedowns


@cache
def _requests(case_id: int) -> tuple[TakedownRequest, TakedownRequest, ForeignRequest]:
    case = Case.objects.get(pk=case_id)
    investigator = personas.persona("investigator_littoral")
    supervisor = personas.persona("supervisor_police")

    def drafted(target: str) -> TakedownRequest:
        return takedowns.takedown_draft(
            actor=investigator,
            case=case,
            addressee=Organisation.objects.get(code="mtn"),
            action="block",
            target_type="url",
            target=target,
            justification="Page d'hameçonnage imitant MTN MoMo, citée par les signalements.",
        )

    sent = takedowns.takedown_approve(
        actor=supervisor, takedown=drafted("https://momo-bonus.example.com/gain")
    )
    waiting = drafted("https://momo-cadeau.example.com/")
    foreign = abroad.foreign_request_approve(
        actor=supervisor,
        foreign_request=abroad.foreign_request_draft(
            actor=investigator,
            case=case,
            kind="preservation",
            country="IE",
            legal_basis="platform-policy",
            asked="Conserver les données du compte pendant 90 jours.",
            addressee_name="Meta Platforms Ireland",
        ),
    )
    abroad.foreign_request_record(
        actor=investigator,
        foreign_request=foreign,
        outcome="answered",
        on=timezone.localdate(),
        note="Données conservées.",
    )
    return sent, waiting, foreign


def outward_pages(language: str, case: Case, report: Report) -> Iterator[tuple[str, str]]:
    sent, waiting, foreign = _requests(case.pk)
    with translation.override(language):
        yield (
            "investigator_littoral",
            reverse("requisitions:case_takedowns", kwargs={"case_id": case.public_id}),
        )
        yield (
            "investigator_littoral",
            reverse("requisitions:report_takedown", kwargs={"report_id": report.public_id}),
        )
        yield (
            "investigator_littoral",
            reverse("requisitions:takedown_detail", kwargs={"takedown_id": sent.public_id}),
        )
        yield (
            "supervisor_police",
            reverse("requisitions:takedown_detail", kwargs={"takedown_id": waiting.public_id}),
        )
        yield (
            "investigator_littoral",
            reverse("requisitions:case_abroad", kwargs={"case_id": case.public_id}),
        )
        yield (
            "investigator_littoral",
            reverse(
                "requisitions:foreign_request_detail",
                kwargs={"foreign_request_id": foreign.public_id},
            ),
        )
