"""Social-network profiles as one canonical URL per account (platform + handle).

Accepts a profile link (any of the platform's hosts, with or without "www.") or the short form
"platform/handle" ("tiktok/@name", "x: name"). Links to posts, groups or invitations are refused:
they do not name an account.
"""

import re
from collections.abc import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from django.utils.translation import gettext as _

from vigilance.indicators.normalise.base import InvalidIdentifier, Normalised, clean_text
from vigilance.indicators.normalise.phone import normalise_phone
from vigilance.indicators.normalise.web import normalise_url, refang

PLATFORMS = {
    "facebook": "facebook.com",
    "instagram": "instagram.com",
    "tiktok": "tiktok.com",
    "x": "x.com",
    "telegram": "t.me",
    "whatsapp": "wa.me",
    "linkedin": "linkedin.com",
    "youtube": "youtube.com",
}
_HOSTS = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "x.com": "x",
    "twitter.com": "x",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "wa.me": "whatsapp",
    "api.whatsapp.com": "whatsapp",
    "whatsapp.com": "whatsapp",
    "linkedin.com": "linkedin",
    "youtube.com": "youtube",
}
_NAMES = {"fb": "facebook", "ig": "instagram", "twitter": "x", "wa": "whatsapp"} | {
    name: name for name in PLATFORMS
}
_SHORT_FORM = re.compile(r"^([A-Za-z]+)\s*[:/]\s*(?!/)(.+)$")
_HOST_PREFIXES = re.compile(r"^(?:www|m|mobile|web|mbasic|[a-z]{2})\.(?=.+\..+)")

_FACEBOOK = re.compile(r"^[A-Za-z0-9.]{5,50}$")
_INSTAGRAM = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_TIKTOK = re.compile(r"^@[A-Za-z0-9._]{2,24}$")
_X = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_TELEGRAM = re.compile(r"^[A-Za-z0-9_]{4,32}$")
_LINKEDIN = re.compile(r"^[A-Za-z0-9\-_%]{2,100}$")
_YOUTUBE_HANDLE = re.compile(r"^@[A-Za-z0-9._\-]{3,30}$")
_YOUTUBE_CHANNEL = re.compile(r"^UC[A-Za-z0-9_\-]{22}$")
_YOUTUBE_NAME = re.compile(r"^[A-Za-z0-9._\-]{1,100}$")

_RESERVED = {
    "facebook": {
        "groups",
        "pages",
        "watch",
        "events",
        "marketplace",
        "share",
        "stories",
        "photo",
        "photos",
        "reel",
        "login",
        "help",
        "hashtag",
        "gaming",
        "sharer",
        "dialog",
        "home",
    },
    "instagram": {"p", "reel", "reels", "explore", "accounts", "direct", "tv"},
    "x": {"home", "explore", "search", "i", "intent", "share", "hashtag", "messages", "settings"},
    "telegram": {"joinchat", "addstickers", "share", "proxy", "socks"},
}


def _not_a_profile() -> InvalidIdentifier:
    return InvalidIdentifier(
        _("This link is not a profile: open the account's page and copy its address.")
    )


def _facebook(segments: list[str], query: dict[str, list[str]]) -> str:
    if segments[0] == "profile.php" and query.get("id", [""])[0].isdigit():
        return f"profile.php?id={int(query['id'][0])}"
    if segments[0] == "people" and len(segments) >= 3 and segments[2].isdigit():
        return f"profile.php?id={int(segments[2])}"
    handle = segments[0].lower()
    if (
        _FACEBOOK.match(handle)
        and not handle.endswith(".php")
        and handle not in _RESERVED["facebook"]
    ):
        return handle
    raise _not_a_profile()


def _instagram(segments: list[str], query: dict[str, list[str]]) -> str:
    if segments[0] == "stories" and len(segments) > 1:
        segments = segments[1:]
    handle = segments[0].lower()
    if _INSTAGRAM.match(handle) and handle not in _RESERVED["instagram"]:
        return handle
    raise _not_a_profile()


def _tiktok(segments: list[str], query: dict[str, list[str]]) -> str:
    if _TIKTOK.match(segments[0]):
        return segments[0].lower()
    raise _not_a_profile()


def _x(segments: list[str], query: dict[str, list[str]]) -> str:
    handle = segments[0].lower()
    if _X.match(handle) and handle not in _RESERVED["x"]:
        return handle
    raise _not_a_profile()


def _telegram(segments: list[str], query: dict[str, list[str]]) -> str:
    if segments[0] == "s" and len(segments) > 1:
        segments = segments[1:]
    handle = segments[0].lower()
    if _TELEGRAM.match(handle) and handle not in _RESERVED["telegram"]:
        return handle
    raise _not_a_profile()


def _whatsapp(segments: list[str], query: dict[str, list[str]]) -> str:
    number = query.get("phone", [""])[0] if segments[0] == "send" else unquote(segments[0])
    digits = re.sub(r"\D", "", number)
    if not digits:
        raise _not_a_profile()
    try:
        # wa.me links carry the number with its country code but without the "+".
        return normalise_phone("+" + digits)[1:]
    except InvalidIdentifier:
        return normalise_phone(digits)[1:]


def _linkedin(segments: list[str], query: dict[str, list[str]]) -> str:
    if len(segments) >= 2 and segments[0] in ("in", "company") and _LINKEDIN.match(segments[1]):
        return f"{segments[0]}/{segments[1].lower()}"
    raise _not_a_profile()


def _youtube(segments: list[str], query: dict[str, list[str]]) -> str:
    if _YOUTUBE_HANDLE.match(segments[0]):
        return segments[0].lower()
    if len(segments) >= 2 and segments[0] == "channel" and _YOUTUBE_CHANNEL.match(segments[1]):
        return f"channel/{segments[1]}"
    if len(segments) >= 2 and segments[0] in ("c", "user") and _YOUTUBE_NAME.match(segments[1]):
        return f"{segments[0]}/{segments[1].lower()}"
    raise _not_a_profile()


_HANDLES: dict[str, Callable[[list[str], dict[str, list[str]]], str]] = {
    "facebook": _facebook,
    "instagram": _instagram,
    "tiktok": _tiktok,
    "x": _x,
    "telegram": _telegram,
    "whatsapp": _whatsapp,
    "linkedin": _linkedin,
    "youtube": _youtube,
}


def _link_from_short_form(platform: str, handle: str) -> str:
    """``tiktok/name`` -> the link the platform itself would give for that account."""
    if (platform == "tiktok" and not handle.startswith("@")) or (
        platform == "youtube" and not handle.startswith(("@", "channel/", "c/", "user/"))
    ):
        handle = "@" + handle
    elif platform == "linkedin" and not handle.startswith(("in/", "company/")):
        handle = "in/" + handle
    elif platform not in ("tiktok", "youtube"):
        handle = handle.lstrip("@")
    return f"https://{PLATFORMS[platform]}/{handle}"


def parse_social_profile(raw: str) -> Normalised:
    text = refang(clean_text(raw))
    short = _SHORT_FORM.match(text)
    if short and short.group(1).lower() in _NAMES:
        text = _link_from_short_form(_NAMES[short.group(1).lower()], short.group(2).strip())
    parts = urlsplit(normalise_url(text))
    if parts.hostname in ("vm.tiktok.com", "vt.tiktok.com"):
        raise InvalidIdentifier(
            _("This is a TikTok short link: open it and copy the address of the profile.")
        )
    host = _HOST_PREFIXES.sub("", parts.hostname or "")
    platform = _HOSTS.get(host)
    if platform is None:
        raise InvalidIdentifier(
            _(
                "This is not a profile on a network we know (Facebook, Instagram, TikTok, X, "
                "Telegram, WhatsApp, LinkedIn, YouTube): choose “Link” instead."
            )
        )
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        raise _not_a_profile()
    handle = _HANDLES[platform](segments, parse_qs(parts.query))
    return Normalised(
        type="social_profile", value=f"https://{PLATFORMS[platform]}/{handle}", provider=platform
    )
