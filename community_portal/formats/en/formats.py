"""English: Dec. 5, 2026 · December 2026 · December 5 · 12,345."""

DATE_FORMAT = "N j, Y"
DATETIME_FORMAT = "N j, Y, H:i"  # a 24-hour clock, as the event form takes times
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "M j, Y"  # never 12/05/2026, which half the world reads as May
SHORT_DATETIME_FORMAT = "M j, Y, H:i"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
