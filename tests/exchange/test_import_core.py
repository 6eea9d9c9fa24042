"""The import core: whole or nothing, once per file, values normalised and warning lists kept
apart, every outcome audited naming the partner."""

from collections.abc import Iterator

import pytest

from vigilance.accounts.models import Organisation
from vigilance.audit.models import AuditEvent
from vigilance.exchange.models import ImportStatus, PartnerIndicator
from vigilance.exchange.services.imports import (
    ImportRefused,
    IncomingIndicator,
    import_batch_run,
)

pytestmark = pytest.mark.django_db


def _items(*pairs: tuple[str, str]) -> list[IncomingIndicator]:
    return [IncomingIndicator(type=kind, raw_value=raw, tlp="green") for kind, raw in pairs]


def test_values_are_normalised_and_a_second_identical_file_changes_nothing(
    peer_cirt: Organisation,
) -> None:
    items = _items(("phone", "+237 677 12 34 56"), ("domain", "WWW.Arnaque-Colis.CM"))

    first = import_batch_run(partner=peer_cirt, format="stix", sha256="a" * 64, items=items)
    again = import_batch_run(partner=peer_cirt, format="stix", sha256="a" * 64, items=items)

    assert first.status == ImportStatus.IMPORTED
    assert first.created_count == 2
    assert again.status == ImportStatus.ALREADY_IMPORTED
    values = set(PartnerIndicator.objects.values_list("type", "value"))
    assert values == {("phone", "+237677123456"), ("domain", "arnaque-colis.cm")}
    actions = list(
        AuditEvent.objects.filter(action__startswith="exchange.import").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["exchange.import_done", "exchange.import_repeated"]


def test_a_refusal_part_way_leaves_nothing(peer_cirt: Organisation) -> None:
    def items() -> Iterator[IncomingIndicator]:
        yield from _items(*[("phone", f"+2376771{n:05d}") for n in range(2500)])
        raise ImportRefused("malformed_json", position=123)

    batch = import_batch_run(partner=peer_cirt, format="stix", sha256="b" * 64, items=items())

    assert batch.status == ImportStatus.REFUSED
    assert batch.error_code == "malformed_json"
    assert not PartnerIndicator.objects.exists()
    event = AuditEvent.objects.get(action="exchange.import_refused")
    assert event.details["partner"] == "cert-gabon"


def test_warning_listed_values_are_kept_and_marked(peer_cirt: Organisation) -> None:
    batch = import_batch_run(
        partner=peer_cirt,
        format="misp",
        sha256="c" * 64,
        items=_items(("url", "https://bit.ly/abc123"), ("domain", "gmail.com")),
    )

    assert batch.warning_listed_count == 2
    assert PartnerIndicator.objects.filter(is_warning_listed=True).count() == 2
