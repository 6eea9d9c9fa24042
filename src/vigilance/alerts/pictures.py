"""An alert's picture: checked to be a real PNG, JPEG or WebP image, then re-encoded by Pillow so
that no metadata (GPS position, camera, author) reaches the public. Plain functions.

Pillow is imported when a picture is checked, not with this module (about 2.5 MB a web worker
that never sees one)."""

import hashlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

import filetype
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000
FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}


class PictureRejected(Exception):
    """Not a picture the platform publishes; the message says why, in the active language."""


@dataclass(frozen=True)
class Picture:
    content: bytes
    type: str
    sha256: str


def picture_reencode(content: bytes) -> Picture:
    """The picture re-encoded without metadata, at most ``MAX_SIDE`` pixels a side."""
    if len(content) > MAX_BYTES:
        raise PictureRejected(
            _("The picture is too large: at most %(size)d MB.") % {"size": MAX_BYTES // 2**20}
        )
    from PIL import Image, UnidentifiedImageError

    kind = filetype.guess_mime(content)
    if kind not in FORMATS:
        raise PictureRejected(_("The picture must be a PNG, JPEG or WebP image."))
    try:
        # verify() reads the whole file: a truncated one is refused even though WeasyPrint,
        # once imported, tells Pillow to load truncated images.
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PictureRejected(_("The picture has too many pixels."))
            image.load()
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            clean = _without_metadata(image, FORMATS[kind])
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise PictureRejected(_("The picture could not be read: send another file.")) from error
    output = io.BytesIO()
    options = {"quality": 85} if kind != "image/png" else {"optimize": True}
    clean.save(output, format=FORMATS[kind], **options)
    data = output.getvalue()
    return Picture(content=data, type=kind, sha256=hashlib.sha256(data).hexdigest())


def _without_metadata(image: "PillowImage", format: str) -> "PillowImage":
    """A fresh image holding only the pixels (no EXIF, XMP, ICC or text chunks)."""
    mode = image.mode
    if format == "JPEG" and mode not in ("RGB", "L"):
        mode = "RGB"
    elif mode not in ("RGB", "RGBA", "L", "LA"):
        mode = "RGBA" if "transparency" in image.info or "A" in image.mode else "RGB"
    from PIL import Image

    pixels = image.convert(mode)
    fresh = Image.new(mode, pixels.size)
    fresh.paste(pixels)
    return fresh
