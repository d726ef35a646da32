"""Tiers: progress from registered measures, promotion requests, the one tier-change service."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from community_portal.notifications.models import Notification
from members.errors import TierError
from members.forms import TierThresholdAdminForm
from members.models import TierChange, TierRequest, TierThreshold, User
from members.roles import REVIEWERS_GROUP
from members.selectors.tiers import tier_progress
from members.services.tiers import (
    member_change_tier,
    tier_request_approve,
    tier_request_decline,
    tier_request_submit,
)
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.members.utils import post_admin_action

pytestmark = pytest.mark.django_db

TIER_PAGE = reverse("members:tier")


def points(member, since=None):
    return 250


def selected(member, since=None):
    return 0


# --- Progress ---------------------------------------------------------------------------


def test_progress_shows_what_the_next_tier_needs_and_how_far_the_member_is(
    ladder, measures, member
):
    measures.register_measure("submissions.points", label="points earned", count=points)
    measures.register_measure("submissions.selected", label="selected", count=selected)
    member_change_tier(member=member, to_tier=ladder["user"], decided_by=None, reason="start")
    TierThreshold.objects.create(
        tier=ladder["contributor"], measure="submissions.points", minimum=200
    )
    TierThreshold.objects.create(
        tier=ladder["contributor"], measure="submissions.selected", minimum=1
    )

    progress = tier_progress(member)

    assert progress.next == ladder["contributor"]
    rows = {row.measure: (row.value, row.is_met, row.missing) for row in progress.thresholds}
    assert rows == {"submissions.points": (250, True, 0), "submissions.selected": (0, False, 1)}
    assert progress.measured_all_met is False


def test_threshold_of_an_absent_app_is_not_measured_and_never_counted_as_met(
    ladder, measures, member
):
    TierThreshold.objects.create(tier=ladder["user"], measure="stations.roles", minimum=1)

    progress = tier_progress(member)

    (row,) = progress.thresholds
    assert row.is_measured is False
    assert row.is_met is False
    assert progress.has_unmeasured is True


def test_tier_page_says_unmeasured_thresholds_are_left_to_the_reviewers(
    ladder, measures, member_client
):
    TierThreshold.objects.create(tier=ladder["user"], measure="stations.roles", minimum=1)

    page = member_client.get(TIER_PAGE).content.decode()

    assert "not measured by the portal" in page
    assert "the reviewers check it" in page


def test_highest_tier_has_no_next_tier(ladder, member):
    member_change_tier(member=member, to_tier=ladder["maintainer"], decided_by=None, reason="x")

    assert tier_progress(member).next is None


def test_admin_threshold_form_offers_registered_measures_only(ladder, measures):
    measures.register_measure("submissions.points", label="points earned", count=points)

    form = TierThresholdAdminForm(data={"measure": "made.up", "minimum": 5})

    assert form.fields["measure"].choices == [
        ("", "---------"),
        ("submissions.points", "points earned"),
    ]
    assert not form.is_valid()
    assert "measure" in form.errors


def test_admin_threshold_form_keeps_an_unregistered_measure_left_alone(ladder, measures):
    threshold = TierThreshold.objects.create(tier=ladder["user"], measure="gone.app", minimum=3)

    form = TierThresholdAdminForm(data={"measure": "gone.app", "minimum": 4}, instance=threshold)

    assert form.is_valid(), form.errors
    assert "not measured by the portal" in str(dict(form.fields["measure"].choices)["gone.app"])


def test_database_refuses_a_threshold_of_zero(ladder):
    with pytest.raises(IntegrityError):
        TierThreshold.objects.create(tier=ladder["user"], measure="a.b", minimum=0)


def test_database_refuses_the_same_measure_twice_for_a_tier(ladder):
    TierThreshold.objects.create(tier=ladder["user"], measure="a.b", minimum=1)
    with pytest.raises(IntegrityError):
        TierThreshold.objects.create(tier=ladder["user"], measure="a.b", minimum=2)


# --- Requests and decisions -------------------------------------------------------------


def test_member_asks_for_the_next_tier_and_reviewers_hear_of_it(
    ladder, member_client, member, django_capture_on_commit_callbacks
):
    reviewer = ReviewerFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(TIER_PAGE, {"evidence": "Five merged PRs"}, follow=True)

    request = TierRequest.objects.get()
    assert (request.member, request.from_tier, request.to_tier) == (member, None, ladder["user"])
    assert "Your request is sent to the reviewers" in response.content.decode()
    assert Notification.objects.filter(recipient=reviewer).count() == 1


def test_request_without_evidence_gets_a_message_beside_the_field(ladder, member_client):
    response = member_client.post(TIER_PAGE, {"evidence": "   "})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert TierRequest.objects.count() == 0


def test_second_pending_request_is_refused_with_a_message(ladder, member_client, member):
    tier_request_submit(member=member, to_tier=ladder["user"], evidence="one")

    response = member_client.post(TIER_PAGE, {"evidence": "two"}, follow=True)

    assert TierRequest.objects.count() == 1
    assert "You already have a request waiting for a decision." in response.content.decode()


def test_member_may_ask_for_the_next_tier_only(ladder, member):
    with pytest.raises(TierError):
        tier_request_submit(member=member, to_tier=ladder["maintainer"], evidence="please")


def test_database_refuses_two_pending_requests_of_one_member(ladder, member):
    TierRequest.objects.create(member=member, to_tier=ladder["user"], evidence="a")
    with pytest.raises(IntegrityError):
        TierRequest.objects.create(member=member, to_tier=ladder["user"], evidence="b")


def test_database_refuses_a_request_for_the_tier_already_held(ladder, member):
    with pytest.raises(IntegrityError):
        TierRequest.objects.create(
            member=member, from_tier=ladder["user"], to_tier=ladder["user"], evidence="a"
        )


def test_approval_changes_the_tier_records_history_and_notifies(
    ladder, member, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    request = tier_request_submit(member=member, to_tier=ladder["user"], evidence="I use it")

    with django_capture_on_commit_callbacks(execute=True):
        tier_request_approve(request=request, decided_by=reviewer, reason="Welcome")

    member.refresh_from_db()
    assert member.tier == ladder["user"]
    change = TierChange.objects.get()
    assert (change.from_tier, change.to_tier, change.reason, change.decided_by, change.request) == (
        None,
        ladder["user"],
        "Welcome",
        reviewer,
        request,
    )
    assert change.decided_at is not None
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Your tier is now: User" in mailoutbox[0].subject


def test_decline_keeps_the_tier_and_tells_the_member_why(
    ladder, member, reviewer, django_capture_on_commit_callbacks
):
    request = tier_request_submit(member=member, to_tier=ladder["user"], evidence="I use it")

    with django_capture_on_commit_callbacks(execute=True):
        tier_request_decline(request=request, decided_by=reviewer, reason="Not yet")

    member.refresh_from_db()
    assert member.tier is None
    notification = Notification.objects.get(recipient=member)
    assert notification.body_text == "Reason: Not yet"


def test_a_decided_request_cannot_be_decided_again(ladder, member, reviewer):
    request = tier_request_submit(member=member, to_tier=ladder["user"], evidence="x")
    tier_request_decline(request=request, decided_by=reviewer, reason="no")

    with pytest.raises(TierError):
        tier_request_approve(request=request, decided_by=reviewer, reason="yes after all")


def test_reviewer_cannot_decide_their_own_request(ladder):
    reviewer = ReviewerFactory()
    request = tier_request_submit(member=reviewer, to_tier=ladder["user"], evidence="x")

    with pytest.raises(TierError):
        tier_request_approve(request=request, decided_by=reviewer, reason="me")


def test_member_withdraws_their_own_request(ladder, member_client, member):
    request = tier_request_submit(member=member, to_tier=ladder["user"], evidence="x")

    member_client.post(reverse("members:tier_request_withdraw", args=[request.pk]))

    request.refresh_from_db()
    assert request.state == "withdrawn"


def test_member_cannot_withdraw_another_members_request(ladder, member_client, other_member):
    request = tier_request_submit(member=other_member, to_tier=ladder["user"], evidence="x")

    response = member_client.post(reverse("members:tier_request_withdraw", args=[request.pk]))

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.state == "pending"


def test_tier_page_needs_sign_in(client):
    response = client.get(TIER_PAGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- The tier-change service ------------------------------------------------------------


def test_maintainer_tier_grants_the_reviewer_access(ladder, member, reviewer):
    member_change_tier(member=member, to_tier=ladder["maintainer"], decided_by=reviewer, reason="x")

    member = User.objects.get(pk=member.pk)
    assert member.is_staff is True
    assert member.groups.filter(name=REVIEWERS_GROUP).exists()
    assert member.is_reviewer is True


def test_demotion_from_maintainer_takes_the_reviewer_access_away(ladder, member, reviewer):
    member_change_tier(member=member, to_tier=ladder["maintainer"], decided_by=reviewer, reason="x")

    member_change_tier(
        member=member, to_tier=ladder["contributor"], decided_by=reviewer, reason="y"
    )

    member = User.objects.get(pk=member.pk)
    assert member.is_staff is False
    assert member.is_reviewer is False
    assert list(
        TierChange.objects.filter(member=member).values_list("to_tier__level", flat=True)
    ) == [
        "contributor",
        "maintainer",
    ]


def test_demoting_a_superuser_never_touches_their_access(ladder, reviewer):
    root = MemberFactory(is_staff=True, is_superuser=True)
    member_change_tier(member=root, to_tier=ladder["maintainer"], decided_by=reviewer, reason="x")

    member_change_tier(member=root, to_tier=None, decided_by=reviewer, reason="y")

    root.refresh_from_db()
    assert (root.is_staff, root.is_superuser) == (True, True)


def test_moves_between_lower_tiers_leave_a_staff_reviewer_alone(ladder):
    reviewer = ReviewerFactory()

    member_change_tier(member=reviewer, to_tier=ladder["contributor"], decided_by=None, reason="x")

    assert User.objects.get(pk=reviewer.pk).is_reviewer is True


def test_tier_change_needs_a_reason_and_a_change(ladder, member):
    with pytest.raises(TierError):
        member_change_tier(member=member, to_tier=ladder["user"], decided_by=None, reason=" ")
    member_change_tier(member=member, to_tier=ladder["user"], decided_by=None, reason="x")
    with pytest.raises(TierError):
        member_change_tier(member=member, to_tier=ladder["user"], decided_by=None, reason="again")


def test_database_refuses_a_history_row_without_a_reason(ladder, member):
    with pytest.raises(IntegrityError):
        TierChange.objects.create(member=member, to_tier=ladder["user"], reason="")


# --- Admin ------------------------------------------------------------------------------


def test_reviewer_approves_a_request_in_the_admin(ladder, member, reviewer_client):
    request = tier_request_submit(member=member, to_tier=ladder["user"], evidence="x")

    response = post_admin_action(
        reviewer_client, "tierrequest", "approve", [request.pk], reason="Well done"
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.tier == ladder["user"]


def test_admin_action_without_a_reason_shows_the_form_again(ladder, member, reviewer_client):
    request = tier_request_submit(member=member, to_tier=ladder["user"], evidence="x")

    response = post_admin_action(reviewer_client, "tierrequest", "approve", [request.pk], reason="")

    assert "This field is required." in response.content.decode()
    request.refresh_from_db()
    assert request.state == "pending"


def test_reviewer_changes_a_tier_directly_in_the_admin(ladder, member, reviewer_client, reviewer):
    post_admin_action(
        reviewer_client,
        "user",
        "change_tier",
        [member.pk],
        tier=ladder["contributor"].pk,
        reason="PRs",
    )

    assert TierChange.objects.get(member=member).decided_by == reviewer


def test_member_cannot_change_tiers_through_a_forged_admin_post(
    ladder, member_client, other_member
):
    response = post_admin_action(
        member_client,
        "user",
        "change_tier",
        [other_member.pk],
        tier=ladder["maintainer"].pk,
        reason="x",
    )

    assert (
        response.redirect_chain[-1][0].startswith(reverse("account_login"))
        or response.status_code == 403
    )
    other_member.refresh_from_db()
    assert other_member.tier is None


def test_verifying_the_first_address_places_a_member_at_the_first_tier(ladder):
    from members.services import member_welcome

    member = MemberFactory(tier=None)

    member_welcome(user=member)
    member_welcome(user=member)

    member.refresh_from_db()
    assert member.tier == ladder["user"]
    assert [(c.from_tier, c.to_tier, c.decided_by) for c in member.tier_changes.all()] == [
        (None, ladder["user"], None)
    ]


def test_without_configured_tiers_verification_places_nobody(db):
    from members.services import member_welcome

    member = MemberFactory(tier=None)

    member_welcome(user=member)

    member.refresh_from_db()
    assert member.tier is None


# --- The tier page's queries ------------------------------------------------------------


@pytest.mark.parametrize("requests_and_changes", [1, 20])
def test_tier_page_reads_the_ladder_from_the_cache(
    requests_and_changes, ladder, measures, member, client, django_assert_num_queries, settings
):
    """Session, member, the two measures, requests, history: the ladder, the next
    tier and its thresholds come from the cached ladder."""
    # The page as rendered, not the member's cached copy (tests/core/test_member_page_cache.py).
    settings.PAGE_CACHE_ENABLED = False
    measures.register_measure("submissions.points", label="points earned", count=points)
    measures.register_measure("submissions.selected", label="selected", count=selected)
    for tier in ladder.values():
        TierThreshold.objects.create(tier=tier, measure="submissions.points", minimum=200)
    for number in range(requests_and_changes):
        member_change_tier(
            member=member,
            to_tier=ladder["contributor" if number % 2 else "user"],
            decided_by=None,
            reason=f"change {number}",
        )
    client.force_login(member)
    client.get(TIER_PAGE)

    with django_assert_num_queries(4):  # the fake measures count without queries
        response = client.get(TIER_PAGE)

    member.refresh_from_db()
    tiers = list(ladder.values())
    assert response.context["progress"].current == member.tier
    assert response.context["progress"].next == tiers[tiers.index(member.tier) + 1]
    assert [tier.level for tier in response.context["ladder"]] == list(ladder)


def test_tier_page_shows_a_changed_threshold_at_once(ladder, measures, member, client):
    measures.register_measure("submissions.points", label="points earned", count=points)
    threshold = TierThreshold.objects.create(
        tier=ladder["user"], measure="submissions.points", minimum=200
    )
    client.force_login(member)
    assert client.get(TIER_PAGE).context["progress"].thresholds[0].minimum == 200

    threshold.minimum = 300
    threshold.save()  # how maintainers change it: in the admin

    assert client.get(TIER_PAGE).context["progress"].thresholds[0].minimum == 300
