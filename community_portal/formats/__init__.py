"""The site's own date, time and number formats, per language (``FORMAT_MODULE_PATH``).

Django looks a format up here first and falls back to its own locale modules, so
each module holds only what this site writes differently. Templates name the
formats (``|date:"YEAR_MONTH_FORMAT"``), never spell them out; a test fails on a
literal format in a template or in Python that shows a date to a person.

Event times carry their time zone: ``community_portal.core.formatting`` adds it.
"""
