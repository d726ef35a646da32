"""Nominations (and the stars chosen among them), their history, and essay recommendations.

A nomination is one member for one period: a month (``period`` is its first day)
or a year (``period`` is 1 January). Authors of content selected in a month are
nominated for it; the month's stars are the year's nominees. Choosing a star is
moving its nomination to ``chosen`` with a citation: the hall of fame is the
chosen nominations.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import StateChange
from recognition.enums import NominationState, StarKind


class NominationQuerySet(models.QuerySet):
    def stars(self):
        return self.filter(state=NominationState.CHOSEN)


class Nomination(models.Model):
    kind = models.CharField(_("kind"), max_length=5, choices=StarKind.choices)
    period = models.DateField(
        _("period"), help_text=_("The first day of the month, or 1 January for the year.")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="nominations",
        verbose_name=_("member"),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=NominationState.choices,
        default=NominationState.NOMINATED,
    )
    # The selected submission that nominated the member for the month (the first one).
    submission = models.ForeignKey(
        "submissions.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominated for"),
    )
    # For a year: the month's star that made them a nominee.
    month_star = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("star of the month"),
    )
    citation = models.TextField(_("citation"), blank=True)
    nominated_at = models.DateTimeField(_("nominated"), default=timezone.now)
    chosen_at = models.DateTimeField(_("chosen"), null=True, blank=True, db_index=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-period", "kind", "id"]
        permissions = [("choose_star", _("Can choose the stars of the month and of the year"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "member"], name="nomination_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period__day=1),
                name="nomination_period_first_day",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=StarKind.YEAR) | models.Q(period__month=1),
                name="nomination_year_starts_in_january",
            ),
            models.CheckConstraint(
                condition=models.Q(state=NominationState.NOMINATED, chosen_at__isnull=True)
                | models.Q(state=NominationState.CHOSEN, chosen_at__isnull=False),
                name="nomination_chosen_when_chosen_at",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "kind", "period"], name="nomination_star_idx"),
        ]

    def __str__(self):
        return f"{self.member} · {self.period_label}"

    def get_absolute_url(self):
        return reverse("recognition:year", args=[self.period.year])

    @property
    def is_star(self) -> bool:
        return self.state == NominationState.CHOSEN

    @property
    def period_label(self) -> str:
        from django.utils.formats import date_format

        if self.kind == StarKind.YEAR:
            return str(self.period.year)
        return date_format(self.period, "YEAR_MONTH_FORMAT")


class NominationTransition(StateChange):
    """A nomination's history: created (nominated), then chosen, by whom, with the citation."""

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("nomination"),
    )
    from_state = models.CharField(
        _("from"), max_length=10, choices=NominationState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=10, choices=NominationState.choices)

    class Meta(StateChange.Meta):
        verbose_name = _("nomination step")
        verbose_name_plural = _("nomination steps")


class EssayRecommendation(models.Model):
    """A selected submission a reviewer sent to the essay competition (the green channel)."""

    submission = models.OneToOneField(
        "submissions.Submission",
        on_delete=models.CASCADE,
        related_name="essay_recommendation",
        verbose_name=_("submission"),
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recommended by"),
    )
    note = models.TextField(_("note for the judges"), blank=True)
    recommended_at = models.DateTimeField(_("recommended"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("essay competition recommendation")
        verbose_name_plural = _("essay competition recommendations")
        ordering = ["-recommended_at", "-id"]
        permissions = [
            ("recommend_essay", _("Can recommend a selected submission to the essay competition")),
            ("judge_essays", _("Can see the essay competition's recommendations (a judge)")),
        ]

    def __str__(self):
        return str(self.submission)
