"""Print the identifiers found in the text read on standard input, one JSON object per line:
``{"type": ..., "value": <normal form>}``, each once, in the order of the text."""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from vigilance.indicators.extraction import distinct, extract_identifiers


class Command(BaseCommand):
    help = "Read text on stdin and print each identifier found in it as one JSON line."
    # call_command(..., stdin=StringIO(...)) in tests; the real standard input otherwise.
    stealth_options = ("stdin",)
    # A text filter used in pipelines: the project's checks add seconds and say nothing about it.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        stream = options.get("stdin") or sys.stdin
        # Bytes are decoded here so that a stray invalid byte in a pasted text cannot stop the
        # command, whatever the locale of the shell.
        binary = getattr(stream, "buffer", None)
        text = binary.read().decode("utf-8", "replace") if binary else stream.read()
        for found in distinct(extract_identifiers(text)):
            self.stdout.write(json.dumps({"type": found.type, "value": found.value}))
