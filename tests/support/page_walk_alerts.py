"""The alert pages of the page walk: one published public alert (with a picture and the walk's
suspect phone, so the check shows it), one in review and one for partners."""

import io
from collections.abc import Iterator

from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests import personas
from tests.alerts.factories import content, published_alert
from vigilance.alerts.models import Alert
from vigilance.alerts.pictures import picture_reencode
from vigilance.alerts.services.alerts import alert_draft, alert_submit
from vigilance.indicators.normalise import normalise

PUBLISHED = "Fausses offres d'emploi sur WhatsApp"
IN_REVIEW = "Faux prêts rapides sur mobile"
FOR_PARTNERS = "Hameçonnage visant les agents mobile money"


def alerts_walk_data_create(suspect_phone: str) -> None:
    editor = personas.persona("editor")
    second = personas.persona("second_editor")
    image = io.BytesIO()
    Image.new("RGB", (120, 63), "green").save(image, format="PNG")
    published_alert(
        editor,
        second,
        title_fr=PUBLISHED,
        title_en="Fake job offers on WhatsApp",
        picture=picture_reencode(image.getvalue()),
        picture_alt_fr="Capture d'un faux message de recrutement",
        picture_alt_en="Screenshot of a fake recruitment message",
        identifiers=[("phone", normalise("phone", suspect_phone).value)],
    )
    draft = alert_draft(
        actor=editor, content=content(title_fr=IN_REVIEW, title_en="Fake quick loans on mobile")
    )
    alert_submit(actor=editor, alert=draft)
    published_alert(
        editor,
        second,
        title_fr=FOR_PARTNERS,
        title_en="Phishing aimed at mobile-money agents",
        audience="partners",
        tlp="amber",
    )


def _url(language: str, name: str, **kwargs: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def alert_public_paths(language: str) -> Iterator[str]:
    alert = Alert.objects.get(title_fr=PUBLISHED)
    yield _url(language, "alerts:list")
    yield f"{_url(language, 'alerts:list')}?region=LT"
    yield _url(language, "alerts:short", reference=alert.reference)
    yield _url(
        language,
        "alerts:detail",
        reference=alert.reference,
        slug=alert.slug_en if language == "en" else alert.slug_fr,
    )


def alert_staff_pages(language: str) -> Iterator[tuple[str, str]]:
    published = Alert.objects.get(title_fr=PUBLISHED)
    review = Alert.objects.get(title_fr=IN_REVIEW)
    partners = Alert.objects.get(title_fr=FOR_PARTNERS)
    yield "editor", _url(language, "alerts:staff_list")
    yield "editor", _url(language, "alerts:staff_create")
    for alert in (published, review):
        yield "editor", _url(language, "alerts:staff_detail", reference=alert.reference)
        yield "editor", _url(language, "alerts:staff_edit", reference=alert.reference)
    yield "second_editor", _url(language, "alerts:staff_detail", reference=review.reference)
    yield "mtn_responder", _url(language, "alerts:partner_list")
    yield "mtn_responder", _url(language, "alerts:partner_detail", reference=partners.reference)
