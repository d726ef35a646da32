"""The partnership levels' texts in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from partners.models import PartnershipLevel


@register(PartnershipLevel)
class PartnershipLevelTranslation(TranslationOptions):
    fields = ("name", "standing", "commitments", "benefits")
