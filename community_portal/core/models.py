"""The community's working calendar, the abstract history row, and stored messages."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from community_portal.core.messages import render_stored


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("holiday (no work)")
    WORKING_DAY = "working_day", _("working day (on a weekend)")


class CalendarDaySource(models.TextChoices):
    # Typed or changed by a maintainer: a reload never touches it.
    MANUAL = "manual", _("entered by hand")
    # Preloaded from the calendar library of settings.WORKDAY_CALENDAR.
    LIBRARY = "library", _("preloaded from the calendar library")


class CalendarDay(models.Model):
    """A date that differs from the Monday-to-Friday rule.

    A holiday takes a weekday off; a working day puts a Saturday or Sunday back
    to work (as with the make-up days around Chinese public holidays).
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=CalendarDayKind.choices, default=CalendarDayKind.HOLIDAY
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: National Day"))
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=CalendarDaySource.choices,
        default=CalendarDaySource.MANUAL,
        editable=False,
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("holidays and working days")
        ordering = ["date"]

    def __str__(self):
        return f"{date_format(self.date, 'SHORT_DATE_FORMAT')} {self.name}"


class StateChange(models.Model):
    """The abstract history row of a state change: who, when, from, to, and why.

    Each kind of request has its own subclass with a foreign key to its row (and
    the choices of its states); ``community_portal.core.workflow.change_state``
    writes one per move. History rows are never edited.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Empty for the row's creation.
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state}"


class StoredMessage(models.Model):
    """A row whose text the system wrote: kept as a message id and its parameters
    (``community_portal.core.messages``), rendered in the reader's language. The
    row's own text field keeps the English words as the fallback; a row a person
    wrote has no message id and shows their text as typed."""

    message_id = models.CharField(_("message id"), max_length=100, blank=True, editable=False)
    message_params = models.JSONField(
        _("message parameters"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def render_stored_message(self, fallback: str) -> str:
        if not self.message_id:
            return fallback
        return render_stored(self.message_id, self.message_params, fallback)
