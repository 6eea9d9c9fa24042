"""The French and English catalogues are complete and compiled."""

import ast
import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.support.page_walk import REFERENCE_DATA, reference_records, text_choices, text_problems
from vigilance.indicators.normalise import TYPES

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


# Labels written the same in both languages: markings, acronyms, brands, each language's own name.
SAME_IN_BOTH = {"API", "USSD", "SMS", "E-mail", "MTN Mobile Money", "Orange Money"}
SAME_IN_BOTH |= {"Français", "English", "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:RED"}
SAME_IN_BOTH |= {"TLP:AMBER+STRICT", "STIX 2.1", "MISP"}


def _readings(label: object) -> tuple[str, str]:
    with translation.override("fr"):
        french = str(label)
    with translation.override("en"):
        return french, str(label)


def test_every_choice_and_identifier_type_reads_in_french() -> None:
    labels = [(f"{c.__qualname__}.{v}", label) for c in text_choices() for v, label in c.choices]
    labels += [(f"identifier type {code}", label) for code, label in TYPES.items()]

    untranslated = [
        name
        for name, label in labels
        if (readings := _readings(label))[0] == readings[1] and readings[0] not in SAME_IN_BOTH
    ]

    assert untranslated == []


def test_every_english_reference_name_has_a_french_one() -> None:
    missing = [
        f"{path.name}: {record[f'{field}_en']}"
        for path in sorted(REFERENCE_DATA.glob("*.json"))
        for record in reference_records(path)
        for field in ("name", "label", "hint")
        if record.get(f"{field}_en") and not record.get(f"{field}_fr")
    ]

    assert missing == []


def test_the_page_walk_flags_codes_and_english_words_on_a_french_page() -> None:
    text = "Statut : investigating. Report envoyé par mobile-money, ouvrir →"

    assert text_problems(text, language="fr") == [
        "raw code 'investigating'",
        "English word 'Report'",
    ]


def test_the_page_walk_leaves_what_a_person_typed_and_french_words_alone() -> None:
    text = "Type : Téléphone. Description : my phone was stolen. Référence en cours d'examen"

    assert text_problems(text, language="fr", typed=["my phone was stolen"]) == []


def test_the_page_walk_flags_french_reference_names_on_an_english_page() -> None:
    assert text_problems("Region: Extrême-Nord", language="en") == ["French name 'Extrême-Nord'"]


def _formatted_at_import(path: Path) -> list[int]:
    """Lines where a lazy translation is formatted outside any function: the text is then
    fixed in the language active when the module was imported."""
    lazy_names = {"_", "gettext_lazy", "pgettext_lazy", "ngettext_lazy"}
    found: list[int] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            left = None
            if isinstance(child, ast.BinOp) and isinstance(child.op, ast.Mod):
                left = child.left
            elif isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                left = child.func.value if child.func.attr == "format" else None
            if isinstance(left, ast.Call) and getattr(left.func, "id", "") in lazy_names:
                found.append(child.lineno)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_no_lazy_text_is_formatted_at_import() -> None:
    sources = Path(settings.BASE_DIR).rglob("*.py")
    found = {
        f"{path.relative_to(settings.BASE_DIR)}:{line}"
        for path in sources
        if "migrations" not in path.parts
        for line in _formatted_at_import(path)
    }
    assert found == set()


def test_a_formatted_help_text_follows_the_reader() -> None:
    from vigilance.alerts.forms.alerts import AlertForm

    texts = {}
    for language in ("fr", "en"):
        with translation.override(language):
            texts[language] = str(AlertForm().fields["picture"].help_text)
    assert "shown when the link is shared" in texts["en"]
    assert "shown when the link is shared" not in texts["fr"]
    assert "5 MB" in texts["en"]
