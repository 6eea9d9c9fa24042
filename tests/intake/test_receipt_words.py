"""The signed receipt names each file's kind in the reader's words, never its MIME type."""

import pytest
from django.utils import translation

from tests.intake.test_receipts import pdf_text, squeezed, submitted_with_two_files
from vigilance.evidence.filetypes import ALLOWED, kind_label
from vigilance.intake.receipts import receipt_pdf

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("platform_certificate")
@pytest.mark.parametrize(
    ("language", "heading", "kinds"),
    [
        ("fr", "Type de fichier", ["Image PNG", "Fichier texte"]),
        ("en", "Kind of file", ["PNG image", "Text file"]),
    ],
)
def test_receipt_names_the_kind_of_each_file_in_its_language(
    language: str, heading: str, kinds: list[str]
) -> None:
    submitted = submitted_with_two_files(language=language)

    text = squeezed(pdf_text(receipt_pdf(submitted.report)))

    assert squeezed(heading) in text
    for kind in kinds:
        assert squeezed(kind) in text
    for mime in ("image/png", "text/plain", "Detected", "détecté"):
        assert mime not in text


@pytest.mark.parametrize(
    ("content_type", "french", "english"),
    [
        ("image/jpeg", "Image JPEG", "JPEG image"),
        ("image/png", "Image PNG", "PNG image"),
        ("application/pdf", "Document PDF", "PDF document"),
        ("audio/mpeg", "Enregistrement audio (MP3)", "Audio recording (MP3)"),
        ("audio/amr", "Enregistrement audio (AMR)", "Audio recording (AMR)"),
        ("video/mp4", "Vidéo MP4", "MP4 video"),
        ("video/3gpp", "Vidéo 3GP", "3GP video"),
        ("message/rfc822", "Message électronique", "E-mail message"),
        ("text/plain", "Fichier texte", "Text file"),
        ("application/x-msdownload", "Autre fichier", "Other file"),
    ],
)
def test_kind_label_reads_as_words_in_both_languages(
    content_type: str, french: str, english: str
) -> None:
    with translation.override("fr"):
        assert kind_label(content_type) == french
    with translation.override("en"):
        assert kind_label(content_type) == english


@pytest.mark.parametrize("content_type", sorted(ALLOWED))
def test_every_accepted_file_type_has_a_label_without_a_slash(content_type: str) -> None:
    for language in ("fr", "en"):
        with translation.override(language):
            label = kind_label(content_type)
        assert "/" not in label
        assert label not in ("Autre fichier", "Other file")
