"""Stations' and events' texts in each language (django-modeltranslation).

Not the data: slugs, the city and its other spellings (the same-city rules read
them), the venue's address and the links; nor a cancellation's reason, which the
lead writes once, in their own words, to the people registered.
"""

from modeltranslation.translator import TranslationOptions, register

from stations.models import Event, EventSummary, Station


@register(Station)
class StationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(EventSummary)
class EventSummaryTranslation(TranslationOptions):
    fields = ("text",)
