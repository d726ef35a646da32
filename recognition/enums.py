"""Choices of the recognition app and the table of how a nomination moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from community_portal.core.workflow import REVIEWER, Move, TransitionTable


class StarKind(models.TextChoices):
    """Seed 004: 月度之星 and 年度之星."""

    MONTH = "month", _("star of the month")
    YEAR = "year", _("star of the year")


class NominationState(models.TextChoices):
    NOMINATED = "nominated", _("nominated")
    CHOSEN = "chosen", _("chosen as a star")


# The nominee is the party; reviewers choose, never themselves. A star is a star:
# a choice is final (a mistake is corrected in the database by a maintainer).
NOMINEE = "nominee"

NOMINATION_TABLE = TransitionTable(
    [Move(NominationState.NOMINATED, NominationState.CHOSEN, REVIEWER)],
    parties=[NOMINEE],
)
