"""Workspace tests read messages in English: addresses are reversed under /en/ and services
answer in English, unless a test switches language itself."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
