"""Filters in the admin's address that cannot be applied give the whole list and a message."""

import pytest
from django.contrib import admin
from django.urls import reverse

from community_portal.core.admin import ListFiltersMixin
from tests.factories.members import CertificateFactory, MentorFactory, ReviewerFactory
from tests.factories.programs import ApplicationFactory
from tests.factories.stations import StationFactory
from tests.factories.submissions import SubmissionFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"

# The change lists named in the report, with the date field of their date filter.
CHANGE_LISTS = [
    ("programs", "application", "submitted_at", ApplicationFactory),
    ("submissions", "submission", "submitted_at", SubmissionFactory),
    ("members", "user", "date_joined", None),
    ("stations", "station", "founded_on", StationFactory),
    ("members", "certificate", "issued_on", CertificateFactory),
]

UNUSABLE_FILTERS = [
    "{f}__year=" + HUGE,
    "{f}__year=2024&{f}__month=" + HUGE,
    "{f}__year=2024&{f}__month=2&{f}__day=" + HUGE,
    "{f}__year=2024&{f}__month=2&{f}__day=31",
    "{f}__year=-3",
    "{f}__year=abc",
    "{f}__gte=99999-01-01",
    "{f}__gte=" + HUGE,
    "{f}__lt=2024-13-45",
    "id__in=1,x,%00",
    "nonsense__icontains=1",
]


@pytest.fixture
def staff_client(client):
    client.force_login(ReviewerFactory())
    return client


@pytest.mark.parametrize("query", UNUSABLE_FILTERS)
@pytest.mark.parametrize(("app", "model", "field", "factory"), CHANGE_LISTS)
def test_change_list_unusable_filter_shows_whole_list_with_message(
    staff_client, app, model, field, factory, query
):
    if factory:
        factory()
    url = reverse(f"admin:{app}_{model}_changelist")

    response = staff_client.get(f"{url}?{query.format(f=field)}", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "The filters in the address could not be used; here is the whole list."
    ]
    assert response.context["cl"].result_count == response.context["cl"].full_result_count


def test_change_list_usable_date_filter_still_filters(staff_client):
    StationFactory(founded_on="2021-05-15")
    StationFactory(founded_on="2023-09-20")
    url = reverse("admin:stations_station_changelist")

    response = staff_client.get(f"{url}?founded_on__year=2023")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_change_list_unusable_filter_in_popup_stays_a_popup(staff_client):
    url = reverse("admin:stations_station_changelist")

    response = staff_client.get(f"{url}?_popup=1&founded_on__year={HUGE}")

    assert response.status_code == 302
    assert response["Location"] == f"{url}?_popup=1"


def test_every_portal_admin_reports_unusable_filters():
    portal_apps = {"core", "notifications", "members", "programs", "stations", "submissions"}
    admins = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in portal_apps
    ]

    assert admins
    assert [a for a in admins if not isinstance(a, ListFiltersMixin)] == []


def test_change_list_id_beyond_any_integer_matches_nothing(staff_client):
    StationFactory()
    url = reverse("admin:stations_station_changelist")

    response = staff_client.get(f"{url}?id__exact={HUGE}{HUGE}")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize("value", ["x", HUGE, "-1", "1e309"])
def test_autocomplete_field_posted_with_no_id_shows_the_form_again(staff_client, value):
    mentor = MentorFactory()
    url = reverse("admin:members_mentor_change", args=[mentor.pk])

    response = staff_client.post(
        url,
        {
            "member": value,
            "kind": mentor.kind,
            "areas": "Kernels",
            "slots-TOTAL_FORMS": "0",
            "slots-INITIAL_FORMS": "0",
            "slots-MIN_NUM_FORMS": "0",
            "slots-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert "member" in response.context["adminform"].form.errors
