"""Tags for the page head: feed links, and the description, preview and language links
that search engines and link previews read."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html_join, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from community_portal.core.markdown import render_markdown
from members.middleware import LANGUAGE_PARAMETER

register = template.Library()


@register.simple_tag
def feed_links(name: str, *args, title: str = ""):
    """``<link rel="alternate">`` to the RSS and Atom versions of the feed ``name``."""
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" href="{}" title="{}">',
        [
            (kind, reverse(f"opendata:{name}_{suffix}", args=args), f"{title} ({label})")
            for suffix, kind, label in (
                ("rss", "application/rss+xml", "RSS"),
                ("atom", "application/atom+xml", "Atom"),
            )
        ],
    )


def _language_tag(code: str) -> str:
    """BCP 47 as hreflang and og:locale want it: zh-hans → zh-Hans."""
    parts = code.split("-")
    return "-".join([parts[0], *(p.title() if len(p) == 4 else p.upper() for p in parts[1:])])


def _plain(text: str, length: int = 160) -> str:
    """Markdown as one line of plain text, cut at a word near ``length`` characters."""
    flat = " ".join(strip_tags(render_markdown(str(text))).split())
    return Truncator(flat).chars(length)


def _image_url(image) -> str:
    if not image:
        return ""
    url = image.url if hasattr(image, "url") else str(image)
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def page_addresses(request) -> dict:
    """The page's canonical address and its address in each language.

    A page's language is named by ``?lang=``; the address without it lets the
    visitor's browser (or their own choice) decide: that is the x-default.
    """
    base = f"{settings.SITE_URL}{request.path}"
    kept = request.GET.copy()
    kept.pop(LANGUAGE_PARAMETER, None)
    # Only pagination names a different page; filters and searches show the same ones.
    query = {"page": kept["page"]} if kept.get("page", "1") != "1" else {}

    def address(language=None):
        params = {**query, **({LANGUAGE_PARAMETER: language} if language else {})}
        return f"{base}?{urlencode(params)}" if params else base

    current = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "canonical": address(current),
        "alternates": [(_language_tag(code), address(code)) for code, _name in settings.LANGUAGES]
        + [("x-default", address())],
    }


@register.inclusion_tag("opendata/_seo.html", takes_context=True)
def seo_tags(context, title="", description="", image=None, kind="website"):
    """Description, canonical and language links, OpenGraph and Twitter card of a page.

    ``image`` is an image field (a banner, a badge, a logo) or a URL; the community's
    logo when there is none.
    """
    community = context.get("community") or {}
    name = community.get("name", settings.COMMUNITY_NAME)
    request = context.get("request")
    default_description = _(
        "%(community)s: its programs, stations, campaigns, certifications and people."
    ) % {"community": name}
    image_url = _image_url(image) or _image_url(community.get("logo_url", ""))
    return {
        "title": str(title) or name,
        "site_name": name,
        "description": _plain(description) or default_description,
        "image": image_url,
        "large_image": bool(image),
        "kind": kind,
        "locale": _language_tag(translation.get_language() or settings.LANGUAGE_CODE).replace(
            "-", "_"
        ),
        **(page_addresses(request) if request is not None else {}),
    }
