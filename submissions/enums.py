"""Choices of the submissions app and the table of allowed review transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where the content was published (seed 004: forum, blog, GitHub, bug hunting)."""

    FORUM_POST = "forum_post", _("Forum post")
    BLOG_POST = "blog_post", _("Blog post")
    PULL_REQUEST = "pull_request", _("GitHub pull request")
    BUG_REPORT = "bug_report", _("Tutorial bug report")


class SubmissionState(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    SELECTED = "selected", _("selected")
    REJECTED = "rejected", _("not selected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RewardRuleKind(models.TextChoices):
    FIRST_SELECTED = "first_selected", _("The first N selected get a fixed amount")
    DATE_RANGE = "date_range", _("Selected within dates: base points times a multiplier")
    REVIEWER_VALUED = "reviewer_valued", _("Amount set by the reviewer within bounds")


class PointsPeriod(models.TextChoices):
    """The leaderboards' periods: local months and years (settings.TIME_ZONE), and all time."""

    ALL_TIME = "all", _("all time")
    YEAR = "year", _("year")
    MONTH = "month", _("month")


class Actor(models.TextChoices):
    """Who may make a transition."""

    AUTHOR = "author", _("author")
    REVIEWER = "reviewer", _("reviewer")


S = SubmissionState

# (from, to) -> who may make the move. A selection or rejection is final.
SUBMISSION_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.SUBMITTED, S.SELECTED): Actor.REVIEWER,
    (S.SUBMITTED, S.REJECTED): Actor.REVIEWER,
    (S.SUBMITTED, S.CHANGES_REQUESTED): Actor.REVIEWER,
    (S.SUBMITTED, S.WITHDRAWN): Actor.AUTHOR,
    (S.CHANGES_REQUESTED, S.SUBMITTED): Actor.AUTHOR,
    (S.CHANGES_REQUESTED, S.WITHDRAWN): Actor.AUTHOR,
    # A reviewer need not wait for the author forever.
    (S.CHANGES_REQUESTED, S.SELECTED): Actor.REVIEWER,
    (S.CHANGES_REQUESTED, S.REJECTED): Actor.REVIEWER,
}


def transition_allowed(*, from_state: str, to_state: str, actor: str) -> bool:
    return SUBMISSION_TRANSITIONS.get((from_state, to_state)) == actor
