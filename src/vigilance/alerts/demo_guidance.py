"""Demonstration awareness content for ``manage.py seed_alerts``: two published guides and one
campaign with runs over the last three years (radio, schools, WhatsApp, businesses), written by
the demo's ``editor``. Runs again add nothing: each piece is looked up by its address first."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from vigilance.accounts.models import User
from vigilance.alerts.demo_people import demo_editor
from vigilance.alerts.models_guidance import Campaign, Guide
from vigilance.alerts.services import awareness
from vigilance.core.models import Region

EDITOR = "editor"

GUIDES = (
    awareness.GuideContent(
        title_fr="Protéger son compte WhatsApp en trois réglages",
        title_en="Protect your WhatsApp account in three settings",
        summary_fr="Le code à six chiffres reçu par SMS ne se partage jamais : voici comment "
        "empêcher qu'on vole votre compte.",
        summary_en="The six-digit code received by SMS is never shared: here is how to stop "
        "anyone stealing your account.",
        body_fr="""## Activez la validation en deux étapes

Dans WhatsApp : **Paramètres > Compte > Validation en deux étapes**. Choisissez un code PIN à
six chiffres que vous seul connaissez.

## Ne partagez jamais le code reçu par SMS

Un « ami » qui vous demande de lui renvoyer un code reçu par erreur est presque toujours un
compte déjà piraté. WhatsApp ne vous demandera jamais ce code.

## Vérifiez les appareils connectés

**Paramètres > Appareils connectés** : déconnectez tout appareil que vous ne reconnaissez pas.
""",
        body_en="""## Turn on two-step verification

In WhatsApp: **Settings > Account > Two-step verification**. Choose a six-digit PIN only you
know.

## Never share the code received by SMS

A "friend" asking you to send back a code received by mistake is almost always an account
already hacked. WhatsApp will never ask you for this code.

## Check the linked devices

**Settings > Linked devices**: sign out any device you do not recognise.
""",
        video_url="https://www.youtube.com/@WhatsApp",
    ),
    awareness.GuideContent(
        title_fr="Mobile money : reconnaître le faux transfert",
        title_en="Mobile money: spot the fake transfer",
        summary_fr="« Je me suis trompé de numéro, renvoyez-moi l'argent » : comment vérifier "
        "avant de renvoyer quoi que ce soit.",
        summary_en='"I sent it to the wrong number, send the money back": how to check before '
        "sending anything back.",
        body_fr="""Un escroc envoie un **faux SMS** imitant MTN MoMo ou Orange Money, puis vous
appelle pour réclamer « son » argent.

- Vérifiez votre **solde** avec le code USSD officiel, jamais avec le SMS reçu.
- Un vrai message de votre opérateur vient d'un nom d'expéditeur officiel, pas d'un numéro.
- En cas de doute, appelez le service client de votre opérateur et ne renvoyez rien.
""",
        body_en="""A scammer sends a **fake SMS** that looks like MTN MoMo or Orange Money, then
calls you to claim "their" money.

- Check your **balance** with the official USSD code, never with the SMS received.
- A real message from your operator comes from an official sender name, not a number.
- If in doubt, call your operator's customer service and send nothing back.
""",
    ),
)

CAMPAIGN = awareness.CampaignContent(
    name_fr="Mon code, c'est secret",
    name_en="My code is my secret",
    starts_on=dt.date(2000, 1, 1),  # replaced by three years ago when seeded
    poster_headline_fr="Ne donnez jamais votre code secret",
    poster_headline_en="Never give your secret code",
    poster_message_fr="Aucun agent MTN, Orange, ni aucune banque ne vous demandera votre code "
    "PIN ou le code reçu par SMS. Celui qui le demande est un escroc.",
    poster_message_en="No MTN or Orange agent, and no bank, will ever ask for your PIN or the "
    "code received by SMS. Whoever asks for it is a scammer.",
)

# (days ago, medium, place, region code or "", audience)
RUNS = (
    (1050, "radio", "CRTV Radio, poste national", "", 250_000),
    (900, "schools", "Lycée Général Leclerc, Yaoundé", "CE", 1_200),
    (720, "social", "WhatsApp, chaîne officielle de l'ANTIC", "", 40_000),
    (600, "businesses", "Chambre de commerce, Douala", "LT", 180),
    (420, "schools", "Université de Yaoundé I", "CE", 900),
    (300, "radio", "CRTV Radio, Douala", "LT", 120_000),
    (150, "businesses", "Marché Mboppi, commerçants, Douala", "LT", None),
    (40, "social", "WhatsApp et Facebook, relais des référents", "", 65_000),
)


def _guides(editor: User) -> int:
    added = 0
    for content in GUIDES:
        if Guide.objects.filter(title_fr=content.title_fr).exists():
            continue
        guide = awareness.guide_create(actor=editor, content=content)
        awareness.guide_publish(actor=editor, guide=guide)
        added += 1
    return added


def _campaign(editor: User) -> tuple[bool, int]:
    if Campaign.objects.filter(name_fr=CAMPAIGN.name_fr).exists():
        return False, 0
    today = timezone.localdate()
    content = awareness.CampaignContent(
        **{**CAMPAIGN.__dict__, "starts_on": today - dt.timedelta(days=3 * 365)}
    )
    campaign = awareness.campaign_create(actor=editor, content=content)
    regions = {region.code: region for region in Region.objects.all()}
    for days, medium, place, region, audience in RUNS:
        awareness.campaign_run_log(
            actor=editor,
            campaign=campaign,
            medium=medium,
            place=place,
            held_on=today - dt.timedelta(days=days),
            region=regions.get(region),
            audience=audience,
        )
    return True, len(RUNS)


@transaction.atomic
def seed() -> str:
    editor = demo_editor(EDITOR)
    guides = _guides(editor)
    created, runs = _campaign(editor)
    campaigns = 1 if created else 0
    return f"Awareness: {guides} guides, {campaigns} campaign, {runs} campaign runs added."
