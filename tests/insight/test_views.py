"""The dashboard page and its CSV downloads: who sees them, what they show, what they cost."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community_portal.core.page_cache import HEADER
from members.models import User
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.programs import ApplicationFactory
from tests.factories.stations import (
    EventFactory,
    RegistrationFactory,
    StationFactory,
    station_lead,
)
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.insight.conftest import at

pytestmark = pytest.mark.django_db

URL = "/insight/"


@pytest.fixture
def reviewer_client(client):
    client.force_login(ReviewerFactory())
    return client


def some_activity(days_ago: int):
    """A bit of everything, ``days_ago`` days before today."""
    day = timezone.localdate() - timedelta(days=days_ago)
    MemberFactory(date_joined=at(day))
    SubmissionFactory(selected=True, submitted_at=at(day), selected_at=at(day))
    event = EventFactory(starts_at=at(day))
    RegistrationFactory(event=event, attended=True)
    ApplicationFactory(submitted=True, submitted_at=at(day))


def figure(response, slug):
    """The figure's current and previous values as shown."""
    html = response.content.decode()
    start = html.index(f'data-testid="figure-{slug}"')
    chunk = html[start : html.index("</li>", start)]
    current = chunk.split('data-testid="current">')[1].split("<")[0]
    previous = chunk.split('data-testid="previous">')[1].split("<")[0]
    return current, previous


# --- Who may see it -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [URL, URL + "members.csv"])
def test_anonymous_visitor_is_sent_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("path", [URL, URL + "members.csv"])
def test_member_and_station_lead_are_refused(client, path):
    client.force_login(MemberFactory())
    assert client.get(path).status_code == 403
    client.force_login(station_lead())
    assert client.get(path).status_code == 403
    # Staff without the reviewers' group are not reviewers either.
    client.force_login(MemberFactory(is_staff=True))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", [URL, URL + "members.csv"])
def test_reviewer_and_maintainer_see_it(client, path):
    client.force_login(ReviewerFactory())
    assert client.get(path).status_code == 200
    client.force_login(MemberFactory(is_superuser=True, is_staff=True))
    assert client.get(path).status_code == 200


def test_admin_index_links_to_the_dashboard(client):
    client.force_login(ReviewerFactory())

    response = client.get("/admin/")

    assert f'href="{URL}"' in response.content.decode()


# --- What it shows --------------------------------------------------------------------------


def test_figures_beside_the_previous_period(reviewer_client):
    some_activity(days_ago=3)
    some_activity(days_ago=40)
    some_activity(days_ago=45)

    response = reviewer_client.get(URL, {"period": "30"})

    # Factories make members today (authors, applicants, leads); two joined 40 and 45 days ago.
    joined_lately = User.objects.filter(
        date_joined__gte=at(timezone.localdate() - timedelta(29), 0)
    )
    assert figure(response, "new-members") == (str(joined_lately.count()), "2")
    assert figure(response, "events") == ("1", "2")
    assert figure(response, "attendance") == ("100 %", "100 %")


def test_empty_period_shows_a_dash_for_rates(reviewer_client):
    response = reviewer_client.get(
        URL, {"period": "custom", "start": "2020-01-01", "end": "2020-01-31"}
    )

    assert response.status_code == 200
    assert figure(response, "attendance") == ("—", "—")
    assert figure(response, "retention") == ("—", "—")
    assert "Nothing to show for this period." in response.content.decode()


def test_every_chart_has_its_text_alternative_and_csv(reviewer_client):
    html = reviewer_client.get(URL).content.decode()

    for slug in (
        "members",
        "contributions",
        "backlog",
        "attendance",
        "tiers",
        "points",
        "pipeline",
    ):
        assert f'<title id="chart-{slug}-title">' in html
        assert f'aria-labelledby="chart-{slug}-title chart-{slug}-desc"' in html
        assert f'href="{URL}{slug}.csv?' not in html  # no query string: plain link
        assert f'href="{URL}{slug}.csv"' in html
    assert html.count("<details") == 7
    assert 'data-testid="chart-review_times"' in html
    assert 'data-testid="chart-stations"' in html


def test_csv_download_has_the_chart_numbers(reviewer_client):
    today = timezone.localdate()
    station = StationFactory(name="Harbour")
    event = EventFactory(station=station, starts_at=at(today - timedelta(days=2)))
    RegistrationFactory.create_batch(2, event=event, attended=True)
    RegistrationFactory.create_batch(2, event=event)

    for kept in ("miss", "hit"):  # the reviewer's kept copy is the same download
        response = reviewer_client.get(URL + "stations.csv", {"period": "30"})

        assert response[HEADER] == kept
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows == [
            ["Station", "Events held", "Registrations", "Check-ins", "Attendance rate (%)"],
            ["Harbour", "1", "4", "2", "50.0"],
        ]


def test_csv_of_an_unknown_chart_is_not_found(reviewer_client):
    assert reviewer_client.get(URL + "nothing.csv").status_code == 404


def test_filters_narrow_the_figures(reviewer_client):
    campaign = CampaignFactory()
    today = timezone.localdate()
    SubmissionFactory(campaign=campaign, selected=True, selected_at=at(today))
    SubmissionFactory(selected=True, selected_at=at(today))

    everything = reviewer_client.get(URL, {"period": "30"})
    one_campaign = reviewer_client.get(URL, {"period": "30", "campaign": campaign.pk})

    assert figure(everything, "active-contributors")[0] == "2"
    assert figure(one_campaign, "active-contributors")[0] == "1"


def test_custom_period_is_validated_beside_its_fields(reviewer_client):
    response = reviewer_client.get(
        URL, {"period": "custom", "start": "2026-03-10", "end": "2026-03-01"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "The last day must not be before the first." in html
    assert 'value="2026-03-10"' in html  # what was typed is kept
    missing = reviewer_client.get(URL, {"period": "custom", "station": "nonsense"}).content.decode()
    assert "Give the first day of the period." in missing
    assert "Select a valid choice." in missing


def test_custom_period_is_shown_and_compared(reviewer_client):
    response = reviewer_client.get(
        URL, {"period": "custom", "start": "2026-03-02", "end": "2026-03-31"}
    )

    assert date(2026, 3, 2).strftime("%Y") in response.content.decode()
    assert response.context["previous"].start == date(2026, 1, 31)


# --- What it costs --------------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_period(reviewer_client, django_assert_num_queries):
    for days_ago in (1, 20, 100, 200, 300):
        some_activity(days_ago)
    reviewer_client.get("/")  # the header's unread count, kept from then on
    with CaptureQueriesContext(connection) as thirty_days:
        reviewer_client.get(URL, {"period": "30"})

    with django_assert_num_queries(len(thirty_days)):
        reviewer_client.get(URL, {"period": "365"})


def test_measures_are_cached_until_something_changes(reviewer_client):
    reviewer_client.get("/")  # the header's unread count, kept from then on
    with CaptureQueriesContext(connection) as first:
        reviewer_client.get(URL, {"period": "90"})
    with CaptureQueriesContext(connection) as again:
        reviewer_client.get(URL, {"period": "90"})
    MemberFactory()
    with CaptureQueriesContext(connection) as after_change:
        response = reviewer_client.get(URL, {"period": "90"})

    # The measures' own queries (a dozen and more) are not run again.
    assert len(again) < len(first) - 12
    assert len(after_change) == len(first)
    assert figure(response, "new-members")[0] == "2"


@pytest.mark.parametrize("path", ["", "members.csv"], ids=["page", "csv"])
def test_the_dashboard_is_the_reviewers_own_cached_page_until_something_changes(client, path):
    from django.contrib.auth.models import Group
    from django.test import Client

    from community_portal.core.page_cache import HEADER
    from members.roles import REVIEWERS_GROUP

    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    url = URL + path + "?period=30"
    assert client.get(url)[HEADER] == "miss"
    assert client.get(url)[HEADER] == "hit"

    SubmissionFactory(selected=True)
    assert client.get(url)[HEADER] == "miss"  # new content: drawn again

    other = Client()
    other.force_login(MemberFactory())
    assert other.get(url).status_code == 403  # never another member's copy

    reviewer.groups.remove(Group.objects.get(name=REVIEWERS_GROUP))
    reviewer.is_staff = False
    reviewer.save()
    assert client.get(url).status_code == 403  # rights gone: refused at once
