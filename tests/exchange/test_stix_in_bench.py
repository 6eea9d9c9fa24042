"""The import bench's bundle: valid STIX (stix2 reads every object), read by the parser as the
bench counts it (nine values in ten, one skipped)."""

import json
from pathlib import Path

import stix2
from bench.exchange_import import write_bundle

from vigilance.exchange.stix_in import SKIPPED, parse_bundle


def test_the_bench_bundle_is_valid_stix_and_read_as_counted(tmp_path: Path) -> None:
    path = tmp_path / "bundle.json"
    write_bundle(path, 50)

    objects = json.loads(path.read_text())["objects"]
    items = list(parse_bundle(path, default_tlp="amber", confidence=50))

    for stix_object in objects:
        stix2.parse(stix_object, allow_custom=True)
    assert len(items) == 50
    assert sum(1 for item in items if item.type == SKIPPED) == 5
    assert {item.type for item in items} == {"domain", "url", "email", "phone", "ip", SKIPPED}
