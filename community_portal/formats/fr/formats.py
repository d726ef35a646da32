"""French: 5 décembre 2026, décembre 2026, 5 décembre; 12 345 points.

The thousands separator is a narrow no-break space, as French typography
writes it, so a number never breaks across lines.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
