"""Demonstration alerts for ``make run``: five published scams going around in Cameroon, in
French and in English, and one awaiting approval. The first names a number that the public
check then shows with the alert.

Written by the demo editor ``editor`` and approved by ``editor.review`` (four eyes), through
the services, so the audit trail tells the same story.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from vigilance.alerts.demo_people import demo_editor
from vigilance.alerts.models import Alert, AlertStatus
from vigilance.alerts.services.alerts import (
    AlertContent,
    alert_draft,
    alert_publish,
    alert_submit,
)
from vigilance.core.models import OffenceCategory, Region
from vigilance.indicators.normalise import normalise

DRAFTER = "editor"
APPROVER = "editor.review"
# The number the first alert names: check it on /fr/check/ to see the alert.
DEMO_PHONE = "677102030"


@dataclass(frozen=True)
class DemoAlert:
    category: str
    severity: str
    regions: tuple[str, ...]
    days_ago: int
    title_fr: str
    title_en: str
    summary_fr: str
    summary_en: str
    body_fr: str
    body_en: str
    identifiers: tuple[tuple[str, str], ...] = ()
    publish: bool = True


ALERTS = (
    DemoAlert(
        "mobile_money_fraud",
        "urgent",
        (),
        2,
        "Faux appels de remboursement d'un « transfert par erreur » MTN MoMo",
        "Fake MTN MoMo refund calls about a “transfer sent by mistake”",
        "Un inconnu vous dit vous avoir envoyé de l'argent par erreur et vous demande de le "
        "renvoyer : c'est une escroquerie.",
        "A stranger says they sent you money by mistake and asks you to send it back: it is a "
        "scam.",
        "Vous recevez un faux SMS de crédit, puis un appel : la personne dit s'être trompée de "
        "numéro et vous supplie de lui **renvoyer** la somme.\n\n"
        "## Ce qu'il faut faire\n\n"
        "- Vérifiez votre **solde réel** en composant *126# : le SMS reçu est un faux.\n"
        "- Ne renvoyez jamais d'argent à un inconnu ; un vrai transfert par erreur se règle "
        "avec l'opérateur.\n"
        "- Appelez le service client MTN au 8787 et signalez le numéro sur la plateforme.\n",
        "You get a fake credit SMS, then a call: the person says they got the wrong number and "
        "begs you to **send the money back**.\n\n"
        "## What to do\n\n"
        "- Check your **real balance** by dialling *126#: the SMS you received is fake.\n"
        "- Never send money back to a stranger; a real mistaken transfer is settled by the "
        "operator.\n"
        "- Call MTN customer care on 8787 and report the number on the platform.\n",
        identifiers=(("phone", DEMO_PHONE),),
    ),
    DemoAlert(
        "job_visa_scam",
        "warning",
        ("CE", "LT"),
        6,
        "Fausses offres d'emploi sur WhatsApp contre des « frais de dossier »",
        "Fake job offers on WhatsApp asking for “application fees”",
        "Des recruteurs fictifs promettent un emploi bien payé et réclament des frais avant "
        "l'entretien.",
        "Fake recruiters promise a well-paid job and ask for fees before the interview.",
        "Les messages circulent dans des groupes WhatsApp à Yaoundé et Douala : emploi dans une "
        "société pétrolière ou une ONG, salaire élevé, **frais de dossier** à payer par mobile "
        "money.\n\n"
        "Un employeur sérieux ne demande jamais d'argent pour recruter. Vérifiez l'offre "
        "auprès du [Fonds national de l'emploi](https://www.fnecm.org).\n",
        "The messages go round WhatsApp groups in Yaoundé and Douala: a job with an oil "
        "company or an NGO, a high salary, **application fees** to pay by mobile money.\n\n"
        "A genuine employer never asks for money to hire you. Check the offer with the "
        "[National Employment Fund](https://www.fnecm.org).\n",
    ),
    DemoAlert(
        "sextortion",
        "urgent",
        (),
        10,
        "Chantage aux images intimes après un contact sur Facebook",
        "Blackmail with intimate images after a contact on Facebook",
        "Un profil séduisant vous pousse à un appel vidéo intime, puis menace de diffuser "
        "l'enregistrement.",
        "An attractive profile draws you into an intimate video call, then threatens to share "
        "the recording.",
        "**Ne payez pas** : le chantage continue après chaque paiement.\n\n"
        "1. Cessez tout contact, sans supprimer la conversation.\n"
        "2. Faites des captures d'écran du profil et des menaces.\n"
        "3. Signalez le profil à Facebook et déposez un signalement ici : la plateforme peut "
        "demander le retrait des images.\n",
        "**Do not pay**: the blackmail goes on after each payment.\n\n"
        "1. Stop all contact, without deleting the conversation.\n"
        "2. Take screenshots of the profile and of the threats.\n"
        "3. Report the profile to Facebook and file a report here: the platform can ask for "
        "the images to be taken down.\n",
    ),
    DemoAlert(
        "phishing",
        "warning",
        ("CE", "LT", "OU"),
        15,
        "Fausses promotions Orange Money : « bonus de 50 000 FCFA »",
        "Fake Orange Money promotions: a “50,000 FCFA bonus”",
        "Un lien promet un bonus et demande votre code secret Orange Money.",
        "A link promises a bonus and asks for your Orange Money PIN.",
        "Le lien mène à une page qui imite Orange Money et demande votre **code secret**. "
        "Orange ne vous demande jamais votre code, ni par SMS, ni par téléphone, ni sur un "
        "site.\n\nSi vous l'avez donné, changez-le tout de suite en composant #150# et "
        "appelez le 8900.\n",
        "The link leads to a page imitating Orange Money that asks for your **PIN**. Orange "
        "never asks for your PIN, by SMS, by phone or on a website.\n\nIf you gave it, change "
        "it at once by dialling #150# and call 8900.\n",
        identifiers=(("domain", "orange-money-bonus.example.com"),),
    ),
    DemoAlert(
        "investment_scam",
        "information",
        (),
        30,
        "« Doublez vos cryptomonnaies en 48 heures » : placement frauduleux",
        "“Double your crypto in 48 hours”: a fraudulent investment",
        "Des groupes Telegram promettent de doubler votre mise en cryptomonnaie.",
        "Telegram groups promise to double your stake in cryptocurrency.",
        "Aucun placement sérieux ne double une mise en deux jours. Les premiers gains versés "
        "servent à attirer de nouvelles victimes ; ensuite, le groupe disparaît.\n\n"
        "Renseignez-vous auprès de la COSUMAF avant tout placement.\n",
        "No genuine investment doubles a stake in two days. The first payouts lure new "
        "victims; then the group vanishes.\n\n"
        "Ask COSUMAF, the regional market regulator, before investing.\n",
    ),
    DemoAlert(
        "loan_scam",
        "warning",
        ("NO", "AD", "EN"),
        0,
        "Faux prêts rapides sur mobile contre une « caution »",
        "Fake quick loans on mobile against a “deposit”",
        "Une application promet un prêt sans garantie contre une caution à payer d'avance.",
        "An app promises a loan without collateral against a deposit paid in advance.",
        "L'application réclame une caution, puis des frais, et le prêt n'arrive jamais.\n",
        "The app asks for a deposit, then fees, and the loan never comes.\n",
        publish=False,
    ),
)


def _published_already(title_en: str) -> bool:
    return Alert.objects.filter(title_en=title_en).exists()


@transaction.atomic
def seed() -> str:
    drafter = demo_editor(DRAFTER)
    approver = demo_editor(APPROVER)
    added = 0
    for demo in ALERTS:
        if _published_already(demo.title_en):
            continue
        content = AlertContent(
            title_fr=demo.title_fr,
            title_en=demo.title_en,
            summary_fr=demo.summary_fr,
            summary_en=demo.summary_en,
            body_fr=demo.body_fr,
            body_en=demo.body_en,
            severity=demo.severity,
            category=OffenceCategory.objects.filter(code=demo.category).first(),
            regions=list(Region.objects.filter(code__in=demo.regions)),
            identifiers=[
                (normal.type, normal.value)
                for normal in (normalise(kind, value) for kind, value in demo.identifiers)
            ],
        )
        alert = alert_draft(actor=drafter, content=content)
        alert = alert_submit(actor=drafter, alert=alert)
        if demo.publish:
            alert = alert_publish(actor=approver, alert=alert)
            # Spread the demo over the past weeks, as a real list would be.
            Alert.objects.filter(pk=alert.pk).update(
                published_at=timezone.now() - dt.timedelta(days=demo.days_ago)
            )
        added += 1
    published = Alert.objects.filter(status=AlertStatus.PUBLISHED).count()
    return f"Demonstration alerts: {added} added, {published} published."
