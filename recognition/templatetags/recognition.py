from django import template

from recognition import selectors

register = template.Library()


@register.inclusion_tag("recognition/_member_stars.html")
def member_stars(member):
    """The member's stars of the month and of the year, as badges (one query)."""
    return {"stars": selectors.member_stars(member)}


@register.simple_tag
def latest_stars(count: int = 3):
    """The latest stars, for the home page (one query)."""
    return list(selectors.stars()[:count])
