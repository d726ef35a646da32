"""The append-only points ledger the whole portal reads, and the leaderboards'
summary rows kept in the same transaction as every entry.
"""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import StoredMessage
from submissions.enums import PointsPeriod
from submissions.errors import LedgerError

NEVER_EDITED = _("Ledger entries are never edited: correct one with a reversing entry.")
NEVER_DELETED = _("Ledger entries are never deleted: correct one with a reversing entry.")


# Points earned, as the leaderboards and activity measures count them: positive
# awards that are not corrections and were not corrected.
POINTS_EARNED = models.Q(amount__gt=0, reverses__isnull=True, reversal__isnull=True)


class PointEntryQuerySet(models.QuerySet):
    """Ledger rows are only ever inserted: bulk edits and deletes are refused."""

    def earned(self):
        return self.filter(POINTS_EARNED)

    def update(self, **kwargs):
        raise LedgerError(NEVER_EDITED)

    def delete(self):
        raise LedgerError(NEVER_DELETED)


class PointEntry(StoredMessage):
    """One line of the append-only points ledger.

    An award points at the object it came from (``source``, any model). A
    correction is a new entry that ``reverses`` an earlier one, for its opposite
    amount, at most once. A source awarded again after its award was reversed
    names that correction (``after_reversal``), and each correction is followed
    by at most one award: with one first award per source, a source never has
    more than one *live* (unreversed) award, whoever writes concurrently. On
    PostgreSQL a trigger refuses UPDATE and DELETE of ledger rows as well.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="point_entries",
        verbose_name=_("member"),
    )
    amount = models.IntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=300)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("source type")
    )
    source_id = models.PositiveBigIntegerField(_("source id"))
    source = GenericForeignKey("source_type", "source_id")
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("corrects"),
    )
    after_reversal = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_again",
        verbose_name=_("awarded again after"),
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = PointEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-created_at", "-id"]
        permissions = [("reverse_pointentry", _("Can correct points with a reversing entry"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount=0), name="pointentry_amount_not_zero"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="pointentry_has_reason"),
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=models.Q(reverses__isnull=True, after_reversal__isnull=True),
                name="pointentry_one_first_award_per_source",
                violation_error_message=_("This was awarded points already."),
            ),
            models.CheckConstraint(
                condition=models.Q(reverses__isnull=True) | models.Q(after_reversal__isnull=True),
                name="pointentry_award_or_correction",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "created_at"], name="pointentry_member_idx"),
            # A source's entries, reversals included: the points shown beside each
            # submission are summed over these.
            models.Index(fields=["source_type", "source_id"], name="pointentry_source_idx"),
        ]

    def __str__(self):
        return f"{self.amount:+d} · {self.reason_text}"

    @property
    def reason_text(self) -> str:
        """The reason in the reader's language: an award's reward rule is a stored
        message (its name in each language); a correction's reason is as typed."""
        return self.render_stored_message(self.reason)

    reason_text.fget.short_description = _("reason")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerError(NEVER_EDITED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerError(NEVER_DELETED)

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


# The leaderboards' summary, kept by the ledger services (see ``points_summary``).

ALL_TIME_START = date(1, 1, 1)  # the period_start of the all-time rows


class PointsTotal(models.Model):
    """Points a member earned in one period (a local month, a local year, all time).

    Kept in the transaction of every award and correction, so it is exact;
    ``manage.py rebuild_points_summary --check`` compares it with the ledger.
    ``reached_at`` is when the member's latest counted award of the period was
    made: between equal totals, whoever got there first is listed first. A row
    whose points were all corrected stays, with 0 points, off the boards.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="points_totals",
        verbose_name=_("member"),
    )
    period = models.CharField(_("period"), max_length=5, choices=PointsPeriod.choices)
    period_start = models.DateField(_("from"))
    points = models.IntegerField(_("points"), default=0)
    reached_at = models.DateTimeField(_("reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("points total")
        verbose_name_plural = _("points totals")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period", "period_start"], name="pointstotal_once_per_period"
            ),
        ]
        indexes = [
            # The leaderboard's order, so a page (even a deep one) is a range of it.
            models.Index(
                fields=["period", "period_start", "-points", "reached_at", "member"],
                name="pointstotal_board_idx",
            ),
        ]

    def __str__(self):
        return f"{self.member_id} · {self.period} {self.period_start}: {self.points}"


class PointsTally(models.Model):
    """How many members have exactly ``points`` in a period: the board's size and
    a member's rank are sums over these few rows, not counts over every member."""

    period = models.CharField(_("period"), max_length=5, choices=PointsPeriod.choices)
    period_start = models.DateField(_("from"))
    points = models.PositiveIntegerField(_("points"))
    members = models.PositiveIntegerField(_("members"), default=0)

    class Meta:
        verbose_name = _("points tally")
        verbose_name_plural = _("points tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "period_start", "points"], name="pointstally_once_per_score"
            ),
        ]

    def __str__(self):
        return (
            f"{self.period} {self.period_start}: {self.members} members with {self.points} points"
        )
