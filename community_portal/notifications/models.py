"""A notification: one message to one member, in the inbox and by e-mail; and what
each member chose to receive (their notification preferences)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.notifications.enums import EmailState
from community_portal.notifications.kinds import Channel
from community_portal.notifications.messages import render_message


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_recipient(self, user):
        return self.filter(recipient=user)

    def in_inbox(self):
        return self.filter(in_inbox=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caused by"),
    )
    # "Once per recipient and occasion": a notification carrying a key is
    # created at most once, whoever tries to create it again.
    key = models.CharField(_("occasion key"), max_length=200, null=True, blank=True, unique=True)
    # The kind it is (``kinds``), matched by its texts when it is stored; empty for
    # a text no kind lists.
    kind = models.CharField(_("kind"), max_length=100, blank=True, editable=False)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # False when the member switched the inbox off for its kind: kept, not shown.
    in_inbox = models.BooleanField(_("shown in the inbox"), default=True)

    email_state = models.CharField(
        _("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    # Counted, with the time, when a worker claims the notification, before it sends.
    email_attempts = models.PositiveIntegerField(_("e-mail attempts"), default=0)
    email_last_attempt_at = models.DateTimeField(
        _("last e-mail attempt"), null=True, blank=True, editable=False
    )
    # Set while one worker is sending; another worker leaves the row alone until then.
    email_claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    # After a failure, the sweep tries again from this moment on.
    email_next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_last_error = models.TextField(_("last e-mail error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx"),
            # The outbox, oldest first, for the sweep (and the age of its oldest
            # entry). Delivery itself never filters on the state: it names its rows
            # by primary key, so this index can't draw its plans when stale
            # statistics make it look empty.
            models.Index(
                fields=["created_at", "id"],
                name="notification_outbox_idx",
                condition=models.Q(email_state="pending"),
            ),
        ]

    def __str__(self):
        return self.subject_text

    @property
    def subject_text(self) -> str:
        return render_message(self.subject, self.params)

    @property
    def body_text(self) -> str:
        return render_message(self.body, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSettings(models.Model):
    """A member's notification choices: the daily digest, and (its ``choices``) each
    kind's channels they changed from the default (everything on)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
        verbose_name=_("member"),
    )
    daily_digest = models.BooleanField(
        _("daily digest"),
        default=False,
        help_text=_("E-mail what is not urgent once a day, in one message."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.member)


class NotificationChoice(models.Model):
    """Whether a member receives one kind (its preference id) on one channel."""

    settings = models.ForeignKey(
        NotificationSettings, on_delete=models.CASCADE, related_name="choices"
    )
    kind = models.CharField(_("kind"), max_length=100)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    enabled = models.BooleanField(_("on"), default=True)

    class Meta:
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "kind", "channel"], name="notification_choice_once"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values),
                name="notification_choice_known_channel",
            ),
        ]

    def __str__(self):
        return f"{self.kind} / {self.channel}: {'on' if self.enabled else 'off'}"
