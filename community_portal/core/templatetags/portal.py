"""Template helpers shared by every app: ``{% load portal %}``."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from community_portal.core import formatting
from community_portal.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render member-written Markdown as sanitized HTML."""
    return render_markdown(text)


# The header's section links depend only on the language and on which page is open
# (for aria-current): rendered once per process for each, not on every request.
# With DEBUG on, templates being edited show at once.
_nav_links: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def nav_links(context):
    request = context["request"]
    match = request.resolver_match
    key = (
        get_language(),
        request.path == "/",
        getattr(match, "app_name", None),
        getattr(match, "url_name", None),
    )
    html = _nav_links.get(key)
    if html is None or settings.DEBUG:
        html = render_to_string("includes/nav_links.html", {"request": request})
        _nav_links[key] = html
    return html


@register.filter
def iso(value):
    """The ``<time datetime>`` value: ISO 8601 to the second, in the site's zone."""
    return formatting.machine_time(value)


@register.filter
def with_zone(value, format_name="DATETIME_FORMAT"):
    """A moment in a named format followed by its time zone (event times)."""
    return formatting.zoned(value, format_name)


@register.filter
def signed_points(value):
    """``+1,000``: points added to (or taken from) a balance."""
    return formatting.signed_points(value)
