"""The member account: a custom user model from the first migration, with the profile."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.roles import REVIEWERS_GROUP

# GitHub's rule: letters, digits and single hyphens, not at either end, 39 at most.
github_handle_validator = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$",
    _("Enter a GitHub user name: letters, digits and single hyphens, 39 characters at most."),
    code="invalid_github_handle",
)

# Discourse's rule (the defaults of seed 004's forum): letters, digits, "_", "." and
# "-", starting and ending with a letter, digit or "_", no two symbols in a row.
forum_username_validator = RegexValidator(
    r"^(?!.*[.-]{2})\w(?:[\w.-]{0,58}\w)?$",
    _(
        "Enter a forum user name: letters, digits, _, . and -, starting and ending "
        "with a letter, a digit or _, 60 characters at most."
    ),
    code="invalid_forum_username",
)


# The directory's order: the public name, case-folded. The index below is on this
# very expression, so a directory page is read from the index at any depth.
DIRECTORY_ORDER = Lower(Coalesce(NullIf("display_name", models.Value("")), "username"))


class MemberQuerySet(models.QuerySet):
    def reviewers(self):
        """Active staff in the Reviewers group, and active superusers."""
        return (
            self.filter(is_active=True)
            .filter(
                models.Q(is_superuser=True) | models.Q(is_staff=True, groups__name=REVIEWERS_GROUP)
            )
            .distinct()
        )


class MemberManager(UserManager.from_queryset(MemberQuerySet)):
    pass


class User(AbstractUser):
    email = models.EmailField(_("e-mail address"))
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("How your name appears on the portal. Leave empty to use your username."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages and e-mails reach you in this language."),
    )

    # The public profile. The e-mail address above is never part of it.
    bio = models.TextField(
        _("about you"), blank=True, max_length=4000, help_text=_("Markdown is allowed.")
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    organization = models.CharField(_("organization"), max_length=120, blank=True)
    github_handle = models.CharField(
        _("GitHub user name"),
        max_length=39,
        blank=True,
        validators=[github_handle_validator],
        help_text=_("Without the @, for example: octocat"),
    )
    # True only while github_handle is the login of a GitHub account the member
    # signed in with or linked; typing a handle by hand clears it.
    github_handle_verified = models.BooleanField(_("GitHub user name verified"), default=False)
    forum_username = models.CharField(
        _("forum user name"),
        max_length=60,
        blank=True,
        validators=[forum_username_validator],
        help_text=_("Your user name on the community forum, without the @."),
    )
    languages = models.CharField(
        _("languages you speak"),
        max_length=120,
        blank=True,
        help_text=_("For example: English, 中文"),
    )
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    # Changed only by members.services.member_change_tier, which keeps the history.
    tier = models.ForeignKey(
        "members.Tier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("tier"),
    )

    objects = MemberManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["username"]
        permissions = [("change_member_tier", _("Can change a member's tier"))]
        indexes = [
            # display_name and id ride along so that PostgreSQL can read a page's keys from
            # the index alone (an index-only scan), however deep the page.
            models.Index(
                DIRECTORY_ORDER,
                "username",
                "display_name",
                "id",
                name="member_directory_order",
                condition=models.Q(is_active=True),
            ),
            # The health dashboard: members who joined in a period, members per tier.
            models.Index(fields=["date_joined"], name="member_joined_idx"),
            models.Index(
                fields=["tier"], name="member_active_tier_idx", condition=models.Q(is_active=True)
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="member_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message=_("A member with this e-mail address already exists."),
            ),
            # A forum account belongs to one member: its topics become their drafts.
            models.UniqueConstraint(
                Lower("forum_username"),
                name="member_forum_username_unique_ci",
                condition=~models.Q(forum_username=""),
                violation_error_message=_("Another member gave this forum user name."),
            ),
        ]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name shown to other people: never the e-mail address."""
        return self.display_name or self.username

    @property
    def is_reviewer(self) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return self.is_staff and self.groups.filter(name=REVIEWERS_GROUP).exists()

    def get_absolute_url(self) -> str:
        return reverse("members:profile", kwargs={"username": self.username})
