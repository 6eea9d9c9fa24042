"""The signed PDF receipt of a report: what it shows, what it never shows, and its download."""

import hashlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as configured
from django.db import connection
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pytest_django.fixtures import Settings

from tests.factories import report_draft
from vigilance.core.models import IssuedDocument
from vigilance.core.signing import verify_pdf_signature
from vigilance.evidence import crypto
from vigilance.evidence.services import IncomingFile
from vigilance.intake import receipts, services
from vigilance.intake.models import Report
from vigilance.intake.receipts import defang, format_amount, offline_url_fetcher, receipt_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("platform_certificate")]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
TEXT = b"Bonjour, je suis agent MTN. Envoyez-moi le code de confirmation.\n"


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF made by WeasyPrint, decoded through each font's ToUnicode map."""
    reader = PdfFileReader(BytesIO(pdf))
    lines: list[str] = []
    for index in range(int(reader.root["/Pages"]["/Count"])):
        page = reader.find_page_for_modification(index)[0].get_object()
        fonts = page["/Resources"]["/Font"]
        maps = {str(name): _unicode_map(fonts[name]["/ToUnicode"]) for name in fonts}
        contents = page["/Contents"]
        streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
        data = b"".join(s.get_object().data for s in streams).decode("latin-1")
        current: dict[int, str] = {}
        for match in re.finditer(r"(/\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|\bET\b", data):
            if match[1]:
                current = maps.get(match[1], {})
            elif match[2] is not None:
                codes = match[2]
                lines.append(
                    "".join(
                        current.get(int(codes[i : i + 4], 16), "") for i in range(0, len(codes), 4)
                    )
                )
            else:
                lines.append("\n")
    return "".join(lines)


def _unicode_map(stream: generic.StreamObject) -> dict[int, str]:
    text = stream.data.decode("latin-1")
    table: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, start in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(int(start, 16) + offset)
    return table


def squeezed(text: str) -> str:
    """Text without any white space, so that a value split across lines is still found."""
    return re.sub(r"\s+", "", text)


def submitted_with_two_files(**changes: Any) -> services.SubmittedReport:
    return services.report_submit(
        draft=report_draft(**changes),
        channel="web",
        evidence=[
            IncomingFile(name="capture paiement.png", content=PNG),
            IncomingFile(name="conversation.txt", content=TEXT),
        ],
    )


def test_receipt_shows_reference_and_both_evidence_hashes() -> None:
    submitted = submitted_with_two_files()

    text = squeezed(pdf_text(receipt_pdf(submitted.report)))

    assert submitted.report.reference in text
    assert hashlib.sha256(PNG).hexdigest() in text
    assert hashlib.sha256(TEXT).hexdigest() in text
    assert "capturepaiement.png" in text
    assert "conversation.txt" in text


def test_receipt_never_contains_the_tracking_code() -> None:
    submitted = submitted_with_two_files()
    code = submitted.tracking_code

    pdf = receipt_pdf(submitted.report)

    text = squeezed(pdf_text(pdf))
    assert code not in text
    assert code.replace("-", "") not in text
    assert code.encode() not in pdf


def test_receipt_signature_verifies() -> None:
    submitted = submitted_with_two_files()

    report = verify_pdf_signature(receipt_pdf(submitted.report))

    assert report.is_valid


def test_receipt_shows_the_loss_with_thousands_and_the_reporter() -> None:
    submitted = services.report_submit(
        draft=report_draft(loss=services.LossInput(amount=Decimal("1275000"), channel="mtn_momo")),
        channel="web",
    )

    text = pdf_text(receipt_pdf(submitted.report))

    assert "1,275,000\N{NO-BREAK SPACE}XAF" in text
    assert "MTN Mobile Money" in text
    assert "John Ebai" in text
    assert "Acknowledgement of receipt" in text


def test_receipt_of_anonymous_report_names_nobody() -> None:
    submitted = services.report_submit(
        draft=report_draft(reporter=services.ReporterInput(is_anonymous=True)), channel="web"
    )

    text = pdf_text(receipt_pdf(submitted.report))

    assert "Anonymous report" in text


def test_receipt_shows_addresses_defanged_and_holds_no_link() -> None:
    submitted = services.report_submit(
        draft=report_draft(
            identifiers=[services.IdentifierInput(type="email", value="Faux.Agent@Example.COM")]
        ),
        channel="web",
    )

    pdf = receipt_pdf(submitted.report)

    text = squeezed(pdf_text(pdf))
    assert "faux[.]agent[@]example[.]com" in text
    assert "faux.agent@example.com" not in text
    assert b"/URI" not in pdf
    assert b"/Link" not in pdf


@pytest.mark.parametrize("language", ["fr", "en"])
def test_receipt_points_to_the_follow_page_in_the_report_language(
    settings: Settings, language: str
) -> None:
    settings.PUBLIC_BASE_URL = "https://vigilance.example.cm"
    submitted = services.report_submit(draft=report_draft(language=language), channel="web")

    text = squeezed(pdf_text(receipt_pdf(submitted.report)))

    assert f"https://vigilance.example.cm/{language}/follow/" in text


def test_rendering_never_fetches_a_remote_or_local_file() -> None:
    fetcher = offline_url_fetcher()

    for url in ("https://example.com/logo.png", "http://127.0.0.1/", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,b2s=").read() == b"ok"


@pytest.mark.parametrize(
    ("type", "value", "shown"),
    [
        ("url", "https://evil.com/login", "hxxps://evil[.]com/login"),
        ("url", "http://pay-mtn.cm", "hxxp://pay-mtn[.]cm"),
        ("email", "agent@mtn-promo.cm", "agent[@]mtn-promo[.]cm"),
        ("domain", "mtn-promo.cm", "mtn-promo[.]cm"),
        ("phone", "+237677123456", "+237677123456"),
    ],
)
def test_defang(type: str, value: str, shown: str) -> None:
    assert defang(type, value) == shown


# Regex strategies start slowly on a loaded machine; the property, not the speed, is tested.
@hypothesis_settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(host=st.from_regex(r"[a-z0-9-]{1,20}(\.[a-z0-9-]{1,10}){1,3}", fullmatch=True))
def test_defanged_links_keep_no_live_scheme_or_dot(host: str) -> None:
    shown = defang("url", f"https://{host}/path")

    assert not shown.startswith("http")
    assert "." not in shown.replace("[.]", "")


def test_amounts_are_grouped_by_thousands_in_each_language() -> None:
    with translation.override("en"):
        assert format_amount(Decimal("75000"), "XAF") == "75,000\N{NO-BREAK SPACE}XAF"
        assert format_amount(Decimal("1250.50"), "EUR") == "1,250.50\N{NO-BREAK SPACE}EUR"
    with translation.override("fr"):
        assert (
            format_amount(Decimal("75000"), "XAF") == "75\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}XAF"
        )


def test_api_returns_the_signed_receipt_as_an_attachment(client: Client) -> None:
    submitted = submitted_with_two_files()
    reference = submitted.report.reference

    response = client.get(
        f"/api/v1/reports/{reference}/receipt.pdf",
        headers={"x-tracking-code": submitted.tracking_code},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{reference}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert verify_pdf_signature(response.content).is_valid


def test_api_answers_404_for_a_wrong_code_as_for_an_unknown_reference(client: Client) -> None:
    submitted = submitted_with_two_files()

    wrong_code = client.get(
        f"/api/v1/reports/{submitted.report.reference}/receipt.pdf",
        headers={"x-tracking-code": "0000-0000-0000-0000"},
    )
    no_code = client.get(f"/api/v1/reports/{submitted.report.reference}/receipt.pdf")
    unknown = client.get(
        "/api/v1/reports/VIG-1999-999999/receipt.pdf",
        headers={"x-tracking-code": submitted.tracking_code},
    )

    for response in (wrong_code, no_code, unknown):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert wrong_code.json() == unknown.json()


def test_openapi_document_describes_the_receipt(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    operation = response.json()["paths"]["/api/v1/reports/{reference}/receipt.pdf"]["get"]
    assert "application/pdf" in operation["responses"]["200"]["content"]


# SQLite's in-memory test database locks whole tables between threads and refuses a second
# writer at once; a file database (the embedded shape, bench/receipts.py) queues them instead.
THREADS_WRITING = pytest.mark.skipif(
    configured.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="threads writing at once need PostgreSQL in the tests",
)


def test_a_second_download_gives_the_same_signed_bytes_kept_encrypted(client: Client) -> None:
    submitted = submitted_with_two_files()
    url = f"/api/v1/reports/{submitted.report.reference}/receipt.pdf"
    headers = {"x-tracking-code": submitted.tracking_code}

    first = client.get(url, headers=headers).content
    second = client.get(url, headers=headers).content

    # A fresh rendering would carry a new signing time, so equal bytes mean the kept copy.
    assert first == second
    assert verify_pdf_signature(second).is_valid
    kept = IssuedDocument.objects.get(name=f"receipt:{submitted.report.public_id}")
    assert b"%PDF" not in bytes(kept.content)
    assert submitted.report.reporter_name.encode() not in bytes(kept.content)
    assert crypto.decrypt(bytes(kept.content)) == first


def test_evidence_added_after_filing_gives_a_new_receipt_that_lists_it() -> None:
    submitted = submitted_with_two_files()
    before = receipt_pdf(submitted.report)
    extra = b"Second message from the scammer, received the next day.\n"

    services.report_add_evidence(
        report=submitted.report,
        incoming=IncomingFile(name="suite.txt", content=extra),
        address="192.0.2.10",
    )
    after = receipt_pdf(submitted.report)

    assert after != before
    assert hashlib.sha256(extra).hexdigest() in squeezed(pdf_text(after))
    assert verify_pdf_signature(after).is_valid
    assert IssuedDocument.objects.count() == 1


def test_a_copy_kept_under_a_retired_key_is_issued_again(settings: Settings) -> None:
    submitted = submitted_with_two_files()
    receipt_pdf(submitted.report)
    settings.EVIDENCE_KEYS = [Fernet.generate_key().decode()]
    crypto._keys.cache_clear()

    try:
        again = receipt_pdf(submitted.report)
    finally:
        crypto._keys.cache_clear()

    assert verify_pdf_signature(again).is_valid


def test_no_free_rendering_slot_answers_503_with_retry_after_and_a_message(
    client: Client, settings: Settings
) -> None:
    settings.RECEIPT_RENDER_CONCURRENCY = 1
    settings.RECEIPT_RENDER_WAIT_SECONDS = 0.2
    submitted = submitted_with_two_files()
    slots = receipts._rendering_slots(1)

    assert slots.acquire(timeout=5)  # another request is rendering
    try:
        answer = client.get(
            f"/api/v1/reports/{submitted.report.reference}/receipt.pdf",
            headers={"x-tracking-code": submitted.tracking_code, "accept-language": "en"},
        )
    finally:
        slots.release()

    assert answer.status_code == 503
    assert answer["Retry-After"] == "30"
    assert answer.json()["error"]["code"] == "busy"
    assert "safely recorded" in answer.json()["error"]["message"]


@THREADS_WRITING
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_receipts_rendered_at_once_never_exceed_the_configured_slots(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.RECEIPT_RENDER_CONCURRENCY = 2
    settings.RECEIPT_RENDER_WAIT_SECONDS = 600  # the bound is tested here, not the patience
    reports = [submitted_with_two_files().report for _ in range(5)]
    real_pdf, lock = receipts.pdf_from_html, threading.Lock()
    running, most = [0], [0]

    def counted(html: str) -> bytes:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return real_pdf(html)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(receipts, "pdf_from_html", counted)

    def download(report: Report) -> bytes:
        try:
            return receipt_pdf(report)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=5) as pool:
        pdfs = list(pool.map(download, reports))

    assert most[0] == 2
    assert all(verify_pdf_signature(pdf).is_valid for pdf in pdfs)


@THREADS_WRITING
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_receipt_asked_for_at_once_is_rendered_once() -> None:
    report = submitted_with_two_files().report

    def download(_n: int) -> bytes:
        try:
            return receipt_pdf(Report.objects.get(pk=report.pk))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = set(pool.map(download, range(4)))

    assert len(pdfs) == 1
