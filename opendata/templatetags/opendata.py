"""Tags for the page head: feed links, and the description, preview and language links
that search engines and link previews read."""

from django import template
from django.urls import reverse
from django.utils.html import format_html_join

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
