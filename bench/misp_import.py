"""The MISP import benchmark: one large partner event, read streamed and imported in one batch.

Writes a MISP event of ``--attributes`` attributes (phone numbers, domains, URLs, IP addresses,
e-mail addresses, some in objects, about 330 bytes each: 300,000 make a 100 MB file), then, in a
fresh PostgreSQL database, times ``parse_event_file`` alone (attributes per second, peak memory
of the process) and the whole import through ``import_batch_run`` (one transaction).

    python bench/misp_import.py [--attributes 300000] [--database-url URL] [--json PATH]
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import fresh_database, migrate, server_environment

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vigilance_bench_misp"
# A 100 MB event must not be held in memory: the process should stay well under this.
AIM_PEAK_MIB = 300


def _attribute(n: int) -> dict[str, Any]:
    kinds = (
        ("phone-number", f"+23767{n % 10_000_000:07d}"),
        ("domain", f"colis-{n}.cm"),
        ("url", f"https://livraison-{n}.cm/suivi?id={n}"),
        ("ip-dst", f"41.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"),
        ("email-src", f"agent{n}@arnaque-{n % 997}.cm"),
    )
    kind, value = kinds[n % len(kinds)]
    return {
        "uuid": str(uuid.UUID(int=n + 1)),
        "type": kind,
        "category": "Network activity",
        "value": value,
        "to_ids": True,
        "comment": "Seen in a parcel-delivery scam wave",
        "timestamp": "1790000000",
        "Tag": [{"name": "tlp:green"}] if n % 10 == 0 else [],
    }


def write_event(path: Path, attributes: int) -> int:
    """Write the event, attribute by attribute; its size in bytes."""
    with path.open("w", encoding="utf-8") as file:
        file.write(f'{{"Event": {{"uuid": "{uuid.uuid4()}", "info": "Parcel scam wave", ')
        file.write('"timestamp": "1790000000", "Attribute": [')
        in_objects = attributes // 10
        for n in range(attributes - in_objects):
            file.write(("," if n else "") + json.dumps(_attribute(n)))
        file.write('], "Object": [{"name": "bank-account", "Attribute": [')
        for m in range(in_objects):
            file.write(("," if m else "") + json.dumps(_attribute(attributes + m)))
        file.write(']}], "Tag": [{"name": "tlp:amber"}]}}')
    return path.stat().st_size


def measure(path: Path) -> dict[str, Any]:
    import django

    django.setup()
    from vigilance.accounts.models import Organisation, OrganisationKind
    from vigilance.exchange.misp_in import parse_event_file
    from vigilance.exchange.services.imports import import_batch_run

    started = time.perf_counter()
    parsed = sum(1 for _item in parse_event_file(path, default_tlp="amber", confidence=50))
    parse_seconds = time.perf_counter() - started
    partner, _created = Organisation.objects.get_or_create(
        code="bench-peer",
        defaults={"kind": OrganisationKind.PEER_CIRT, "name_fr": "Pair", "name_en": "Peer"},
    )
    started = time.perf_counter()
    batch = import_batch_run(
        partner=partner,
        format="misp",
        sha256=uuid.uuid4().hex * 2,
        items=parse_event_file(path, default_tlp="amber", confidence=50),
    )
    import_seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "attributes": parsed,
        "parse_seconds": round(parse_seconds, 1),
        "parse_per_second": round(parsed / parse_seconds),
        "import_seconds": round(import_seconds, 1),
        "import_per_second": round(parsed / import_seconds),
        "status": batch.status,
        "created": batch.created_count,
        "peak_mib": round(peak_mib),
        "aim_peak_mib": AIM_PEAK_MIB,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attributes", type=int, default=300_000)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-misp-") as tmp:
        event = Path(tmp) / "event.json"
        size = write_event(event, options.attributes)
        fresh_database(options.database_url)
        environment = server_environment(
            database_url=options.database_url, var_dir=Path(tmp), redis_url=""
        )
        migrate(environment)
        os.environ.update(environment)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
        figures = {"file_mib": round(size / 2**20, 1), **measure(event)}
    print("| figure | value |\n| --- | --- |")
    for key, value in figures.items():
        print(f"| {key} | {value} |")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2))
    return 0 if figures["status"] == "imported" and figures["peak_mib"] < AIM_PEAK_MIB else 1


if __name__ == "__main__":
    sys.exit(main())
