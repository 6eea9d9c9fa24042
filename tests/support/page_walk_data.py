"""A small but complete day of work for the page walk: reports in triage, a case with tasks, a
note, a share, a message to the victim and a linked report, an indicator confirmed as fraud and
disputed, values checked often, an access change waiting for approval.

Every text a person would type is French here and listed in ``WalkData.typed``, so the walk can
tell what people wrote from the interface's own words.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from tests import personas
from tests.factories import report_draft
from tests.intake.test_receipts import PNG
from vigilance.accounts.models import Organisation, Role, Unit, User
from vigilance.accounts.services.grants import role_grant_request
from vigilance.accounts.services.unit_moves import unit_move_request
from vigilance.alerts.models_waves import WaveFinding, WaveKind
from vigilance.cases.models import Case, CaseStatus
from vigilance.cases.services import lifecycle, work
from vigilance.directory.models import RoutingRule
from vigilance.evidence.services import IncomingFile
from vigilance.indicators.models import Dispute, Indicator, IndicatorStatus, LookupTally
from vigilance.indicators.services import indicator_set_status
from vigilance.intake import services, staff
from vigilance.intake.models import Channel, Report
from vigilance.requisitions.models import (
    FreezeRequest,
    FreezeStatus,
    LegalBasis,
    Requisition,
    RequisitionKind,
    Urgency,
)
from vigilance.requisitions.services import freezes as freeze_services
from vigilance.requisitions.services import workflow as requisition_workflow

SUSPECT_PHONE = "+237 6 99 88 77 66"
OFTEN_CHECKED = "+237655443322"
DESCRIPTION = "Un faux agent m'a appelé à Douala et j'ai envoyé 75 000 F par mobile money."
CASE_TITLE = "Faux agent de Douala"
TASK = "Requérir l'opérateur pour le titulaire"
NOTE = "La victime confirme le montant du transfert."
SHARE_REASON = "Le suspect vit à Yaoundé"
MESSAGE = "Nous avons identifié le titulaire du numéro."
STATUS_REASON = "Titulaire identifié par réquisition."
STATEMENT = "Ce numéro est celui de ma boutique depuis 2019."
ANSWER = "Titulaire identifié : Paul Nkodo, abonné depuis 2021."
ANSWER_FILE = "fiche-abonne.png"
TYPED = (
    "Awa Mbarga",
    "Jean Ekwalla",
    "Boutique Ndongo",
    DESCRIPTION,
    CASE_TITLE,
    TASK,
    NOTE,
    SHARE_REASON,
    MESSAGE,
    STATUS_REASON,
    STATEMENT,
    ANSWER,
    ANSWER_FILE,
    # Some personas' logins are spelled like role codes; a page may show a login as it was typed.
    *personas.PERSONAS,
)


SURNAMES = {
    "triage_officer": "Atangana",
    "intake_officer": "Ngo Bassa",
    "investigator_centre": "Bello",
    "investigator_littoral": "Ekwalla",
    "gendarme_north": "Hamadou",
    "supervisor_police": "Mbarga",
    "cirt_analyst": "Ayuk",
    "mtn_responder": "Moussa",
    "orange_responder": "Nkoulou",
    "auditor": "Fouda",
    "administrator_user": "Essomba",
    "magistrate": "Ndjana",
    "editor": "Eyenga",
    "second_editor": "Tabi",
    "statistician": "Njoya",
    "cirt_supervisor": "Nkodo",
}


@dataclass
class WalkData:
    followed: Report
    tracking_code: str
    waiting: Report
    case: Case
    indicator: Indicator
    rule: RoutingRule
    grant_id: int
    unit_move_id: int
    requisition_answered: Requisition
    requisition_draft: Requisition
    requisition_overdue: Requisition
    freeze_moved_on: FreezeRequest
    freeze_held: FreezeRequest
    freeze_sent: FreezeRequest
    typed: tuple[str, ...] = field(default=TYPED)


def _filed(region: str, name: str) -> services.SubmittedReport:
    return services.report_submit(
        draft=report_draft(
            region=region,
            description=DESCRIPTION,
            language="fr",
            category="mobile_money_fraud",
            reporter=services.ReporterInput(name=name, phone="677 12 34 56"),
            identifiers=[services.IdentifierInput(type="phone", value=SUSPECT_PHONE)],
        ),
        channel=Channel.WEB,
    )


def walk_data_create() -> WalkData:
    triage = personas.persona("triage_officer")
    investigator = personas.persona("investigator_littoral")
    analyst = personas.persona("cirt_analyst")
    for name in personas.PERSONAS:
        # Pages name people by their full name, as in a real directory.
        person = personas.persona(name)
        person.first_name, person.last_name = "Agent", SURNAMES[name]
        person.save(update_fields=["first_name", "last_name"])
    littoral = Unit.objects.get(code="dgsn-cyber-lt")
    followed = _filed("LT", "Awa Mbarga")
    linked = _filed("LT", "Jean Ekwalla")
    waiting = _filed("CE", "Awa Mbarga")
    for submitted in (followed, linked):
        staff.report_route(report=submitted.report, unit=littoral, actor=triage)
    case = lifecycle.case_open(report=followed.report, actor=investigator, title=CASE_TITLE)
    lifecycle.case_attach_report(case=case, report=linked.report, actor=investigator)
    lifecycle.case_transition(case=case, status=CaseStatus.INVESTIGATING, actor=investigator)
    work.case_task_add(
        case=case,
        title=TASK,
        actor=investigator,
        assignee=investigator,
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    work.case_note_add(case=case, body=NOTE, actor=investigator)
    work.case_share_add(
        case=case,
        user=personas.persona("investigator_centre"),
        reason=SHARE_REASON,
        expires_at=timezone.now() + dt.timedelta(days=10),
        actor=investigator,
    )
    work.case_message_victim(case=case, report=followed.report, text=MESSAGE, actor=investigator)
    indicator = Indicator.objects.get(type="phone", value="+237699887766")
    indicator_set_status(
        indicator=indicator,
        status=IndicatorStatus.CONFIRMED_FRAUD,
        reason=STATUS_REASON,
        actor=analyst,
    )
    Dispute.objects.create(
        indicator=indicator,
        name="Boutique Ndongo",
        contact="+237 6 77 00 11 22",
        statement=STATEMENT,
    )
    LookupTally.objects.create(day=timezone.localdate(), type="phone", value=OFTEN_CHECKED, count=9)
    grant = role_grant_request(
        actor=personas.persona("auditor"),
        user=personas.persona("intake_officer"),
        unit=Unit.objects.get(code="coord-counter-yde"),
        roles=[Role.INTAKE_OFFICER, Role.INVESTIGATOR],
    )
    unit_move = unit_move_request(
        actor=personas.persona("auditor"),
        unit=Unit.objects.get(code="dgsn-cyber-lt"),
        parent=Unit.objects.get(code="dgsn-cyber-ce"),
    )
    answered, draft, overdue = _requisitions(case, investigator)
    moved_on, held, sent = _freezes(case, investigator)
    _scam_wave(followed.report)
    return WalkData(
        followed=followed.report,
        tracking_code=followed.tracking_code,
        waiting=waiting.report,
        case=case,
        indicator=indicator,
        rule=RoutingRule.objects.order_by("pk").first(),  # type: ignore[arg-type]
        grant_id=grant.pk,
        unit_move_id=unit_move.pk,
        requisition_answered=answered,
        requisition_draft=draft,
        requisition_overdue=overdue,
        freeze_moved_on=moved_on,
        freeze_held=held,
        freeze_sent=sent,
    )


def _freezes(case: Case, investigator: User) -> tuple[FreezeRequest, FreezeRequest, FreezeRequest]:
    """The money trail of the case: MTN's wallet passed the money on to an Orange wallet, where
    30 000 FCFA were held; a second freeze to MTN still waits for its answer."""

    def asked(wallet: str, amount: int) -> FreezeRequest:
        return freeze_services.freeze_request_create(
            actor=investigator,
            case=case,
            issuer=Organisation.objects.get(code="mtn"),
            account=wallet,
            sender_account="677 12 34 56",
            transaction_reference="MP241206.1234.A56789",
            amount_asked=amount,
        )

    moved_on = asked("677 55 44 33", 50_000)
    freeze_services.freeze_answer(
        actor=personas.persona("mtn_responder"),
        freeze=moved_on,
        outcome=FreezeStatus.MOVED_ON,
        amount=40_000,
        next_issuer=Organisation.objects.get(code="orange"),
        next_account="699 11 22 33",
    )
    held = FreezeRequest.objects.get(parent=moved_on)
    freeze_services.freeze_answer(
        actor=personas.persona("orange_responder"),
        freeze=held,
        outcome=FreezeStatus.HELD,
        amount=30_000,
    )
    return moved_on, held, asked("677 66 55 44", 20_000)


def _requisitions(case: Case, investigator: User) -> tuple[Requisition, Requisition, Requisition]:
    """To MTN on the case: one answered with a file, one draft, one sent and now overdue."""
    supervisor = personas.persona("supervisor_police")

    def drafted(kind: str, urgency: str = Urgency.NORMAL) -> Requisition:
        return requisition_workflow.requisition_draft(
            actor=investigator,
            case=case,
            addressee=Organisation.objects.get(code="mtn"),
            kind=kind,
            identifiers=[("phone", SUSPECT_PHONE)],
            legal_basis=LegalBasis.objects.get(code="law-2010-012-art-25"),
            urgency=urgency,
            period_from=timezone.localdate() - dt.timedelta(days=30),
            period_to=timezone.localdate(),
        )

    answered = requisition_workflow.requisition_approve(
        actor=supervisor, requisition=drafted(RequisitionKind.SUBSCRIBER_IDENTITY)
    )
    requisition_workflow.requisition_answer(
        actor=personas.persona("mtn_responder"),
        requisition=answered,
        text=ANSWER,
        files=[IncomingFile(name=ANSWER_FILE, content=PNG)],
    )
    overdue = requisition_workflow.requisition_approve(
        actor=supervisor, requisition=drafted(RequisitionKind.CALL_RECORDS, Urgency.URGENT)
    )
    # Sent long enough ago that its deadline has passed.
    Requisition.objects.filter(pk=overdue.pk).update(
        sent_at=timezone.now() - dt.timedelta(days=3),
        deadline=timezone.now() - dt.timedelta(days=1),
    )
    return answered, drafted(RequisitionKind.MOBILE_MONEY_HISTORY), overdue


def _scam_wave(report: Report) -> None:
    """A scam wave naming the suspect's number, one of whose reports is the followed one."""
    WaveFinding.objects.create(
        kind=WaveKind.INDICATOR,
        subject_key="phone:+237699887766",
        indicator_type="phone",
        indicator_value="+237699887766",
        window_end=timezone.now(),
        window_day=timezone.localdate(),
        recent_count=9,
        baseline_mean=0.5,
        series=[0, 1, 0, 1, 0, 2, 9],
        report_references=[report.reference],
    )
