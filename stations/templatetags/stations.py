"""Station pieces other pages include: ``{% load stations %}``."""

from django import template

from stations import selectors

register = template.Library()


@register.inclusion_tag("stations/_member_stations.html")
def member_stations(member):
    """The member's stations and roles, in one query whatever their number."""
    return {"memberships": list(selectors.memberships_for_member(member=member))}


@register.inclusion_tag("stations/_upcoming_events.html")
def upcoming_station_events(limit=3):
    return {"events": list(selectors.upcoming_events(limit=limit))}
