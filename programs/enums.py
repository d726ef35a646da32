"""States of programs, applications and named members, and the transitions allowed between them.

The tables here are the only definition of the workflows: services refuse any
change that is not listed, whoever asks for it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community_portal.core.workflow import REVIEWER, Move, TransitionTable


class ProgramState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("program state", "draft")
    OPEN = "open", pgettext_lazy("program state", "open")
    CLOSED = "closed", pgettext_lazy("program state", "closed")
    ARCHIVED = "archived", pgettext_lazy("program state", "archived")


# Maintainers move programs along these edges from the admin.
PROGRAM_TRANSITIONS: dict[str, frozenset[str]] = {
    ProgramState.DRAFT: frozenset({ProgramState.OPEN, ProgramState.ARCHIVED}),
    ProgramState.OPEN: frozenset({ProgramState.CLOSED}),
    ProgramState.CLOSED: frozenset({ProgramState.OPEN, ProgramState.ARCHIVED}),
    ProgramState.ARCHIVED: frozenset(),
}

# Programs that visitors may see.
PUBLIC_PROGRAM_STATES = (ProgramState.OPEN, ProgramState.CLOSED)


class ApplicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application state", "draft")
    SUBMITTED = "submitted", pgettext_lazy("application state", "submitted")
    IN_REVIEW = "in_review", pgettext_lazy("application state", "in review")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("application state", "changes requested")
    APPROVED = "approved", pgettext_lazy("application state", "approved")
    REJECTED = "rejected", pgettext_lazy("application state", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application state", "withdrawn")
    COMPLETED = "completed", pgettext_lazy("application state", "completed")


class Actor(models.TextChoices):
    """Who may make a transition."""

    APPLICANT = "applicant", _("the applicant")
    REVIEWER = REVIEWER, _("a reviewer")


_S = ApplicationState
# The applicant is the party; reviewers decide, and never on an application
# they made or that names them.
APPLICATION_TABLE = TransitionTable(
    [
        Move(_S.DRAFT, _S.SUBMITTED, Actor.APPLICANT),
        Move(_S.CHANGES_REQUESTED, _S.SUBMITTED, Actor.APPLICANT),
        Move(_S.SUBMITTED, _S.IN_REVIEW, Actor.REVIEWER),
        Move(_S.IN_REVIEW, _S.APPROVED, Actor.REVIEWER),
        Move(_S.IN_REVIEW, _S.REJECTED, Actor.REVIEWER, needs_comment=True),
        Move(_S.IN_REVIEW, _S.CHANGES_REQUESTED, Actor.REVIEWER, needs_comment=True),
        Move(_S.APPROVED, _S.COMPLETED, Actor.REVIEWER),
        # The applicant may withdraw at any time before a decision.
        Move(_S.DRAFT, _S.WITHDRAWN, Actor.APPLICANT),
        Move(_S.SUBMITTED, _S.WITHDRAWN, Actor.APPLICANT),
        Move(_S.IN_REVIEW, _S.WITHDRAWN, Actor.APPLICANT),
        Move(_S.CHANGES_REQUESTED, _S.WITHDRAWN, Actor.APPLICANT),
    ],
    parties=[Actor.APPLICANT],
)


def application_transition(source: str, target: str) -> Move | None:
    """The allowed move from ``source`` to ``target``, or None."""
    return APPLICATION_TABLE.move(source, target)


def application_targets(source: str, actor: Actor) -> list[str]:
    """The states ``actor`` may move an application to from ``source``."""
    return APPLICATION_TABLE.targets(source, actor)


def needs_comment(target: str) -> bool:
    """Whether moving an application to ``target`` needs a comment to the applicant."""
    return APPLICATION_TABLE.needs_comment(target)


# The applicant may change the content (and the named members) only in these states.
EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.CHANGES_REQUESTED)
# Waiting for a reviewer.
REVIEW_QUEUE_STATES = (ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW)
# An approved application is a participation; completed ones stay on the showcase.
PARTICIPATION_STATES = (ApplicationState.APPROVED, ApplicationState.COMPLETED)
# Decided or given up: these do not block a new application for the same organization.
CLOSED_STATES = (ApplicationState.REJECTED, ApplicationState.WITHDRAWN)


class NamedMemberState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("named member answer", "waiting for an answer")
    CONFIRMED = "confirmed", pgettext_lazy("named member answer", "confirmed")
    DECLINED = "declined", pgettext_lazy("named member answer", "declined")


# A named member answers, and may change their answer while the application is editable.
NAMED_MEMBER_TRANSITIONS: dict[str, frozenset[str]] = {
    NamedMemberState.PENDING: frozenset({NamedMemberState.CONFIRMED, NamedMemberState.DECLINED}),
    NamedMemberState.CONFIRMED: frozenset({NamedMemberState.DECLINED}),
    NamedMemberState.DECLINED: frozenset({NamedMemberState.CONFIRMED}),
}


class MilestoneKind(models.TextChoices):
    IN_PRODUCTION = "in_production", _("in production")
    PRODUCT_RELEASED = "product_released", _("product released")
    CONSULTING = "consulting", _("consulting services offered")
    RESEARCH = "research", _("research published")
    TALK = "talk", _("talk or article")
    CONTRIBUTION = "contribution", _("contribution merged")
    OTHER = "other", _("other")
