"""Station pieces other pages include: ``{% load stations %}``."""

from django import template

from community_portal.core.page_cache import valid_until
from stations import selectors

register = template.Library()


@register.inclusion_tag("stations/_member_stations.html")
def member_stations(member):
    """The member's stations and roles, in one query whatever their number."""
    return {"memberships": list(selectors.memberships_for_member(member=member))}


@register.inclusion_tag("stations/_upcoming_events.html", takes_context=True)
def upcoming_station_events(context, limit=3):
    request = context.get("request")
    if request is not None:
        # A cached home page must drop an event once it has started.
        valid_until(request, selectors.next_event_change)
    return {"events": list(selectors.upcoming_events(limit=limit))}
