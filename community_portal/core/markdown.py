"""Markdown written by members or maintainers, rendered to safe HTML.

Markdown allows raw HTML, so the output goes through nh3 (the Ammonia
sanitizer): only formatting tags survive, links keep http(s)/mailto targets only
(never ``javascript:``), and every link gets rel="nofollow noopener noreferrer".
Images are not allowed: the Content-Security-Policy would block remote ones.
"""

import functools
import threading

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# Texts rendered again and again (tier requirements, program pages) are kept, up to a size.
_MEMO_LIMIT = 20_000
_local = threading.local()


def render_markdown(text: str | None) -> SafeString:
    text = text or ""
    if len(text) > _MEMO_LIMIT:
        return _render(text)
    return _memo(text)


@functools.lru_cache(maxsize=2048)
def _memo(text: str) -> SafeString:
    return _render(text)


def _converter() -> markdown_lib.Markdown:
    """This thread's converter: building one loads every extension (entry points) anew,
    which cost more than converting a short text."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(extensions=["extra", "sane_lists"])
    return converter


def _render(text: str) -> SafeString:
    html = _converter().reset().convert(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308  (sanitized by nh3 just above)
