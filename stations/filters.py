"""The station directory's filters (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community_portal.core.translated import any_language
from stations.enums import Region, StationKind
from stations.models import Station


class StationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or city"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=StationKind.choices, empty_label=_("Cities and universities")
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, empty_label=_("All regions")
    )

    class Meta:
        model = Station
        fields = ["q", "kind", "region"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # A name in any language: a reader of French finds 上海站 by its Chinese name too.
        return queryset.filter(any_language("name__icontains", value) | Q(city__icontains=value))
