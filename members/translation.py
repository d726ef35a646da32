"""Tiers', certification levels' and volunteer groups' texts in each language.

A tier's name is its level's label, already in the message catalogs.
"""

from modeltranslation.translator import TranslationOptions, register

from members.models import CertificationLevel, Tier, VolunteerGroup


@register(Tier)
class TierTranslation(TranslationOptions):
    fields = ("requirements", "privileges")


@register(CertificationLevel)
class CertificationLevelTranslation(TranslationOptions):
    fields = ("name", "badge_name", "description", "requirements")


@register(VolunteerGroup)
class VolunteerGroupTranslation(TranslationOptions):
    fields = ("name", "description", "responsibilities")
    # The name is unique in every language that has one: an untranslated name is
    # NULL, not "", so two groups without a French name do not collide.
    empty_values = {"name": None}
