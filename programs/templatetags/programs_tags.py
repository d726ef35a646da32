"""Template helpers of the programs app: ``{% load programs_tags %}``."""

from django import template
from django.utils import timezone

from programs import selectors
from programs.enums import Actor, ApplicationState, ProgramState, application_targets

register = template.Library()

# The colour of an application's state badge (classes of portal.css).
STATE_TONES = {
    ApplicationState.APPROVED: "status--success",
    ApplicationState.COMPLETED: "status--success",
    ApplicationState.CHANGES_REQUESTED: "status--warning",
    ApplicationState.REJECTED: "status--danger",
    ApplicationState.WITHDRAWN: "status--danger",
}


@register.filter
def state_tone(state: str) -> str:
    return STATE_TONES.get(state, "")


@register.filter
def applicant_can(application, target: str) -> bool:
    """Whether the applicant may move ``application`` to ``target`` now."""
    return target in application_targets(application.state, Actor.APPLICANT)


@register.filter
def window_status(program, today) -> str:
    """ "open", "upcoming" or "closed": where the program's application window stands."""
    if program.state == ProgramState.OPEN and program.opens_on <= today <= program.closes_on:
        return "open"
    if program.state == ProgramState.OPEN and today < program.opens_on:
        return "upcoming"
    return "closed"


@register.simple_tag
def open_programs(limit: int = 3):
    """Programs accepting applications today, the soonest closing first."""
    return list(selectors.programs_accepting(today=timezone.localdate())[:limit])


@register.inclusion_tag("programs/_member_participations.html")
def member_participations(member):
    """The organizations a member took part in the program with, for their public profile."""
    return {"participations": list(selectors.participations_for_member(member=member))}
