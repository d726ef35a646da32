"""Campaigns' and reward rules' texts in each language (django-modeltranslation).

Not the submissions: a member's article title is theirs, in the language they wrote.
"""

from modeltranslation.translator import TranslationOptions, register

from submissions.models import Campaign, RewardRule


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "summary", "description")


@register(RewardRule)
class RewardRuleTranslation(TranslationOptions):
    fields = ("name",)
