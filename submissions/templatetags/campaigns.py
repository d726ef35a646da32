"""``{% load campaigns %}``: the home page's open campaigns and Markdown escaping."""

import re

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from community_portal.core.page_cache import cached_result
from community_portal.core.templatetags.charts import chart as draw_chart
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
    today = timezone.localdate()
    return {
        "points": selectors.points_balance(member=member),
        # A year of squares is the profile's costliest part to draw: kept, drawn, until
        # the ledger changes (signed-in visitors skip the page cache).
        "calendar": cached_result(
            f"submissions:calendar:{member.pk}:{today}:{get_language()}",
            ("submissions",),
            lambda: draw_chart(figures.contribution_calendar(member=member, today=today)),
        ),
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
