"""The member account: a custom user model from the first migration."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from members.roles import REVIEWERS_GROUP


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

    objects = MemberManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="member_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message=_("A member with this e-mail address already exists."),
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
