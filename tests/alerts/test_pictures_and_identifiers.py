"""An alert's picture loses its metadata; its identifiers are read as the indicators are."""

import io

import pytest
from django.utils import translation
from PIL import Image

from vigilance.alerts.identifiers import IdentifiersInvalid, parse_identifiers
from vigilance.alerts.pictures import PictureRejected, picture_reencode


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def test_a_jpeg_is_re_encoded_without_its_exif() -> None:
    original = _jpeg_with_exif()
    assert b"SecretCamera" in original
    picture = picture_reencode(original)
    assert picture.type == "image/jpeg"
    assert b"SecretCamera" not in picture.content
    with Image.open(io.BytesIO(picture.content)) as image:
        assert image.size == (40, 30)
        assert not image.getexif()


def test_a_large_picture_is_scaled_down() -> None:
    output = io.BytesIO()
    Image.new("RGB", (3200, 800), "blue").save(output, format="PNG")
    with Image.open(io.BytesIO(picture_reencode(output.getvalue()).content)) as image:
        assert image.size == (1600, 400)


@pytest.mark.parametrize("content", [b"GIF89a" + b"\0" * 40, b"<svg></svg>", b"%PDF-1.4 x"])
def test_other_files_are_refused(content: bytes) -> None:
    with pytest.raises(PictureRejected):
        picture_reencode(content)


def test_a_truncated_png_is_refused() -> None:
    output = io.BytesIO()
    Image.new("RGB", (50, 50), "green").save(output, format="PNG")
    with pytest.raises(PictureRejected):
        picture_reencode(output.getvalue()[:60])


def test_identifiers_are_read_typed_or_recognised() -> None:
    text = "phone: 677 10 20 30\nhttps://orange-money-bonus.example.com/gain\nphone: 677102030\n"
    assert parse_identifiers(text) == [
        ("phone", "+237677102030"),
        ("url", "https://orange-money-bonus.example.com/gain"),
    ]


def test_an_unreadable_identifier_names_its_line_in_the_active_language() -> None:
    with translation.override("fr"), pytest.raises(IdentifiersInvalid) as invalid:
        parse_identifiers("phone: 12\nhello")
    assert len(invalid.value.problems) == 2
    assert invalid.value.problems[0].startswith("Ligne 1 (« phone: 12 »)")
    assert invalid.value.problems[1].startswith("Ligne 2 (« hello »)")
