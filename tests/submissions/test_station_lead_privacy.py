"""A station lead has no say over other members' submissions or points."""

import pytest
from django.urls import reverse

from submissions.enums import SubmissionState
from tests.factories.stations import station_lead
from tests.factories.submissions import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client):
    client.force_login(station_lead())
    return client


@pytest.fixture
def submission(member):
    return SubmissionFactory(
        author=member, title="Secret draft", state=SubmissionState.CHANGES_REQUESTED
    )


@pytest.mark.parametrize("name", ["submission_detail", "submission_edit"])
def test_station_lead_cannot_open_another_members_submission(lead_client, submission, name):
    response = lead_client.get(reverse(f"submissions:{name}", args=[submission.pk]))

    assert response.status_code == 404


def test_station_lead_cannot_edit_or_withdraw_by_a_forged_post(lead_client, submission):
    edit = lead_client.post(
        reverse("submissions:submission_edit", args=[submission.pk]),
        {"title": "Hijacked", "channel": submission.channel, "url": submission.url},
    )
    withdraw = lead_client.post(reverse("submissions:submission_withdraw", args=[submission.pk]))

    assert edit.status_code == withdraw.status_code == 404
    submission.refresh_from_db()
    assert submission.title == "Secret draft"
    assert submission.state == SubmissionState.CHANGES_REQUESTED


@pytest.mark.parametrize("name", ["mine", "points"])
def test_station_leads_own_pages_show_nothing_of_another_member(lead_client, submission, name):
    page = lead_client.get(reverse(f"submissions:{name}")).content.decode()

    assert "Secret draft" not in page
