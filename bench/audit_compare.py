"""One writer, one event per transaction: the append taking the head first (two statements, as
before group commit) against the append in one statement when the writer knows the head,
alternated in one process so that a shared machine's load weighs on both alike.

    python bench/audit_compare.py [--rounds 6] [--seconds 2]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.audit import DEFAULT_DATABASE, django_setup
from bench.server import fresh_database, migrate, server_environment


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=2.0)
    options = parser.parse_args()
    fresh_database(options.database_url)
    with tempfile.TemporaryDirectory(prefix="vigilance-bench-audit-") as tmp:
        var_dir = Path(tmp) / "var"
        migrate(
            server_environment(database_url=options.database_url, var_dir=var_dir, redis_url="")
        )
        django_setup(options.database_url, var_dir)
        from vigilance.audit import append
        from vigilance.audit.selectors import audit_chain_verify
        from vigilance.audit.services import audit_record

        rates: dict[str, list[float]] = {"head taken first": [], "one statement": []}
        load_before = os.getloadavg()
        for _round in range(options.rounds):
            for name in rates:
                end, count = time.monotonic() + options.seconds, 0
                while time.monotonic() < end:
                    if name == "head taken first":
                        append.chain_forget()
                    audit_record(actor=None, actor_label="bench", action="bench.compare")
                    count += 1
                rates[name].append(count / options.seconds)
        result = {
            "median_events_per_second": {
                k: round(statistics.median(v), 1) for k, v in rates.items()
            },
            "rounds": rates,
            "intact": audit_chain_verify().is_intact,
            "load_average": {"before": load_before, "after": os.getloadavg()},
        }
    print(json.dumps(result, indent=2))
    return 0 if result["intact"] else 1


if __name__ == "__main__":
    sys.exit(main())
