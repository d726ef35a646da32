"""The period a dashboard shows, and the one before it to compare with."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# Up to this many days a chart has a bar or point per day; longer, per month.
DAILY_UP_TO = 92


@dataclass(frozen=True)
class Period:
    """Local dates, both inclusive (the community's time zone)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @property
    def daily(self) -> bool:
        return self.days <= DAILY_UP_TO

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes: the period's first moment and the moment after its last."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def buckets(self) -> list[date]:
        """The first day of each day or month the period's charts show."""
        if self.daily:
            return [self.start + timedelta(days=offset) for offset in range(self.days)]
        months, current = [], self.start.replace(day=1)
        while current <= self.end:
            months.append(current)
            current = (current + timedelta(days=32)).replace(day=1)
        return months

    def bucket_of(self, day: date) -> date:
        return day if self.daily else day.replace(day=1)

    def key(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def last_days(days: int, today: date | None = None) -> Period:
    end = today or timezone.localdate()
    return Period(end - timedelta(days=days - 1), end)
