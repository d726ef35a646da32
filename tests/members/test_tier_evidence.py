"""Tier decisions with evidence: thresholds against measured progress, and the override.

The issue this answers: a member with 0 of 3 events, 0 of 1000 points and 0 of 5
selected submissions was promoted to core contributor, the reviewer never seeing
the thresholds against the progress.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.errors import TierError
from members.models import TierChange, TierRequest, TierThreshold
from members.services.tiers import (
    member_change_tier,
    tier_request_approve,
    tier_request_decline,
    tier_request_submit,
)
from tests.factories.members import MemberFactory
from tests.members.utils import post_admin_action

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:members_tierrequest_changelist")


@pytest.fixture
def progress_of(measures):
    """Fake measures: ``progress_of[key] = value`` sets what every member has."""
    values = {"stations.events_attended": 0, "submissions.points": 0, "submissions.selected": 0}
    labels = {
        "stations.events_attended": "events attended",
        "submissions.points": "points",
        "submissions.selected": "selected submissions",
    }
    for key, text in labels.items():
        measures.register_measure(
            key, label=text, count=lambda member, since=None, key=key: values[key]
        )
    return values


@pytest.fixture
def core_request(ladder, progress_of, member):
    """A contributor asks for core contributor: 3 events, 1000 points, 5 selected."""
    for measure, minimum in [
        ("stations.events_attended", 3),
        ("submissions.points", 1000),
        ("submissions.selected", 5),
    ]:
        TierThreshold.objects.create(
            tier=ladder["core_contributor"], measure=measure, minimum=minimum
        )
    member_change_tier(
        member=member, to_tier=ladder["contributor"], decided_by=None, reason="start"
    )
    return tier_request_submit(
        member=member, to_tier=ladder["core_contributor"], evidence="I help a lot"
    )


def test_approval_below_the_thresholds_is_refused_naming_each_shortfall(
    core_request, member, reviewer, ladder
):
    with pytest.raises(TierError) as refused:
        tier_request_approve(request=core_request, decided_by=reviewer, reason="Keen")

    assert "events attended: 0 of 3" in str(refused.value)
    assert "points: 0 of 1000" in str(refused.value)
    assert "selected submissions: 0 of 5" in str(refused.value)
    core_request.refresh_from_db()
    member.refresh_from_db()
    assert (core_request.state, member.tier) == ("pending", ladder["contributor"])


def test_approval_below_the_thresholds_with_an_override_records_it_in_the_tier_history(
    core_request, member, reviewer, ladder, progress_of
):
    progress_of["submissions.points"] = 1200

    tier_request_approve(
        request=core_request,
        decided_by=reviewer,
        reason="Keen",
        override_reason="Ran the Shanghai meetups before the portal counted events",
    )

    change = TierChange.objects.get(request=core_request)
    assert change.to_tier == ladder["core_contributor"]
    assert change.override_reason == "Ran the Shanghai meetups before the portal counted events"
    core_request.refresh_from_db()
    assert core_request.measured_at_decision == [
        {"measure": "stations.events_attended", "minimum": 3, "value": 0},
        {"measure": "submissions.points", "minimum": 1000, "value": 1200},
        {"measure": "submissions.selected", "minimum": 5, "value": 0},
    ]


def test_approval_meeting_every_threshold_needs_no_override(core_request, reviewer, progress_of):
    progress_of.update(
        {"stations.events_attended": 3, "submissions.points": 1000, "submissions.selected": 9}
    )

    tier_request_approve(
        request=core_request, decided_by=reviewer, reason="Earned", override_reason="unneeded"
    )

    assert TierChange.objects.get(request=core_request).override_reason == ""


def test_threshold_the_portal_does_not_measure_needs_no_override(ladder, member, reviewer):
    TierThreshold.objects.create(tier=ladder["user"], measure="gone.app", minimum=2)
    request = tier_request_submit(member=member, to_tier=ladder["user"], evidence="x")

    tier_request_approve(request=request, decided_by=reviewer, reason="Checked by hand")

    request.refresh_from_db()
    assert request.state == "approved"
    assert request.measured_at_decision == [{"measure": "gone.app", "minimum": 2, "value": None}]


def test_decline_keeps_the_evidence_the_decider_saw(core_request, reviewer, progress_of):
    progress_of["stations.events_attended"] = 1

    tier_request_decline(request=core_request, decided_by=reviewer, reason="Not yet")

    core_request.refresh_from_db()
    assert core_request.measured_at_decision[0] == {
        "measure": "stations.events_attended",
        "minimum": 3,
        "value": 1,
    }


# --- Admin ------------------------------------------------------------------------------


def test_admin_list_shows_each_threshold_needed_against_measured(
    core_request, reviewer_client, progress_of
):
    progress_of["submissions.points"] = 1000

    page = reviewer_client.get(CHANGELIST).content.decode()

    assert "events attended 0 of 3 (3 short)" in page
    assert "points 1000 of 1000 (met)" in page
    assert "selected submissions 0 of 5 (5 short)" in page


def test_admin_list_shows_a_decided_request_as_measured_at_the_decision(
    core_request, reviewer_client, reviewer, progress_of
):
    tier_request_decline(request=core_request, decided_by=reviewer, reason="Not yet")
    progress_of["stations.events_attended"] = 7

    page = reviewer_client.get(CHANGELIST).content.decode()

    assert "events attended 0 of 3 (3 short)" in page


def test_admin_request_page_shows_the_threshold_table(core_request, reviewer_client):
    url = reverse("admin:members_tierrequest_change", args=[core_request.pk])

    page = reviewer_client.get(url).content.decode()

    assert "<td>events attended</td><td>3</td><td>0</td><td>3 short</td>" in page
    assert "Measured now." in page


def test_admin_approval_page_shows_the_evidence_and_asks_for_the_override(
    core_request, reviewer_client
):
    response = reviewer_client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [str(core_request.pk)]}
    )

    page = response.content.decode()
    assert "points 0 of 1000 (1000 short)" in page
    assert 'name="override_reason"' in page


def test_admin_approval_below_the_thresholds_without_override_gets_a_message(
    core_request, reviewer_client, member, ladder
):
    response = post_admin_action(
        reviewer_client, "tierrequest", "approve", [core_request.pk], reason="Keen"
    )

    assert "Below the thresholds of Core contributor" in response.content.decode()
    member.refresh_from_db()
    assert member.tier == ladder["contributor"]


def test_admin_approval_with_an_override_promotes(core_request, reviewer_client, member, ladder):
    post_admin_action(
        reviewer_client,
        "tierrequest",
        "approve",
        [core_request.pk],
        reason="Keen",
        override_reason="Organised the 2025 summit",
    )

    member.refresh_from_db()
    assert member.tier == ladder["core_contributor"]
    assert TierChange.objects.get(request=core_request).override_reason == (
        "Organised the 2025 summit"
    )


def _list_queries(client) -> int:
    client.get(CHANGELIST)  # warm the content-type cache, as any running site has it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


def test_admin_list_queries_do_not_grow_with_the_requests(core_request, reviewer_client, ladder):
    one = _list_queries(reviewer_client)
    for _ in range(2):
        asker = MemberFactory()
        member_change_tier(
            member=asker, to_tier=ladder["contributor"], decided_by=None, reason="start"
        )
        tier_request_submit(member=asker, to_tier=ladder["core_contributor"], evidence="x")

    three = _list_queries(reviewer_client)

    assert TierRequest.objects.count() == 3
    assert three == one
