"""The community's working calendar: public holidays and make-up working days."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("holiday (no work)")
    WORKING_DAY = "working_day", _("working day (on a weekend)")


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

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("holidays and working days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"
