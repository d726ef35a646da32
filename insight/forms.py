"""The dashboard's period and filters, read from the query string."""

from datetime import timedelta

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from insight.periods import Period, last_days
from insight.selectors import Filters
from programs.models import Program
from stations.models import Station
from submissions.models import Campaign

CUSTOM = "custom"
PRESETS = (
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 365 days")),
    (CUSTOM, _("From … to …")),
)
DEFAULT_PRESET = "90"
# A longer period would compare with data older than most communities have.
MAX_DAYS = 3 * 366


class ManyOptionsSelect(forms.Select):
    """A select of hundreds of options (500 stations) without a template per option:
    the per-option templates took most of the page's time at the benchmark's scale."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class DashboardForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PRESETS, initial=DEFAULT_PRESET)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    station = forms.ModelChoiceField(
        label=_("Station"),
        queryset=Station.objects.order_by("name"),
        required=False,
        empty_label=_("All stations"),
        widget=ManyOptionsSelect,
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("-opens_on", "pk"),
        required=False,
        empty_label=_("All campaigns"),
        widget=ManyOptionsSelect,
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.order_by("-opens_on", "pk"),
        required=False,
        empty_label=_("All programs"),
        widget=ManyOptionsSelect,
    )

    def __init__(self, data=None, **kwargs):
        # No query string: the default period, as if chosen.
        if not data:
            data = {"period": DEFAULT_PRESET}
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") != CUSTOM:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None and "start" not in self.errors:
            self.add_error("start", _("Give the first day of the period."))
        if end is None and "end" not in self.errors:
            self.add_error("end", _("Give the last day of the period."))
        if start and end:
            if end < start:
                self.add_error("end", _("The last day must not be before the first."))
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error(
                    "end",
                    _("A period can be at most %(days)d days long.") % {"days": MAX_DAYS},
                )
            elif end > timezone.localdate() + timedelta(days=366):
                self.add_error("end", _("The period must end within a year from today."))
        return cleaned

    def chosen_period(self) -> Period:
        """The period asked for; the default one while the form has errors."""
        data = self.cleaned_data if self.is_valid() else {}
        preset = data.get("period", DEFAULT_PRESET)
        if preset == CUSTOM:
            return Period(data["start"], data["end"])
        return last_days(int(preset))

    def chosen_filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            station=getattr(data.get("station"), "pk", None),
            campaign=getattr(data.get("campaign"), "pk", None),
            program=getattr(data.get("program"), "pk", None),
        )
