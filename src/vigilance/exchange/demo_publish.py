"""Demonstration data of the exchange: what the demonstration's confirmed indicators look like
as published STIX objects. Safe to run again: an unchanged indicator writes nothing."""

from typing import TextIO

from vigilance.exchange.services.publish import publish_run


def seed(stdout: TextIO) -> None:
    result = publish_run(full=True)
    stdout.write(
        f"STIX objects: {result.written} written, {result.unchanged} unchanged, "
        f"{result.revoked} revoked, {result.clusters} groupings.\n"
    )
