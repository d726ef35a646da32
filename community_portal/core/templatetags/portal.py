"""Template helpers shared by every app: ``{% load portal %}``."""

from django import template

from community_portal.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render member-written Markdown as sanitized HTML."""
    return render_markdown(text)
