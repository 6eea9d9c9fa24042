"""The STIX import benchmark: a partner's bundle of 100,000 objects imported whole.

Writes bundles to disk (streamed: indicators with simple patterns for domains, links, e-mail
addresses and phone numbers, observables, and some objects that are skipped), migrates a fresh
PostgreSQL database, then imports each bundle in its own process (``parse_bundle`` through
``import_batch_run``, one transaction) and reports the seconds and the process's peak RSS. The
parser's own peak (tracemalloc, without the database) is measured at both sizes to show that
memory stays flat while the bundle grows tenfold.

    python bench/exchange_import.py [--objects 100000] [--small 10000] [--json PATH]
"""

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import BIN, REPO, fresh_database, migrate, server_environment

AIM_SECONDS = 60.0
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_exchange_import"
GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
CREATED = "2026-11-01T00:00:00.000Z"


def _object(n: int) -> dict[str, Any]:
    """The n-th object: four indicators in five, one observable or skipped object in five."""
    kind = n % 10
    stix_id = str(uuid.UUID(int=n + 1, version=4))
    if kind in (0, 1, 2, 3, 4, 5, 6, 7):
        pattern = (
            f"[domain-name:value = 'arnaque-{n}.cm']",
            f"[url:value = 'http://colis-{n}.example.cm/payer']",
            f"[email-addr:value = 'agent{n}@faux-mtn.cm']",
            f"[phone-number:value = '+23767{n % 10_000_000:07d}']",
        )[kind % 4]
        return {
            "type": "indicator",
            "spec_version": "2.1",
            "id": f"indicator--{stix_id}",
            "created": CREATED,
            "modified": CREATED,
            "pattern": pattern,
            "pattern_type": "stix",
            "valid_from": CREATED,
            "confidence": 70,
            "labels": ["fraud"],
            "object_marking_refs": [GREEN],
        }
    if kind == 8:
        return {
            "type": "ipv4-addr",
            "spec_version": "2.1",
            "id": f"ipv4-addr--{stix_id}",
            "value": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}",
        }
    return {
        "type": "relationship",
        "spec_version": "2.1",
        "id": f"relationship--{stix_id}",
        "created": CREATED,
        "modified": CREATED,
        "relationship_type": "indicates",
        "source_ref": f"indicator--{uuid.UUID(int=n, version=4)}",
        "target_ref": f"malware--{uuid.UUID(int=n, version=4)}",
    }


def write_bundle(path: Path, objects: int) -> int:
    """Write a bundle of ``objects`` objects, one at a time; its size in bytes."""
    with path.open("w") as out:
        out.write(f'{{"type": "bundle", "id": "bundle--{uuid.uuid4()}", "objects": [')
        for n in range(objects):
            out.write(("," if n else "") + json.dumps(_object(n)))
        out.write("]}")
    return path.stat().st_size


def parser_peak(path: Path) -> tuple[float, float]:
    """Seconds of reading the bundle without the database, then the peak traced memory (MiB)
    of a second read (tracemalloc slows it down: its time is not kept)."""
    from vigilance.exchange.stix_in import parse_bundle

    started = time.perf_counter()
    count = sum(1 for _ in parse_bundle(path, default_tlp="amber", confidence=50))
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    sum(1 for _ in parse_bundle(path, default_tlp="amber", confidence=50))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count > 0
    return elapsed, peak / 1024 / 1024


def import_once(path: Path) -> dict[str, Any]:
    """In this process: import the bundle as a partner's; seconds, counts and peak RSS."""
    from vigilance.accounts.models import Organisation, OrganisationKind
    from vigilance.exchange.services.imports import import_batch_run
    from vigilance.exchange.stix_in import parse_bundle

    partner, _created = Organisation.objects.get_or_create(
        code=f"bench-{path.stem[-30:]}",
        defaults={"kind": OrganisationKind.PEER_CIRT, "name_fr": "Pair", "name_en": "Peer"},
    )
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    started = time.perf_counter()
    batch = import_batch_run(
        partner=partner,
        format="stix",
        sha256=digest.hexdigest(),
        items=parse_bundle(path, default_tlp="amber", confidence=50),
        size=path.stat().st_size,
    )
    elapsed = time.perf_counter() - started
    return {
        "status": batch.status,
        "seconds": round(elapsed, 2),
        "objects": batch.object_count,
        "created": batch.created_count,
        "skipped": batch.skipped_count,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _setup_django(url: str, var_dir: Path) -> None:
    os.environ.update(server_environment(database_url=url, var_dir=var_dir, redis_url=""))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()


def run(*, url: str, objects: int, small: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="vigilance-bench-stix-in-"))
    fresh_database(url)
    environment = server_environment(database_url=url, var_dir=work, redis_url="")
    migrate(environment)
    sizes: dict[str, Any] = {}
    for count in (small, objects):
        path = work / f"bundle-{count}.json"
        size = write_bundle(path, count)
        done = subprocess.run(
            [str(BIN / "python"), __file__, "--one", str(path), "--database-url", url],
            cwd=REPO,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        _setup_django(url, work)
        parse_seconds, parse_peak = parser_peak(path)
        sizes[str(count)] = {
            "bundle_mib": round(size / 1024 / 1024, 1),
            **figures,
            "parse_only_seconds": round(parse_seconds, 2),
            "parser_peak_mib": round(parse_peak, 2),
        }
    big = sizes[str(objects)]
    return {
        "database": url.rsplit("/", 1)[-1],
        "sizes": sizes,
        "aim_seconds": AIM_SECONDS,
        "verdict": "met"
        if big["seconds"] < AIM_SECONDS and big["status"] == "imported"
        else "missed",
        "load_average": os.getloadavg(),
    }


def print_table(result: dict[str, Any]) -> None:
    print("\nSTIX bundle import (one transaction, streamed)")
    print(
        f"{'objects':>9} {'MiB':>7} {'seconds':>8} {'created':>8} {'peak RSS':>9} {'parser peak':>12}"
    )
    for count, figures in result["sizes"].items():
        print(
            f"{count:>9} {figures['bundle_mib']:>7} {figures['seconds']:>8} "
            f"{figures['created']:>8} {figures['peak_rss_mib']:>8}M {figures['parser_peak_mib']:>11}M"
        )
    print(f"(aim under {result['aim_seconds']} s for the large bundle: {result['verdict']})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        _setup_django(options.database_url, options.one.parent)
        print(json.dumps(import_once(options.one)))
        return 0
    result = run(url=options.database_url, objects=options.objects, small=options.small)
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["verdict"] == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
