"""A campaign's printable poster: A4, both languages, the helpline and a QR code to the site.

Rendered once per content and kept (``core.documents``): a poster shared widely must not make
the server run WeasyPrint for every download.
"""

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from vigilance.alerts.models_guidance import Campaign
from vigilance.core.documents import issued_copy_get, issued_copy_keep, pdf_from_html
from vigilance.intake.receipts import qr_data_uri

TEMPLATE = "alerts/awareness/poster_pdf.html"


def poster_url() -> str:
    """Where the poster's QR code leads: the wizard, in French (it links to English)."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/fr/what-happened/"


def campaign_poster_pdf(campaign: Campaign) -> bytes:
    url = poster_url()
    context = {
        "campaign": campaign,
        "helpline": settings.HELPLINE,
        "site_url": settings.PUBLIC_BASE_URL.rstrip("/"),
        "qr_code": qr_data_uri(url),
    }
    with translation.override("fr"):
        html = render_to_string(TEMPLATE, context)
    name = f"poster:{campaign.slug}"
    fingerprint = hashlib.sha256(html.encode()).hexdigest()
    kept = issued_copy_get(name=name, fingerprint=fingerprint)
    if kept is not None:
        return kept
    return issued_copy_keep(name=name, fingerprint=fingerprint, content=pdf_from_html(html))
