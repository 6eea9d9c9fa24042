"""What the page walk looks for on a page: strings the French catalogue leaves untranslated, words
that leak from one language (or from the code) into the other, and where to read a page's text.

Plain functions over the catalogue, the reference data and the URL conf, so that the browser test
only visits pages and hands their text here.
"""

import functools
import importlib
import json
import pkgutil
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import polib
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

import vigilance

FRENCH_CATALOGUE = Path(settings.BASE_DIR, "locale", "fr", "LC_MESSAGES", "django.po")
REFERENCE_DATA = Path(settings.BASE_DIR, "core", "data")

# English words of the interface that a French page never shows (whole words, case kept).
ENGLISH_UI_WORDS = (
    "Report",
    "Reports",
    "Status",
    "Submit",
    "Case",
    "Cases",
    "Search",
    "Save",
    "Cancel",
    "Back",
    "Next",
    "Previous",
    "Delete",
    "Edit",
    "Unit",
    "Units",
    "Members",
    "People",
    "Grants",
    "Tasks",
    "Timeline",
    "Evidence",
    "Priority",
    "Assigned",
    "Received",
    "Closed",
    "Open",
    "Password",
    "Sign in",
    "Sign out",
    "Download",
    "Approve",
    "Refuse",
    "Roles",
    "Region",
    "Yes",
    "open →",
    "none",
    "None",
)

# Codes whose spelling is also a French word, or the same in both languages: not leaks.
SHARED_CODES = frozenset(
    {"police", "gendarmerie", "cirt", "api", "ussd", "sms", "fr", "en", "message", "suspect"}
    | {"triage", "web", "crypto", "clear", "green", "amber", "red", "international", "link"}
    | {"intelligence", "reporter"}
    # The alerts' audience and severity codes are also French words.
    | {"public", "information"}
)

# Text in these elements is not the interface's words: code, raw records, what a person typed.
IGNORED = (
    "code, pre, samp, kbd, details.raw-record, .audit-record dd, "
    "[data-raw], [data-typed], [translate=no]"
)

# The text a reader meets on the page: every text node (closed <details> included, since a click
# shows it), button values, placeholders, labels for assistive technology; without the ignored
# elements and without what is marked as being in another language (the language switcher).
PAGE_TEXT_JS = """
(ignored) => {
  const pageLanguage = document.documentElement.lang;
  const skipped = (element) => {
    if (!element || element.closest(ignored) || element.closest('script, style, noscript, template')) {
      return true;
    }
    const marked = element.closest('[lang]');
    return Boolean(marked && marked !== document.documentElement && marked.lang !== pageLanguage);
  };
  const parts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!skipped(node.parentElement)) parts.push(node.nodeValue);
  }
  const attributed = 'input[type=submit], input[type=button], [placeholder], [aria-label], img[alt], [title]';
  for (const element of document.body.querySelectorAll(attributed)) {
    if (skipped(element)) continue;
    for (const name of ['placeholder', 'aria-label', 'alt', 'title']) {
      if (element.hasAttribute(name)) parts.push(element.getAttribute(name));
    }
    if (element.matches('input[type=submit], input[type=button]')) parts.push(element.value);
  }
  return parts.join('\\n');
}
"""

_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdif]|%[sdif]|\{[^}]*\}")
_SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def whole_word(phrase: str) -> re.Pattern[str]:
    """``phrase`` as a whole word: not inside a longer word, nor a hyphenated or snake_case one."""
    return re.compile(rf"(?<![\w\-]){re.escape(phrase)}(?![\w\-])")


@functools.cache
def untranslated_french_msgids() -> tuple[str, ...]:
    """The literal parts (placeholders cut out) of every French entry left empty or fuzzy."""
    catalogue = polib.pofile(str(FRENCH_CATALOGUE))
    entries = [*catalogue.untranslated_entries(), *catalogue.fuzzy_entries()]
    fragments: set[str] = set()
    for entry in entries:
        for msgid in (entry.msgid, entry.msgid_plural):
            pieces = [normalise_space(piece) for piece in _PLACEHOLDER.split(msgid)]
            longest = max(pieces, key=len, default="")
            if len(longest) >= 3:
                fragments.add(longest)
    return tuple(sorted(fragments))


def text_choices() -> Iterator[type[models.TextChoices]]:
    """Every choices class of the code base (its modules imported first, so none is missed)."""
    for module in pkgutil.walk_packages(vigilance.__path__, prefix="vigilance."):
        if not {"migrations", "management", "wsgi", "asgi"} & set(module.name.split(".")):
            importlib.import_module(module.name)
    pending = list(models.TextChoices.__subclasses__())
    while pending:
        choices = pending.pop()
        pending.extend(choices.__subclasses__())
        if choices.__module__.startswith("vigilance."):
            yield choices


@functools.cache
def raw_codes() -> tuple[str, ...]:
    """Every snake_case value of the code base's choices and identifier types: a page that shows
    one shows a code instead of its label."""
    from vigilance.indicators.normalise import TYPES

    values = {str(value) for choices in text_choices() for value in choices.values}
    values |= set(TYPES)
    return tuple(
        sorted(value for value in values if _SNAKE_CASE.match(value) and value not in SHARED_CODES)
    )


def reference_records(path: Path) -> Iterator[dict[str, object]]:
    """Every record (nested ones included) of a reference data file."""
    yield from _records(json.loads(path.read_text(encoding="utf-8")))


def _records(node: object) -> Iterator[dict[str, object]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _records(value)
    elif isinstance(node, list):
        for item in node:
            yield from _records(item)


@functools.cache
def reference_names() -> dict[str, tuple[str, ...]]:
    """By language, the names of the reference data (``name_fr``/``name_en``, ``label_…``) that
    differ from the other language's: a French page must not show the English one, and back."""
    names: dict[str, set[str]] = {"fr": set(), "en": set()}
    for path in sorted(REFERENCE_DATA.glob("*.json")):
        for record in reference_records(path):
            for field in ("name", "label"):
                french, english = record.get(f"{field}_fr"), record.get(f"{field}_en")
                if isinstance(french, str) and isinstance(english, str) and french != english:
                    names["fr"].add(french)
                    names["en"].add(english)
    return {language: tuple(sorted(found)) for language, found in names.items()}


@functools.cache
def leak_phrases(language: str) -> tuple[tuple[str, str], ...]:
    """(kind, phrase) pairs that must not appear on a page in ``language``."""
    # A one-word code ("open", "victim") is a plain word on an English page.
    codes = raw_codes() if language == "fr" else [code for code in raw_codes() if "_" in code]
    found = [("raw code", code) for code in codes]
    if language == "fr":
        found += [("English word", word) for word in ENGLISH_UI_WORDS]
        found += [("English name", name) for name in reference_names()["en"]]
    else:
        found += [("French name", name) for name in reference_names()["fr"]]
    return tuple(found)


@functools.cache
def _leak_patterns(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (f"{kind} {phrase!r}", whole_word(phrase)) for kind, phrase in leak_phrases(language)
    )


def text_problems(text: str, *, language: str, typed: Iterable[str] = ()) -> list[str]:
    """What is wrong with a page's text in ``language``; ``typed`` are values people entered,
    shown back as they were and so never a leak."""
    text = normalise_space(text)
    for value in sorted(typed, key=len, reverse=True):
        text = text.replace(normalise_space(value), " ")
    problems = [word for word, pattern in _leak_patterns(language) if pattern.search(text)]
    if language == "fr":
        problems += [
            f"untranslated msgid {msgid!r}"
            for msgid in untranslated_french_msgids()
            if whole_word(msgid).search(text)
        ]
    return problems


def page_route_names() -> set[str]:
    """Every named route under the language prefix (the pages), as ``namespace:name``."""
    names: set[str] = set()

    def walk(patterns: Iterable[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(
                    pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace
                )
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            walk(pattern.url_patterns, "")
    return names
