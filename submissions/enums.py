"""Choices of the submissions app and the table of allowed review transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from community_portal.core.workflow import REVIEWER, Move, TransitionTable


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
    REVIEWER = REVIEWER, _("reviewer")


S = SubmissionState

# Who may move a submission where. A selection or rejection is final; the
# author is the party, reviewers decide (and never on their own submission).
SUBMISSION_TABLE = TransitionTable(
    [
        Move(S.SUBMITTED, S.SELECTED, Actor.REVIEWER),
        Move(S.SUBMITTED, S.REJECTED, Actor.REVIEWER),
        Move(S.SUBMITTED, S.CHANGES_REQUESTED, Actor.REVIEWER, needs_comment=True),
        Move(S.SUBMITTED, S.WITHDRAWN, Actor.AUTHOR),
        Move(S.CHANGES_REQUESTED, S.SUBMITTED, Actor.AUTHOR),
        Move(S.CHANGES_REQUESTED, S.WITHDRAWN, Actor.AUTHOR),
        # A reviewer need not wait for the author forever.
        Move(S.CHANGES_REQUESTED, S.SELECTED, Actor.REVIEWER),
        Move(S.CHANGES_REQUESTED, S.REJECTED, Actor.REVIEWER),
    ],
    parties=[Actor.AUTHOR],
)
