"""Answers sent as multipart/form-data over HTTP, against the live server: the files stream to the
evidence store; too many files, a file too large or of a refused type is refused with its own
status and a message in the caller's language, and nothing of the answer is saved."""

import json
import secrets
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.accounts.test_api_keys import create_key
from tests.intake.test_receipts import PNG
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.evidence.models import Evidence
from vigilance.requisitions.models import AnswerIdentifier, Requisition, RequisitionStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser or curl -F writes it."""
    boundary = "vigilance" + secrets.token_hex(8)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for field, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_answer(
    server: str,
    requisition: Requisition,
    key: str,
    fields: dict[str, str],
    files: list[tuple[str, str, bytes]],
    *,
    language: str = "en",
) -> tuple[int, Any]:
    body, content_type = multipart(fields, files)
    request = urllib.request.Request(  # noqa: S310 — the live server's own address
        f"{server}/api/v1/partner/requisitions/{requisition.reference}/answer",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {key}",
            "Accept-Language": language,
            "Content-Type": content_type,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def nothing_saved(requisition: Requisition) -> bool:
    requisition.refresh_from_db()
    return (
        requisition.status == RequisitionStatus.SENT
        and not Evidence.objects.exists()
        and not AnswerIdentifier.objects.exists()
    )


@pytest.fixture
def mtn_key(administrator_user: User) -> str:
    return create_key(administrator_user, "mtn", permissions=[Permission.RESPOND_REQUISITIONS]).key


def test_a_multipart_answer_is_saved_with_its_files_and_items(
    live_server: Any, sent: Requisition, mtn_key: str
) -> None:
    status, answered = post_answer(
        live_server.url,
        sent,
        mtn_key,
        {"text": "Titulaire : Paul Nkodo.", "items": '[{"type": "phone", "value": "699000111"}]'},
        [("files", "fiche.png", PNG), ("files", "notes.txt", b"Abonne depuis 2019.\n")],
    )

    assert status == 200, answered
    assert answered["status"] == "answered"
    assert answered["answer_items"] == [{"type": "phone", "value": "+237699000111"}]
    assert sorted(item["content_type"] for item in answered["answer_files"]) == [
        "image/png",
        "text/plain",
    ]
    sent.refresh_from_db()
    assert sorted(sent.answer_files.values_list("original_name", flat=True)) == [
        "fiche.png",
        "notes.txt",
    ]


def test_a_file_too_large_is_413_in_french_and_nothing_is_saved(
    live_server: Any, sent: Requisition, mtn_key: str, settings: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = len(PNG) + 10
    status, error = post_answer(
        live_server.url,
        sent,
        mtn_key,
        {"text": "Voir fichiers."},
        [("files", "petit.png", PNG), ("files", "gros.png", PNG + b"\x00" * 100)],
        language="fr",
    )

    assert status == 413
    assert error["error"]["message"].startswith("Ce fichier est trop volumineux")
    assert nothing_saved(sent)


def test_a_refused_type_is_415_and_nothing_is_saved(
    live_server: Any, sent: Requisition, mtn_key: str
) -> None:
    status, error = post_answer(
        live_server.url,
        sent,
        mtn_key,
        {"text": "See files.", "items": '[{"type": "phone", "value": "699000111"}]'},
        [("files", "fiche.png", PNG), ("files", "tool.exe", EXECUTABLE)],
    )

    assert status == 415
    assert error["error"]["message"].startswith("This type of file is not accepted.")
    assert nothing_saved(sent)


def test_too_many_files_is_400_in_french(live_server: Any, sent: Requisition, mtn_key: str) -> None:
    files = [("files", f"page-{n}.png", PNG) for n in range(6)]
    status, error = post_answer(
        live_server.url, sent, mtn_key, {"text": "Six pages."}, files, language="fr"
    )

    assert status == 400
    assert error["error"]["message"] == "Joignez au plus 5 fichiers."
    assert nothing_saved(sent)


def test_bad_fields_are_422_with_the_field_named(
    live_server: Any, sent: Requisition, mtn_key: str
) -> None:
    no_text = post_answer(live_server.url, sent, mtn_key, {}, [("files", "a.png", PNG)])
    bad_items = post_answer(live_server.url, sent, mtn_key, {"text": "x", "items": "[{"}, [])
    wrong_field = post_answer(live_server.url, sent, mtn_key, {"text": "x"}, [("doc", "a", PNG)])

    assert no_text[0] == 422
    assert no_text[1]["error"]["fields"]["text"] == ["This field is required."]
    assert bad_items[0] == 422
    assert "items" in bad_items[1]["error"]["fields"]
    assert wrong_field[0] == 400
    assert nothing_saved(sent)
