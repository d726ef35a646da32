"""The citations in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from recognition.models import Nomination


@register(Nomination)
class NominationTranslation(TranslationOptions):
    fields = ("citation",)
