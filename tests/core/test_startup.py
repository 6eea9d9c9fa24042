"""What a web worker loads before its first request: the URL conf and the WSGI app, without the
libraries only the partners' feeds, the exports and the PDFs use, so that a worker serving the
public pages, reports and look-ups stays small (docs/benchmarks.md)."""

from pathlib import Path

from tests.support.live_process import modules_after_startup

# Each costs megabytes per process and is imported by the code that uses it, on first use.
LOADED_ON_USE = (
    "pymispwarninglists",  # its import loads jsonschema's format checkers (about 18 MB)
    "jsonschema",
    "pymisp",  # MISP feeds and imports
    "stix2",  # STIX schemas, publishing and imports
    "stix2patterns",
    "taxii2client",  # polling a partner's TAXII server
    "Cryptodome",  # checksums of Ethereum addresses
    "weasyprint",  # PDF receipts and exports
    "qrcode",  # QR codes of receipts, posters and the authenticator's enrolment
    "lxml",  # loaded by qrcode's SVG images
    "PIL",  # alert pictures, and QR codes
    "markdown_it",  # alert bodies
    "requests",  # the HTTP client of partners' feeds (pymisp, taxii2-client)
)


def _loaded_after(tmp_path: Path, statements: str) -> list[str]:
    """Which of ``LOADED_ON_USE`` a started worker holds once ``statements`` have run."""
    packages = {name.partition(".")[0] for name in modules_after_startup(tmp_path, statements)}
    return sorted(packages & set(LOADED_ON_USE))


def test_a_started_worker_has_not_loaded_the_libraries_of_feeds_exports_and_pdfs(
    tmp_path: Path,
) -> None:
    assert _loaded_after(tmp_path, "pass") == []


def test_a_report_reads_the_shared_domains_without_loading_the_warning_lists_package(
    tmp_path: Path,
) -> None:
    loaded = _loaded_after(
        tmp_path,
        "from vigilance.indicators.sites import site_domain; "
        "assert site_domain('url', 'https://bit.ly/3xYz') is None; "
        "assert site_domain('url', 'https://colis-douane-cm.com/suivi') == 'colis-douane-cm.com'",
    )

    assert loaded == []


def test_a_library_shows_once_the_code_that_uses_it_runs(tmp_path: Path) -> None:
    loaded = _loaded_after(
        tmp_path,
        "import vigilance.exchange.misp.feed, vigilance.exchange.stix.extensions; "
        "from vigilance.indicators.normalise import normalise; "
        "normalise('crypto_wallet', '0x52908400098527886e0f7030069857d2e4169ee7')",
    )

    assert {"Cryptodome", "pymisp", "stix2"} <= set(loaded)
