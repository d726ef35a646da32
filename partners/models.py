"""Partnership levels, partnerships (an application that becomes a partner), their
history and their yearly evaluations.

A partnership is one row from application to end: its state says where it is
(``enums.PARTNERSHIP_TABLE``); the services in ``services.py`` are the one way to
move it. The models hold fields and the rules the database can keep.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import StateChange
from partners.enums import (
    CLOSED_STATES,
    LevelCode,
    Outcome,
    PartnershipState,
    PartnerType,
    Step,
)


def _choices_check(field: str, choices) -> Q:
    return Q(**{f"{field}__in": choices.values})


class PartnershipLevel(models.Model):
    """One of the four levels of seed 001, with what a partner commits to and receives."""

    code = models.CharField(_("code"), max_length=20, choices=LevelCode.choices, unique=True)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("1 is the highest level; the partners page follows it.")
    )
    standing = models.CharField(
        _("standing"), max_length=60, blank=True, help_text=_("For example: highest, basic.")
    )
    commitments = models.TextField(_("commitments"), help_text=_("One per line."))
    benefits = models.TextField(_("benefits"), help_text=_("One per line."))

    class Meta:
        verbose_name = _("partnership level")
        verbose_name_plural = _("partnership levels")
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(
                condition=_choices_check("code", LevelCode), name="partnership_level_code_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def commitment_list(self) -> list[str]:
        return [line.strip() for line in self.commitments.splitlines() if line.strip()]

    @property
    def benefit_list(self) -> list[str]:
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]


class Partnership(models.Model):
    """An organization's application for a level, and the partnership it becomes."""

    level = models.ForeignKey(
        PartnershipLevel,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("level"),
    )
    partner_type = models.CharField(
        _("type of partner"), max_length=30, choices=PartnerType.choices
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("applicant"),
    )
    # The organization's participation in a program, when it applies with it: its
    # name, website and logo were taken from there.
    participation = models.ForeignKey(
        "programs.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("program participation"),
    )
    organization_name = models.CharField(_("organization"), max_length=200)
    website = models.URLField(_("website"))
    logo = models.FileField(_("logo"), upload_to="partners/logos/", blank=True)
    description = models.TextField(
        _("public description"), help_text=_("Shown on the partners page.")
    )
    qualifications = models.TextField(
        _("how you meet the commitments"),
        help_text=_("Only you and the reviewers read this."),
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"))

    state = models.CharField(
        _("state"),
        max_length=20,
        choices=PartnershipState.choices,
        default=PartnershipState.SUBMITTED,
        db_index=True,
    )
    signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(_("term in years"), null=True, blank=True)
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "level"], name="partnership_state_level_idx")]
        constraints = [
            models.CheckConstraint(
                condition=_choices_check("state", PartnershipState),
                name="partnership_state_valid",
            ),
            models.CheckConstraint(
                condition=_choices_check("partner_type", PartnerType),
                name="partnership_type_valid",
            ),
            # One live application or partnership per organization.
            models.UniqueConstraint(
                Lower("organization_name"),
                condition=~Q(state__in=CLOSED_STATES),
                name="partnership_one_live_per_organization",
                violation_error_message=_(
                    "This organization already has an application or a partnership."
                ),
            ),
            # An active partner has a signed agreement with a term that ends after it.
            models.CheckConstraint(
                condition=~Q(state=PartnershipState.ACTIVE)
                | Q(
                    signed_on__isnull=False,
                    term_years__isnull=False,
                    term_ends_on__gt=models.F("signed_on"),
                ),
                name="partnership_active_has_agreement",
            ),
        ]

    def __str__(self):
        return self.organization_name

    def get_absolute_url(self):
        return reverse("partners:application", kwargs={"pk": self.pk})


class PartnershipStep(StateChange):
    """One entry of a partnership's history: a move, an evaluation or a renewal.

    ``comment`` is for the applicant; ``internal_note`` for reviewers only. A renewal
    keeps the state (active → active), so no "moves" constraint here.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="steps", verbose_name=_("partnership")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    from_state = models.CharField(
        _("from"), max_length=20, choices=PartnershipState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=PartnershipState.choices)
    level = models.ForeignKey(
        PartnershipLevel,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level"),
    )
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)

    class Meta(StateChange.Meta):
        verbose_name = _("partnership history entry")
        verbose_name_plural = _("partnership history")
        constraints = [
            models.CheckConstraint(
                condition=_choices_check("step", Step), name="partnership_step_valid"
            ),
        ]


class PartnerEvaluation(models.Model):
    """The reviewers' yearly evaluation of a partner, before its term ends (one per term)."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("partnership"),
    )
    term_ends_on = models.DateField(_("term evaluated (ends on)"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1 to 5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    improvements = models.TextField(_("improvements"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("evaluated by"),
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), default=timezone.now)

    class Meta:
        verbose_name = _("partner evaluation")
        verbose_name_plural = _("partner evaluations")
        ordering = ["-evaluated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "term_ends_on"],
                name="partner_evaluation_once_per_term",
                violation_error_message=_("This term is evaluated already."),
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                name="partner_evaluation_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=_choices_check("outcome", Outcome),
                name="partner_evaluation_outcome_valid",
            ),
        ]

    def __str__(self):
        return f"{self.partnership} · {self.term_ends_on}"
