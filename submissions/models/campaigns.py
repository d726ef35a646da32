"""Campaigns and their ordered reward rules, submissions with their review history."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import StateChange
from submissions.enums import Channel, RewardRuleKind, SubmissionState

# Campaign slugs share /campaigns/<slug>/ with these pages.
RESERVED_SLUGS = ["leaderboard", "points", "mine", "submissions"]


def _channels_error(value, *, allow_empty: bool):
    """What is wrong with a list of channels, or None."""
    if not isinstance(value, list) or any(item not in Channel.values for item in value):
        return _("Choose channels from the list.")
    if not value and not allow_empty:
        return _("Choose at least one channel.")
    return None


def _channel_labels(values) -> list[str]:
    labels = dict(Channel.choices)
    return [str(labels[value]) for value in values if value in labels]


class Campaign(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the campaign's web address, after /campaigns/."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One line for lists.")
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(
        _("closes on"), help_text=_("Submissions are accepted until the end of this day.")
    )
    channels = models.JSONField(_("accepted channels"), default=list, blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published campaigns are public.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="campaign_window_ordered",
                violation_error_message=_("A campaign cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=~models.Q(slug__in=RESERVED_SLUGS),
                name="campaign_slug_not_reserved",
                violation_error_message=_("This address is used by another page."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("submissions:campaign_detail", args=[self.slug])

    def clean(self):
        error = _channels_error(self.channels, allow_empty=False)
        if error:
            raise ValidationError({"channels": error})

    def is_open_on(self, day: date) -> bool:
        """Open on a local date: published and inside the window, both ends included."""
        return self.is_published and self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    @property
    def is_upcoming(self) -> bool:
        return timezone.localdate() < self.opens_on

    @property
    def has_ended(self) -> bool:
        return timezone.localdate() > self.closes_on

    @property
    def channel_labels(self) -> list[str]:
        return _channel_labels(self.channels)


class CampaignSubscription(models.Model):
    """A member who asked to be reminded a week before the campaign ends."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("campaign"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="campaign_subscriptions",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("campaign subscription")
        verbose_name_plural = _("campaign subscriptions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                name="campaign_subscription_once",
                violation_error_message=_("This member already follows the campaign."),
            ),
        ]

    def __str__(self):
        return f"{self.member} → {self.campaign}"


class RewardRule(models.Model):
    """One line of a campaign's ordered reward list; the first matching rule wins."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="rules", verbose_name=_("campaign")
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Rules are tried in this order.")
    )
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("Shown to members and used as the reason in their points history."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RewardRuleKind.choices)
    channels = models.JSONField(
        _("channels"),
        default=list,
        blank=True,
        help_text=_("The rule applies to these channels only. None chosen: every channel."),
    )
    starts_on = models.DateField(
        _("from"), null=True, blank=True, help_text=_("Selected on or after this local date.")
    )
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Selected on or before this local date.")
    )
    limit = models.PositiveIntegerField(
        _("first N"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("First N selected: how many submissions get the points."),
    )
    points = models.PositiveIntegerField(
        _("points"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("First N selected: the points. Within dates: the base points."),
    )
    multiplier = models.DecimalField(
        _("multiplier"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Within dates: the base points are multiplied by this (e.g. 2.5)."),
    )
    min_points = models.PositiveIntegerField(
        _("minimum"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    max_points = models.PositiveIntegerField(
        _("maximum"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("reward rule")
        verbose_name_plural = _("reward rules")
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.CheckConstraint(
                # NULL compares to neither true nor false, and a CHECK lets NULL
                # through: each needed column is tested for NULL explicitly.
                condition=(
                    models.Q(
                        kind=RewardRuleKind.FIRST_SELECTED,
                        limit__isnull=False,
                        points__isnull=False,
                        limit__gte=1,
                        points__gte=1,
                    )
                    | (
                        models.Q(
                            kind=RewardRuleKind.DATE_RANGE, points__isnull=False, points__gte=1
                        )
                        & (models.Q(starts_on__isnull=False) | models.Q(ends_on__isnull=False))
                    )
                    | models.Q(
                        kind=RewardRuleKind.REVIEWER_VALUED,
                        min_points__isnull=False,
                        max_points__isnull=False,
                        min_points__gte=1,
                        max_points__gte=models.F("min_points"),
                    )
                ),
                name="rewardrule_complete_for_its_kind",
                violation_error_message=_("The rule is missing what its kind needs."),
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="rewardrule_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=models.Q(multiplier__gt=0),
                name="rewardrule_multiplier_positive",
                violation_error_message=_("The multiplier must be above zero."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        required = {
            RewardRuleKind.FIRST_SELECTED: ["limit", "points"],
            RewardRuleKind.DATE_RANGE: ["points"],
            RewardRuleKind.REVIEWER_VALUED: ["min_points", "max_points"],
        }.get(self.kind, [])
        errors = {
            name: _("This kind of rule needs a value here.")
            for name in required
            if getattr(self, name) is None
        }
        channels_error = _channels_error(self.channels, allow_empty=True)
        if channels_error:
            errors["channels"] = channels_error
        if self.kind == RewardRuleKind.DATE_RANGE and not (self.starts_on or self.ends_on):
            errors["ends_on"] = _("Give a start date, an end date or both.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date cannot be before the start date.")
        if (
            self.min_points is not None
            and self.max_points is not None
            and self.max_points < self.min_points
        ):
            errors["max_points"] = _("The maximum cannot be below the minimum.")
        if errors:
            raise ValidationError(errors)

    def applies_to_channel(self, channel: str) -> bool:
        return not self.channels or channel in self.channels

    def covers_date(self, day: date) -> bool:
        """Inside the rule's dates (local dates, both ends included); no dates: always."""
        if self.starts_on and day < self.starts_on:
            return False
        return not (self.ends_on and day > self.ends_on)

    @property
    def fixed_points(self) -> int | None:
        """The points this rule gives; None when the reviewer sets them."""
        if self.kind == RewardRuleKind.FIRST_SELECTED:
            return self.points
        if self.kind == RewardRuleKind.DATE_RANGE:
            exact = Decimal(self.points) * self.multiplier
            return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return None

    @property
    def multiplier_text(self) -> str:
        """The multiplier without trailing zeros: 2.5, not 2.50."""
        return format(self.multiplier.normalize(), "f")

    @property
    def is_reviewer_valued(self) -> bool:
        return self.kind == RewardRuleKind.REVIEWER_VALUED

    @property
    def channel_labels(self) -> list[str]:
        return _channel_labels(self.channels)


class Submission(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("campaign")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    url = models.URLField(_("URL"), max_length=500)
    # The URL with scheme, host case and trailing slash normalized: the
    # duplicate check compares these.
    url_key = models.CharField(max_length=500, editable=False)
    summary = models.TextField(_("summary"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=SubmissionState.choices,
        default=SubmissionState.SUBMITTED,
    )
    reward_rule = models.ForeignKey(
        RewardRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rewarded by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(
        _("submitted"), default=timezone.now, help_text=_("When it last went to review.")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    selected_at = models.DateTimeField(_("selected"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at", "-id"]
        permissions = [("review_submission", _("Can select, reject or ask for changes"))]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "url_key"],
                condition=~models.Q(state=SubmissionState.WITHDRAWN),
                name="submission_url_once_per_campaign",
                violation_error_message=_("This URL was already submitted to this campaign."),
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=SubmissionState.values),
                name="submission_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values),
                name="submission_channel_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(state=SubmissionState.SELECTED, selected_at__isnull=False)
                    | (
                        ~models.Q(state=SubmissionState.SELECTED)
                        & models.Q(selected_at__isnull=True)
                    )
                ),
                name="submission_selected_when_selected_at",
            ),
            models.CheckConstraint(
                condition=models.Q(reward_rule__isnull=True)
                | models.Q(state=SubmissionState.SELECTED),
                name="submission_rewarded_only_when_selected",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "state"], name="submission_campaign_state_idx"),
            models.Index(fields=["author", "-submitted_at"], name="submission_author_idx"),
            # The health dashboard: selections in a period (read from the index alone),
            # and the requests waiting for a reviewer.
            models.Index(
                fields=["selected_at", "author"],
                name="submission_selected_idx",
                condition=models.Q(state=SubmissionState.SELECTED),
            ),
            models.Index(
                fields=["submitted_at"],
                name="submission_waiting_idx",
                condition=models.Q(state=SubmissionState.SUBMITTED),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("submissions:submission_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state == SubmissionState.CHANGES_REQUESTED

    @property
    def is_withdrawable(self) -> bool:
        return self.state in (SubmissionState.SUBMITTED, SubmissionState.CHANGES_REQUESTED)

    @property
    def state_style(self) -> str:
        """The ``status--*`` class that colours the state."""
        return {
            SubmissionState.SELECTED: "success",
            SubmissionState.CHANGES_REQUESTED: "warning",
            SubmissionState.REJECTED: "danger",
        }.get(self.state, "")


class SubmissionTransition(StateChange):
    """One step of a submission's review: who, when, from, to, comment."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("submission"),
    )
    from_state = models.CharField(
        _("from"), max_length=20, choices=SubmissionState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=SubmissionState.choices)
    points = models.IntegerField(_("points awarded"), null=True, blank=True)

    class Meta(StateChange.Meta):
        verbose_name = _("review step")
        verbose_name_plural = _("review history")

    def __str__(self):
        return f"{self.from_state or '-'} → {self.to_state}"
