"""django-filter FilterSets for the member-facing lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from submissions.enums import SubmissionState
from submissions.models import Submission


class MySubmissionsFilter(django_filters.FilterSet):
    """The state tabs of "my submissions"; an unknown state shows everything."""

    state = django_filters.ChoiceFilter(choices=SubmissionState.choices, empty_label=_("All"))

    class Meta:
        model = Submission
        fields = ["state"]
