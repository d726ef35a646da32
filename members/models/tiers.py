"""Tiers (seed 001 §1.1), their measurable thresholds, promotion requests and history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import StateChange, StoredMessage
from members import progress
from members.enums import REVIEWER_TIERS, TierLevel, TierRequestState


class Tier(models.Model):
    """One rung of the ladder, configured by maintainers in the admin."""

    level = models.CharField(_("tier"), max_length=20, choices=TierLevel.choices, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("order"), unique=True, help_text=_("Lower comes first: user 1, contributor 2, ...")
    )
    requirements = models.TextField(
        _("requirements"), blank=True, help_text=_("Markdown; what a member must show.")
    )
    privileges = models.TextField(
        _("privileges"), blank=True, help_text=_("Markdown; what the tier lets a member do.")
    )

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["rank"]

    def __str__(self):
        return self.get_level_display()

    @property
    def grants_review_access(self) -> bool:
        """Holders get the reviewer access to the admin (staff + the Reviewers group)."""
        return self.level in REVIEWER_TIERS


class TierThreshold(models.Model):
    """ "At least N of a measure": a part of a tier's requirements the portal can count."""

    tier = models.ForeignKey(
        Tier, on_delete=models.CASCADE, related_name="thresholds", verbose_name=_("tier")
    )
    measure = models.CharField(
        _("measure"),
        max_length=60,
        help_text=_("What is counted; the apps of the portal register the measures."),
    )
    minimum = models.PositiveIntegerField(_("at least"))

    class Meta:
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        ordering = ["tier__rank", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "measure"], name="tier_threshold_unique"),
            models.CheckConstraint(condition=Q(minimum__gt=0), name="tier_threshold_positive"),
        ]

    def __str__(self):
        return f"{self.tier}: {self.measure_label} ≥ {self.minimum}"

    @property
    def measure_label(self):
        return progress.measure_label(self.measure)


class TierRequest(models.Model):
    """A member asks to move to a tier, with evidence; a reviewer decides."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tier_requests",
        verbose_name=_("member"),
    )
    from_tier = models.ForeignKey(
        Tier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tier when asking"),
    )
    to_tier = models.ForeignKey(
        Tier, on_delete=models.PROTECT, related_name="+", verbose_name=_("tier asked for")
    )
    evidence = models.TextField(_("evidence"), max_length=5000)
    # Started by a reviewer from the portal's suggested promotions, not by the member.
    suggested_by_portal = models.BooleanField(_("suggested by the portal"), default=False)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=TierRequestState.choices,
        default=TierRequestState.PENDING,
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    # [{"measure": key, "minimum": n, "value": n or None}]: the thresholds against the
    # member's progress as the decider saw them.
    measured_at_decision = models.JSONField(_("progress at the decision"), null=True, blank=True)

    class Meta:
        verbose_name = _("tier request")
        verbose_name_plural = _("tier requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(state=TierRequestState.PENDING),
                name="tier_request_one_pending_per_member",
                violation_error_message=_("You already have a request waiting for a decision."),
            ),
            models.CheckConstraint(
                condition=Q(from_tier__isnull=True) | ~Q(from_tier=models.F("to_tier")),
                name="tier_request_changes_tier",
            ),
            models.CheckConstraint(
                condition=Q(state=TierRequestState.PENDING, decided_at__isnull=True)
                | (~Q(state=TierRequestState.PENDING) & Q(decided_at__isnull=False)),
                name="tier_request_decided_when_closed",
            ),
        ]

    def __str__(self):
        return f"{self.member} → {self.to_tier}"


class TierChange(StoredMessage):
    """The tier history: append-only, one row per change, whoever made it.

    A reason the portal gave itself ("Joined the community.") is a stored message,
    shown in the reader's language; ``reason`` keeps its English words, or the
    reason a person typed.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tier_changes",
        verbose_name=_("member"),
    )
    from_tier = models.ForeignKey(
        Tier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_tier = models.ForeignKey(
        Tier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    reason = models.TextField(_("reason"))
    override_reason = models.TextField(
        _("why below the thresholds"),
        blank=True,
        help_text=_("Given when a request was approved below the thresholds the portal measures."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("date"), default=timezone.now)
    request = models.ForeignKey(
        TierRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier history")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_tier=models.F("to_tier")), name="tier_change_changes_tier"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="tier_change_has_reason"),
        ]

    def __str__(self):
        return f"{self.member}: {self.from_tier or '—'} → {self.to_tier or '—'}"

    @property
    def reason_text(self) -> str:
        return self.render_stored_message(self.reason)

    reason_text.fget.short_description = _("reason")


class TierRequestStep(StateChange):
    """The request's history: each decision or withdrawal, who made it, when and why."""

    request = models.ForeignKey(
        TierRequest, on_delete=models.CASCADE, related_name="steps", verbose_name=_("request")
    )

    class Meta(StateChange.Meta):
        verbose_name = _("tier request step")
        verbose_name_plural = _("tier request steps")
