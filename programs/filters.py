"""Filters of the public showcase."""

import django_filters
from django.utils.translation import gettext_lazy as _

from community_portal.core.translated import localized
from programs.models import Application
from programs.selectors import public_programs


class ShowcaseFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        # Per request: in the reader's language's order.
        queryset=lambda request: public_programs().order_by(localized("title")),
        to_field_name="slug",
        empty_label=_("All programs"),
    )

    class Meta:
        model = Application
        fields = ["program"]
