"""The French and English catalogues are complete and compiled."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_both_languages_have_a_catalogue() -> None:
    assert {path.parts[-3] for path in CATALOGUES} == {"fr", "en"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(po_path: Path) -> None:
    catalogue = polib.pofile(str(po_path))
    if po_path.parts[-3] == "en":
        # English is the source language: an empty msgstr falls back to the msgid.
        assert catalogue.fuzzy_entries() == []
        return
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert missing == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_compiled_catalogue_matches_its_source(po_path: Path) -> None:
    with po_path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in polib.pofile(str(po_path)).translated_entries():
        if not entry.msgid_plural and not entry.msgctxt:
            assert compiled.gettext(entry.msgid) == entry.msgstr
