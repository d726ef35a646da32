"""Programs, the applications organizations make to them, and what follows an approval.

An approved application is a *participation*: it appears on the showcase, collects
milestones and, once completed, thank-you letters for its main contributors.
The workflows live in ``enums.py`` (tables) and ``services.py`` (the one way to
change a state); the models hold fields and the rules the database can keep.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.models import StateChange as BaseStateChange
from programs.enums import (
    CLOSED_STATES,
    EDITABLE_STATES,
    ApplicationState,
    MilestoneKind,
    NamedMemberState,
    ProgramState,
)

# Path segments under /programs/ that are pages of their own, not program slugs.
RESERVED_SLUGS = frozenset({"showcase", "applications", "letters"})


# The practices of seed 000: any of them, none required.
PRACTICE_FIELDS = (
    "uses_in_production",
    "has_commercial_product",
    "offers_consulting",
    "is_research_object",
)
# What an application must have before it can be submitted (besides the
# code-of-conduct agreement and the confirmed named members).
REQUIRED_FOR_SUBMISSION = (
    "organization_name",
    "website",
    "logo",
    "contact_name",
    "contact_email",
    "usage",
)


def validate_program_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is used by the portal; choose another one."))


def _choices_check(field: str, choices) -> Q:
    return Q(**{f"{field}__in": choices.values})


class ProgramQuerySet(models.QuerySet):
    def accepting_on(self, day):
        """Programs that accept applications on the local date ``day``."""
        return self.filter(state=ProgramState.OPEN, opens_on__lte=day, closes_on__gte=day)


class Program(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("web address"),
        max_length=80,
        unique=True,
        validators=[validate_program_slug],
        help_text=_("The last part of the program's address, e.g. co-construction-2026."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the program list.")
    )
    description = models.TextField(_("description"), help_text=_("Markdown."))
    requirements = models.TextField(_("requirements"), blank=True, help_text=_("Markdown."))
    benefits = models.TextField(_("benefits"), blank=True, help_text=_("Markdown."))
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(
        _("applications close on"), help_text=_("The last day applications are accepted.")
    )
    min_named_members = models.PositiveSmallIntegerField(
        _("named members needed"),
        default=2,
        help_text=_(
            "How many community members must be named in an application and confirm "
            "before it can be submitted."
        ),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ProgramState.choices, default=ProgramState.DRAFT
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="program_window_ordered",
                violation_error_message=_("Applications cannot close before they open."),
            ),
            models.CheckConstraint(
                condition=Q(min_named_members__gte=1),
                name="program_min_named_members_positive",
                violation_error_message=_("At least one named member is needed."),
            ),
            models.CheckConstraint(
                condition=_choices_check("state", ProgramState), name="program_state_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def is_accepting_on(self, day) -> bool:
        return self.state == ProgramState.OPEN and self.opens_on <= day <= self.closes_on


class StateChange(BaseStateChange):
    """A history row of this app: a move always changes the state."""

    class Meta(BaseStateChange.Meta):
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_state=models.F("to_state")), name="%(class)s_moves"
            ),
        ]


class ProgramStateChange(StateChange):
    """History of a program's state: who opened, closed or archived it, and when."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="state_changes", verbose_name=_("program")
    )
    from_state = models.CharField(_("from state"), max_length=10, choices=ProgramState.choices)
    to_state = models.CharField(_("to state"), max_length=10, choices=ProgramState.choices)

    class Meta(StateChange.Meta):
        verbose_name = _("program state change")
        verbose_name_plural = _("program state changes")


class Application(models.Model):
    """An organization's application to a program, made by one member (the applicant)."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="applications", verbose_name=_("program")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="program_applications",
        verbose_name=_("applicant"),
    )
    organization_name = models.CharField(_("organization"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to="programs/logos/", blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    usage = models.TextField(
        _("how you use the project"),
        blank=True,
        help_text=_("Your scenario, scale and plans. Markdown is allowed."),
    )
    # Practices (PRACTICE_FIELDS).
    uses_in_production = models.BooleanField(_("used in a production environment"), default=False)
    has_commercial_product = models.BooleanField(
        _("a commercial product built on it is delivered to customers"), default=False
    )
    offers_consulting = models.BooleanField(
        _("technical consulting services offered to customers"), default=False
    )
    is_research_object = models.BooleanField(_("used as a research object"), default=False)

    coc_agreed_at = models.DateTimeField(_("code of conduct agreed"), null=True, blank=True)
    coc_version = models.CharField(_("code of conduct version"), max_length=40, blank=True)

    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["program", "state"], name="application_program_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_choices_check("state", ApplicationState),
                name="application_state_valid",
            ),
            # One live application per applicant, organization and program.
            models.UniqueConstraint(
                "program",
                "applicant",
                Lower("organization_name"),
                condition=~Q(state__in=CLOSED_STATES),
                name="application_one_live_per_organization",
                violation_error_message=_(
                    "You already have an application for this organization to this program."
                ),
            ),
            # The agreement is recorded with its time and version, or not at all.
            models.CheckConstraint(
                condition=Q(coc_agreed_at__isnull=True, coc_version="")
                | (Q(coc_agreed_at__isnull=False) & ~Q(coc_version="")),
                name="application_coc_agreement_complete",
            ),
            # Past the draft, an application has been submitted (a draft may be withdrawn).
            models.CheckConstraint(
                condition=Q(state__in=[ApplicationState.DRAFT, ApplicationState.WITHDRAWN])
                | Q(submitted_at__isnull=False),
                name="application_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[ApplicationState.APPROVED, ApplicationState.COMPLETED])
                | Q(approved_at__isnull=False),
                name="application_participation_has_approval_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=ApplicationState.COMPLETED) | Q(completed_at__isnull=False),
                name="application_completed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.organization_name} → {self.program}"

    def get_absolute_url(self):
        return reverse("programs:application_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def practices(self) -> list[str]:
        """The labels of the practices the organization has."""
        return [
            self._meta.get_field(name).verbose_name
            for name in PRACTICE_FIELDS
            if getattr(self, name)
        ]


class ApplicationTransition(StateChange):
    """One step of an application's history.

    ``comment`` is for the applicant and the named members; ``internal_note`` is
    for reviewers only and never leaves the admin.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("application"),
    )
    # Empty for the creation of the draft.
    from_state = models.CharField(
        _("from state"), max_length=20, choices=ApplicationState.choices, blank=True
    )
    to_state = models.CharField(_("to state"), max_length=20, choices=ApplicationState.choices)
    comment = models.TextField(_("comment to the applicant"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)

    class Meta(StateChange.Meta):
        verbose_name = _("application history entry")
        verbose_name_plural = _("application history")


class NamedMember(models.Model):
    """A community member named in an application, asked to confirm it."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="named_members",
        verbose_name=_("application"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="program_namings",
        verbose_name=_("member"),
    )
    state = models.CharField(
        _("answer"),
        max_length=10,
        choices=NamedMemberState.choices,
        default=NamedMemberState.PENDING,
    )
    named_at = models.DateTimeField(_("named at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("named member")
        verbose_name_plural = _("named members")
        ordering = ["named_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"],
                name="named_member_once_per_application",
                violation_error_message=_("This member is already named in the application."),
            ),
            models.CheckConstraint(
                condition=_choices_check("state", NamedMemberState), name="named_member_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=NamedMemberState.PENDING, answered_at__isnull=True)
                | (~Q(state=NamedMemberState.PENDING) & Q(answered_at__isnull=False)),
                name="named_member_answer_has_time",
            ),
        ]

    def __str__(self):
        return str(self.member)


class Milestone(models.Model):
    """Something a participant achieved, recorded by maintainers."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("participation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    link = models.URLField(_("link"), blank=True)
    achieved_on = models.DateField(_("achieved on"))
    promoted = models.BooleanField(
        _("marked for promotion"),
        default=False,
        help_text=_("The community announces it in its media and highlights it on the showcase."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["-achieved_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_choices_check("kind", MilestoneKind), name="milestone_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title


def new_letter_token() -> str:
    # 32 random bytes: 256 bits, far beyond guessing.
    return secrets.token_urlsafe(32)


class ThankYouLetter(models.Model):
    """The community's thank-you letter to one main contributor of a completed participation.

    Reachable only through its unguessable token.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("participation"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="thank_you_letters",
        verbose_name=_("recipient"),
    )
    token = models.CharField(_("link token"), max_length=64, unique=True, default=new_letter_token)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("thank-you letter")
        verbose_name_plural = _("thank-you letters")
        ordering = ["-issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "recipient"], name="letter_once_per_contributor"
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("token"), 43), name="letter_token_long"
            ),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.application.organization_name}"

    def get_absolute_url(self):
        return reverse("programs:letter", kwargs={"token": self.token})
