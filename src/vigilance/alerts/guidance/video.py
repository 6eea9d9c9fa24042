"""Which video links a guide may show: https, on a video platform or an official site.

The link is shown as a link, never embedded, so no third-party script or frame reaches the page.
"""

from urllib.parse import urlsplit

VIDEO_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtu.be",
        "facebook.com",
        "www.facebook.com",
        "m.facebook.com",
        "fb.watch",
    }
)
# Official sites: the state's domains and the agencies' own.
OFFICIAL_SUFFIXES = (".gov.cm", ".antic.cm", ".minpostel.gov.cm")
OFFICIAL_HOSTS = frozenset({"antic.cm", "www.antic.cm", "art.cm", "www.art.cm"})


def is_allowed_video_link(url: str) -> bool:
    """True for ``https://`` links to YouTube, Facebook or an official Cameroonian site."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or parts.username or parts.password:
        return False
    return host in VIDEO_HOSTS or host in OFFICIAL_HOSTS or host.endswith(OFFICIAL_SUFFIXES)
