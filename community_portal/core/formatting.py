"""Dates, times and numbers as the reader's language writes them.

The formats themselves are named per language in ``community_portal/formats``;
this module adds what Django's ``date_format`` leaves out:

- ``machine_time``: the value of a ``<time datetime>`` attribute, ISO 8601 to the
  second (never microseconds, which the HTML standard refuses);
- ``zoned``: a moment with the time zone it is written in ("14:00 (UTC+8)"), for
  event times, which people read from other cities;
- ``grouped``: a count or an amount of points with the language's thousands
  separator. ``USE_THOUSAND_SEPARATOR`` stays off so that years, ids and numbers
  in addresses are never grouped; quantities go through this one function.
"""

from datetime import date, datetime, timedelta

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext


def machine_time(value) -> str:
    """``2026-12-05`` for a date, ``2026-12-05T14:00:00+08:00`` for a moment."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def utc_offset_label(moment: datetime) -> str:
    """``UTC+8``, ``UTC+5:30``, ``UTC\u22123``, ``UTC`` for the moment's offset."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zoned(value, format_name: str = "DATETIME_FORMAT") -> str:
    """A moment in the site's time zone, in the language's format, with that zone."""
    if not isinstance(value, datetime):
        return ""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    # Translators: a date and time followed by its time zone, e.g. "Dec. 5, 2026,
    # 14:00 (UTC+8)"; Chinese writes full-width parentheses.
    return pgettext("date with time zone", "%(moment)s (%(zone)s)") % {
        "moment": date_format(moment, format_name),
        "zone": utc_offset_label(moment),
    }


def grouped(value) -> str:
    """``12,345`` (English, Chinese), ``12 345`` (French); signs and text kept."""
    return intcomma(value, use_l10n=True)


def signed_points(value) -> str:
    """``+1,000`` or ``\u2212200``: an amount added to or taken from a balance."""
    if value in (None, ""):
        return ""
    number = int(value)
    sign = "+" if number > 0 else ("\u2212" if number < 0 else "")
    return sign + grouped(abs(number))


# --- Dates in stored texts --------------------------------------------------------------
# A notification keeps its parameters as JSON and is rendered in the reader's
# language when it is read or mailed: a date in it is kept as ISO 8601 and written
# out then, in that language's format (never formatted when it is stored).

_DATE = "__date__"
_MOMENT = "__moment__"


def date_param(value: date) -> dict:
    """A date parameter of a stored message, written out as the reader's language does."""
    return {_DATE: value.isoformat()}


def moment_param(value: datetime, *, with_zone: bool = True) -> dict:
    """A moment parameter of a stored message, written with its time zone unless
    the message names the zone itself."""
    return {_MOMENT: machine_time(value), "zone": with_zone}


def render_param(value):
    """The text of a :func:`date_param`, :func:`month_param` or :func:`moment_param`;
    ``None`` for anything else."""
    if not isinstance(value, dict):
        return None
    if _DATE in value:
        return date_format(date.fromisoformat(value[_DATE]), "DATE_FORMAT")
    if _MONTH in value:
        return date_format(date.fromisoformat(value[_MONTH]), "YEAR_MONTH_FORMAT")
    if _MOMENT in value:
        moment = timezone.localtime(datetime.fromisoformat(value[_MOMENT]))
        if value.get("zone", True):
            return zoned(moment)
        return date_format(moment, "DATETIME_FORMAT")
    return None


_MONTH = "__month__"


def month_param(value: date) -> dict:
    """A month parameter of a stored message ("March 2025", "2025年3月")."""
    return {_MONTH: value.replace(day=1).isoformat()}
