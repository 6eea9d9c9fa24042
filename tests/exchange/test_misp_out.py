"""The confirmed-fraud identifiers as MISP events: typed as MISP does, tagged with TLP 2.0 and
categories, grouped by collection and day of confirmation, loaded back with pymisp."""

import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path

import pytest
from pymisp import MISPEvent
from pymisp.tools import feed_meta_generator

from tests import personas
from vigilance.exchange.misp.feed import (
    event_chunks,
    feed_event_find,
    feed_events,
    feed_manifest,
    hashes_lines,
    misp_event_build,
)
from vigilance.exchange.misp.mapping import EXCHANGE_MISP_NAMESPACE
from vigilance.exchange.models import ExchangeCollection
from vigilance.indicators.models import Indicator, IndicatorStatusChange
from vigilance.indicators.services import indicator_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _feed_files_kept_apart(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.EXCHANGE_MISP_CACHE_DIR = tmp_path / "misp-feeds"


DAY = dt.date(2026, 3, 10)


def confirmed(
    kind: str,
    value: str,
    *,
    tlp: str = "green",
    provider: str = "",
    categories: tuple[str, ...] = ("mobile_money_fraud",),
    reports: int = 3,
    day: dt.date = DAY,
) -> Indicator:
    """An indicator confirmed by an analyst (with its history row) at noon UTC on ``day``."""
    at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    indicator = Indicator.objects.create(
        type=kind,
        value=value,
        provider=provider,
        tlp=tlp,
        categories=list(categories),
        report_count=reports,
        reporter_count=reports,
        first_seen=at - dt.timedelta(days=20),
        last_seen=at - dt.timedelta(days=1),
    )
    indicator_set_status(
        indicator=indicator,
        status="confirmed_fraud",
        reason="Named in several reports.",
        actor=personas.persona("cirt_analyst"),
    )
    Indicator.objects.filter(pk=indicator.pk).update(status_changed_at=at)
    IndicatorStatusChange.objects.filter(indicator=indicator).update(created_at=at)
    indicator.refresh_from_db()
    return indicator


def md5(value: str) -> str:
    """MISP's hashes.csv names values by their MD5 (a look-up key, not a protection)."""
    return hashlib.md5(value.encode(), usedforsecurity=False).hexdigest()


def collection(slug: str = "confirmed-green") -> ExchangeCollection:
    return ExchangeCollection.objects.get(slug=slug)


def served(slug: str = "confirmed-green", day: dt.date = DAY) -> MISPEvent:
    """The event of ``day`` as the feed streams it, loaded by pymisp."""
    feed = collection(slug)
    (summary,) = feed_events(feed, day=day)
    event = MISPEvent()
    event.load("".join(event_chunks(feed, summary)))
    return event


def all_values(event: MISPEvent) -> dict[str, tuple[str, bool]]:
    """value -> (MISP type, to_ids) for every attribute, objects' included."""
    found = {a.value: (a.type, a.to_ids) for a in event.attributes}
    for misp_object in event.objects:
        found |= {a.value: (a.type, a.to_ids) for a in misp_object.attributes}
    return found


IDENTIFIERS = [
    ("phone", "+237677123456", "MTN Cameroon"),
    ("momo_account", "+237699112233", "mtn_momo"),
    ("email", "scam@example.cm", ""),
    ("url", "http://pay-momo.example.cm/login", ""),
    ("domain", "pay-momo.example.cm", ""),
    ("ip", "203.0.113.9", ""),
    ("bank_account", "CM2110005000010123456789012", ""),
    ("bank_account", "10005000010123456789012", ""),
    ("crypto_wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "bitcoin"),
    ("crypto_wallet", "0x52908400098527886E0F7030069857D2E4169EE7", "ethereum"),
    ("imei", "490154203237518", ""),
    ("social_profile", "https://facebook.com/faux.agent.momo", "facebook"),
]


def test_every_type_of_identifier_round_trips_through_pymisp_typed_as_misp_does() -> None:
    for kind, value, provider in IDENTIFIERS:
        confirmed(kind, value, provider=provider, categories=("mobile_money_fraud", "phishing"))

    event = served()
    values = all_values(event)

    expected_types = {
        "+237677123456": "phone-number",
        "+237699112233": "phone-number",
        "scam@example.cm": "email-src",
        "http://pay-momo.example.cm/login": "url",
        "pay-momo.example.cm": "domain",
        "203.0.113.9": "ip-dst",
        "CM2110005000010123456789012": "iban",
        "10005000010123456789012": "bank-account-nr",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq": "btc",
        "0x52908400098527886E0F7030069857D2E4169EE7": "text",
        "490154203237518": "text",
        "https://facebook.com/faux.agent.momo": "link",
    }
    for value, misp_type in expected_types.items():
        assert values[value] == (misp_type, True), value
    objects = {o.name: o for o in event.objects}
    assert set(objects) == {"phone-number", "bank-account", "coin-address", "phone", "user-account"}
    momo = objects["phone-number"]
    assert (
        momo.get_attributes_by_relation("text")[0].value
        == "Mobile-money account (MTN Mobile Money)"
    )
    wallets = [o for o in event.objects if o.name == "coin-address"]
    symbols = {o.get_attributes_by_relation("symbol")[0].value for o in wallets}
    assert symbols == {"BTC", "ETH"}
    assert objects["phone"].get_attributes_by_relation("imei")[0].value == "490154203237518"
    for attribute in event.attributes:
        tags = {tag.name for tag in attribute.tags}
        assert 'vigilance:category="mobile-money-fraud"' in tags
        assert 'rsit:fraud="phishing"' in tags
        assert attribute.comment == "Confirmed fraud, named in 3 reports."
        assert attribute.first_seen < attribute.last_seen


def test_the_event_is_marked_with_the_collection_tlp_and_names_the_platform(settings) -> None:
    confirmed("phone", "+237677123456")
    event = served()

    tags = [tag.name for tag in event.tags]
    assert tags[0] == "tlp:green"
    assert 'vigilance:category="mobile-money-fraud"' in tags
    assert event.Orgc.name == settings.EXCHANGE_IDENTITY_NAME
    assert event.Orgc.uuid == str(uuid.uuid5(uuid.NAMESPACE_URL, settings.EXCHANGE_IDENTITY_NAME))
    assert event.date == DAY
    assert event.uuid == str(
        uuid.uuid5(EXCHANGE_MISP_NAMESPACE, f"event:{collection().pk}:{DAY.isoformat()}")
    )


def test_streamed_event_is_what_pymisp_to_feed_writes() -> None:
    confirmed("phone", "+237677123456")
    confirmed("bank_account", "CM2110005000010123456789012")
    feed = collection()
    (summary,) = feed_events(feed)

    streamed = json.loads("".join(event_chunks(feed, summary)))

    assert streamed == json.loads(json.dumps(misp_event_build(feed, summary).to_feed()))


def test_uuids_are_the_same_at_every_build() -> None:
    confirmed("phone", "+237677123456")
    confirmed("imei", "490154203237518")

    first, second = served(), served()

    assert first.uuid == second.uuid
    assert [a.uuid for a in first.attributes] == [a.uuid for a in second.attributes]
    assert [o.uuid for o in first.objects] == [o.uuid for o in second.objects]
    assert [a.uuid for a in first.objects[0].attributes] == [
        a.uuid for a in second.objects[0].attributes
    ]


def test_one_event_per_day_of_confirmation() -> None:
    confirmed("phone", "+237677123456", day=DAY)
    confirmed("phone", "+237677000111", day=DAY + dt.timedelta(days=2))

    summaries = feed_events(collection())

    assert [s.day for s in summaries] == [DAY, DAY + dt.timedelta(days=2)]
    assert set(all_values(served(day=DAY))) == {"+237677123456"}
    assert set(all_values(served(day=DAY + dt.timedelta(days=2)))) == {"+237677000111"}


def test_each_collection_holds_exactly_its_marking_and_red_never_appears() -> None:
    confirmed("phone", "+237677000001", tlp="clear")
    confirmed("phone", "+237677000002", tlp="green")
    confirmed("phone", "+237677000003", tlp="amber")
    confirmed("phone", "+237677000004", tlp="amber_strict")
    confirmed("phone", "+237677000005", tlp="red")
    strict = ExchangeCollection.objects.create(
        slug="strict",
        tlp="amber_strict",
        owner=personas.persona("mtn_responder").organisation,
        title_fr="x",
        title_en="x",
    )

    assert set(all_values(served("confirmed-clear"))) == {"+237677000001"}
    assert set(all_values(served("confirmed-green"))) == {"+237677000002"}
    assert set(all_values(served("confirmed-amber"))) == {"+237677000003"}
    assert feed_events(strict) == []
    for feed in [*ExchangeCollection.objects.all()]:
        everything = json.dumps(feed_manifest(feed)) + "".join(hashes_lines(feed))
        for summary in feed_events(feed):
            everything += "".join(event_chunks(feed, summary))
        assert "+237677000005" not in everything
        assert "+237677000004" not in everything


def test_a_warning_listed_or_unconfirmed_value_is_never_listed() -> None:
    confirmed("phone", "+237677123456")
    listed = confirmed("domain", "bit.ly")
    Indicator.objects.filter(pk=listed.pk).update(is_warning_listed=True)
    Indicator.objects.create(type="phone", value="+237677999999", tlp="green", report_count=9)

    assert set(all_values(served())) == {"+237677123456"}


def test_an_identifier_leaving_the_list_stays_as_a_deleted_attribute_and_moves_the_timestamp() -> (
    None
):
    kept = confirmed("phone", "+237677123456")
    left = confirmed("phone", "+237677000111")
    before = feed_events(collection())[0].timestamp

    indicator_set_status(
        indicator=left, status="false_positive", reason="Owner proved it.", actor=None
    )

    (summary,) = feed_events(collection())
    assert summary.timestamp > before
    assert (summary.count, summary.withdrawn_count) == (1, 1)
    event = served()
    by_value = {a.value: a for a in event.attributes}
    assert by_value[left.value].deleted is True
    assert by_value[left.value].timestamp > by_value[kept.value].timestamp
    assert not getattr(by_value[kept.value], "deleted", False)
    assert event.timestamp == summary.timestamp.replace(microsecond=0)
    hashes = "".join(hashes_lines(collection()))
    assert md5(left.value) not in hashes
    assert hashes.splitlines() == [f"{md5(kept.value)},{event.uuid}"]


def test_a_new_report_moves_the_timestamp_and_the_count() -> None:
    indicator = confirmed("phone", "+237677123456")
    before = served()

    Indicator.objects.filter(pk=indicator.pk).update(
        report_count=4, last_seen=dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    )

    after = served()
    assert after.timestamp > before.timestamp
    assert after.attributes[0].comment == "Confirmed fraud, named in 4 reports."
    assert feed_manifest(collection())[after.uuid]["timestamp"] == int(after.timestamp.timestamp())


def test_manifest_and_hashes_are_what_pymisps_feed_generator_writes(tmp_path: Path) -> None:
    confirmed("phone", "+237677123456", day=DAY)
    confirmed("crypto_wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", provider="bitcoin")
    confirmed("url", "http://pay-momo.example.cm/", day=DAY + dt.timedelta(days=1))
    feed = collection()
    for summary in feed_events(feed):
        (tmp_path / f"{summary.uuid}.json").write_text("".join(event_chunks(feed, summary)))

    feed_meta_generator(tmp_path)

    written = json.loads((tmp_path / "manifest.json").read_text())
    ours = feed_manifest(feed)
    for entry in ours.values():
        assert entry.pop("publish_timestamp") == entry["timestamp"]
    assert ours == written
    expected = sorted((tmp_path / "hashes.csv").read_text().splitlines())
    assert sorted("".join(hashes_lines(feed)).splitlines()) == expected
    assert len(expected) == 4  # the phone, the url, the wallet's address and its symbol


def test_an_unknown_event_uuid_is_not_found() -> None:
    confirmed("phone", "+237677123456")

    assert feed_event_find(collection(), str(uuid.uuid4())) is None
    assert feed_event_find(collection("confirmed-amber"), served().uuid) is None


def test_the_selectors_tell_confirmed_from_withdrawn_by_marking_and_day() -> None:
    from vigilance.indicators.selectors import confirmed_fraud_marked, fraud_withdrawn_marked

    kept = confirmed("phone", "+237677123456")
    left = confirmed("phone", "+237677000111")
    confirmed("phone", "+237677000222", tlp="amber")
    indicator_set_status(indicator=left, status="disputed", reason="Owner wrote.", actor=None)
    start = dt.datetime.combine(DAY, dt.time.min, tzinfo=dt.UTC)
    next_day = start + dt.timedelta(days=1)

    assert list(confirmed_fraud_marked(tlp="green")) == [kept]
    assert list(confirmed_fraud_marked(tlp="green", start=next_day)) == []
    (withdrawn,) = fraud_withdrawn_marked(tlp="green", start=start, end=next_day)
    assert withdrawn == left
    assert withdrawn.confirmed_at == start + dt.timedelta(hours=12)
    assert list(fraud_withdrawn_marked(tlp="amber")) == []


def test_a_built_event_is_kept_until_it_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    from vigilance.exchange.misp import feed as feed_module

    indicator = confirmed("phone", "+237677123456")
    feed = collection()
    (summary,) = feed_events(feed)
    first = b"".join(feed_module.event_file(feed, summary))

    def refuse(*args: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr(feed_module, "event_chunks", refuse)
    assert b"".join(feed_module.event_file(feed, summary)) == first
    monkeypatch.undo()

    Indicator.objects.filter(pk=indicator.pk).update(
        report_count=7, last_seen=dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    )
    (changed,) = feed_events(feed)
    again = b"".join(feed_module.event_file(feed, changed))
    assert b"named in 7 reports" in again
    kept = list(Path(settings_dir()).glob(f"{summary.uuid}.*.json"))
    assert len(kept) == 1


def test_a_pull_stopped_half_way_keeps_no_half_file() -> None:
    from vigilance.exchange.misp.feed import event_file

    for number in range(3):
        confirmed("phone", f"+23767700000{number}")
    feed = collection()
    (summary,) = feed_events(feed)

    pieces = event_file(feed, summary)
    next(pieces)
    pieces.close()  # type: ignore[attr-defined]

    assert list(Path(settings_dir()).iterdir()) == []


def settings_dir() -> Path:
    from django.conf import settings

    return Path(settings.EXCHANGE_MISP_CACHE_DIR)


def test_the_periodic_job_builds_only_what_changed() -> None:
    from vigilance.exchange.tasks import exchange_misp_feeds_prepare

    confirmed("phone", "+237677123456")
    confirmed("phone", "+237677000111", tlp="clear")

    # Two events and the hashes of the three collections (AMBER's is empty but has its file).
    assert exchange_misp_feeds_prepare() == 5
    assert exchange_misp_feeds_prepare() == 0
    confirmed("phone", "+237677000222", day=DAY + dt.timedelta(days=1))
    assert exchange_misp_feeds_prepare() == 2
