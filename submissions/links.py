"""The one definition of "the same URL" for the duplicate check."""

from urllib.parse import urlsplit, urlunsplit


def normalize_url(url: str) -> str:
    """``HTTP://Ask.Example.com:443/t/1/`` and ``https://ask.example.com/t/1`` are the same.

    The scheme (http counts as https), the case of the host, a default port, a
    trailing slash and the #fragment make no difference; the path's case and the
    query string do (servers treat them as different pages).
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), parts.query, ""))
