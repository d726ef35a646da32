"""The programs' texts in each language (django-modeltranslation).

Descriptive text only: slugs, links and the applicants' own answers stay one value.
"""

from modeltranslation.translator import TranslationOptions, register

from programs.models import Milestone, Program


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "requirements", "benefits")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "description")
