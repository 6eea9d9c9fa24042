"""The site of a link or an e-mail address: its registrable domain, unless many unrelated people
share it (MISP warning lists shipped with pymispwarninglists)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigilance.indicators.normalise import InvalidIdentifier, normalise
from vigilance.indicators.sites import SHARED_DOMAIN_LISTS, shared_domains, site_domain


@pytest.mark.parametrize(
    ("type", "value", "site"),
    [
        ("url", "https://promo-orange-cm.com/inscription?id=1", "promo-orange-cm.com"),
        ("url", "https://www.promo-orange-cm.com/", "promo-orange-cm.com"),
        ("url", "https://paiement.promo-orange-cm.com/x", "promo-orange-cm.com"),
        ("url", "https://promo-mtn.blogspot.com/p/gagner.html", "promo-mtn.blogspot.com"),
        ("url", "https://bonus-momo.github.io/", "bonus-momo.github.io"),
        ("email", "agent@promo-mtn-cm.com", "promo-mtn-cm.com"),
    ],
)
def test_a_sites_own_domain_is_its_site(type: str, value: str, site: str) -> None:
    assert site_domain(type, value) == site


@pytest.mark.parametrize(
    ("type", "value"),
    [
        ("url", "https://bit.ly/3xYz"),
        ("url", "https://tinyurl.com/gagner"),
        ("url", "https://linktr.ee/promo"),
        ("url", "https://blogspot.com/"),
        ("url", "https://www.facebook.com/promo.orange.cm"),
        ("url", "https://sites.google.com/view/promo-mtn"),
        ("url", "https://docs.google.com/forms/d/e/1FAIpQL/viewform"),
        ("url", "https://wa.me/237699887766"),
        ("url", "https://x.wordpress.com/"),
        ("url", "http://203.0.113.7/login"),
        ("url", "http://[2001:db8::1]/login"),
        ("url", "https://site.example/inscription"),
        ("email", "arnaqueur@gmail.com"),
        ("email", "arnaqueur@yahoo.com"),
        ("email", "arnaqueur@outlook.com"),
        ("email", "arnaqueur@mailinator.com"),
        ("email", "faux.agent@example.com"),
        ("phone", "+237699887766"),
        ("domain", "promo-orange-cm.com"),
    ],
)
def test_shared_domains_and_other_values_have_no_site(type: str, value: str) -> None:
    assert site_domain(type, value) is None


def test_the_lists_come_from_the_wheel_and_leave_out_the_top_million() -> None:
    names = shared_domains()

    assert all(name in names for name in ("bit.ly", "gmail.com", "blogspot.com", "github.io"))
    assert "promo-orange-cm.com" not in names
    assert not {"alexa", "tranco", "majestic_million", "cisco_top1000"} & set(SHARED_DOMAIN_LISTS)
    assert len(names) < 100_000


@given(type=st.sampled_from(["url", "email"]), text=st.text(max_size=120))
def test_deriving_a_site_never_raises(type: str, text: str) -> None:
    try:
        value = normalise(type, text).value
    except InvalidIdentifier:
        return
    site = site_domain(type, value)
    assert site is None or normalise("domain", site).value == site


_LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)


@given(
    labels=st.lists(_LABEL, min_size=1, max_size=4),
    suffix=st.sampled_from(["cm", "com", "net", "co.uk", "blogspot.com", "xyz"]),
    path=st.from_regex(r"(/[a-z0-9]{0,8}){0,3}(\?id=[0-9]{1,4})?", fullmatch=True),
)
def test_a_site_is_its_own_site_and_every_link_on_it_gives_it(
    labels: list[str], suffix: str, path: str
) -> None:
    host = ".".join([*labels, suffix])
    site = site_domain("url", normalise("url", f"https://{host}{path}").value)
    if site is None:
        return
    assert site_domain("url", f"https://{site}/") == site
    assert site_domain("url", f"https://www.{site}/autre?id=4") == site
    assert site_domain("email", f"contact@{site}") == site
