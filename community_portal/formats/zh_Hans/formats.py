"""Simplified Chinese: 2026年12月5日, 2026年12月, 12月5日; 12,345 points.

Django's own module writes the month-day with a leading zero ("12月05日")
and groups numbers by four with no separator; web pages in Chinese
write 12,345, as the leaderboards do in every other language.
"""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
