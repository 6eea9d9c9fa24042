"""The public address of the embedded shape, from the address the web server listens on: links in
receipts, SMS and e-mails must name the port actually served."""

# A server listening on every interface is reached on this machine through the loopback.
LOOPBACK_FOR_WILDCARD = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]", "": "127.0.0.1"}  # noqa: S104  # nosec B104


def public_base_url_for_bind(bind: str) -> str | None:
    """``http://127.0.0.1:8131`` for the bind address ``127.0.0.1:8131`` (or ``0.0.0.0:8131``);
    None for a Unix socket, which has no address a person could type."""
    if bind.startswith(("unix:", "fd://")):
        return None
    host, separator, port = bind.rpartition(":")
    if not separator or not port.isdigit():
        return None
    host = LOOPBACK_FOR_WILDCARD.get(host, host)
    return f"http://{host}:{port}"
