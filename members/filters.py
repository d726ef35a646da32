"""The member directory's filters: tier, city, certification, name."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Certificate, CertificationLevel, Tier, User
from members.selectors.profiles import directory_cities


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    tier = django_filters.ModelChoiceFilter(
        label=_("Tier"), queryset=Tier.objects.order_by("rank"), empty_label=_("Any tier")
    )
    city = django_filters.ChoiceFilter(label=_("City"), empty_label=_("Any city"))
    certification = django_filters.ModelChoiceFilter(
        label=_("Valid certificate"),
        queryset=CertificationLevel.objects.order_by("track", "rank"),
        method="filter_certification",
        empty_label=_("Any or none"),
    )

    class Meta:
        model = User
        fields = ["q", "tier", "city", "certification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: the form validates and renders the same choices.
        cities = directory_cities()
        self.filters["city"].extra["choices"] = [(city, city) for city in cities]

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(display_name__icontains=value) | Q(username__icontains=value))

    def filter_certification(self, queryset, name, level):
        holders = Certificate.objects.valid_on(timezone.localdate()).filter(level=level)
        return queryset.filter(pk__in=holders.values("holder_id"))
