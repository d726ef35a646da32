"""The rewards' texts in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from store.models import Reward


@register(Reward)
class RewardTranslation(TranslationOptions):
    fields = ("name", "description")
