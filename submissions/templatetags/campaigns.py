"""``{% load campaigns %}``: the home page's open campaigns and Markdown escaping."""

import re

from django import template
from django.utils import timezone

from submissions import figures, selectors

register = template.Library()

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


@register.simple_tag
def open_campaigns(limit: int = 3):
    """The campaigns accepting submissions today, closing soonest first."""
    return list(selectors.campaigns_open()[:limit])


@register.inclusion_tag("submissions/_member_contributions.html")
def member_contributions(member, limit: int = 5):
    """The member's points, contribution calendar and latest selected content, for
    their public profile."""
    selected = list(selectors.member_selected_submissions(member=member)[: limit + 1])
    return {
        "points": selectors.points_balance(member=member),
        "calendar": figures.contribution_calendar(member=member, today=timezone.localdate()),
        "selected": selected[:limit],
        "more": len(selected) > limit,
    }


@register.filter
def markdown_escape(text) -> str:
    """Member-written text as literal Markdown: names and titles cannot add formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@register.filter
def markdown_url(url) -> str:
    """A link target for ``[text](<url>)``: angle brackets inside are percent-encoded."""
    return str(url).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
