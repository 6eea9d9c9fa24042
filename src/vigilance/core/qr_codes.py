"""QR codes drawn on the server as SVG (no script, CSP-safe).

``qrcode`` is imported when a code is drawn, not with this module: with the lxml and Pillow it
loads, it adds about 6 MB to a web worker, and most workers only ever take submissions and
look-ups.
"""

import base64
import io


def qr_svg_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG ``data:`` URI."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
