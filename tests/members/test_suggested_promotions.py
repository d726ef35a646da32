"""Suggested promotions: members who meet the next tier and have not asked, for reviewers."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community_portal.notifications.models import Notification
from members.enums import TierRequestState
from members.errors import TierError
from members.models import TierRequest, TierThreshold
from members.reminders import remind_newly_qualified
from members.selectors.promotions import members_qualifying_for, suggestable_tiers
from members.services.tiers import tier_request_approve, tier_request_suggest
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import RegistrationFactory, StationFactory
from tests.factories.submissions import SubmissionFactory
from tests.reminders import listed

pytestmark = pytest.mark.django_db

PAGE = reverse("members:suggested_promotions")


@pytest.fixture
def contributor_needs(ladder):
    """Contributor: at least 2 selected submissions and 1 event attended."""
    TierThreshold.objects.create(
        tier=ladder["contributor"], measure="submissions.selected", minimum=2
    )
    TierThreshold.objects.create(
        tier=ladder["contributor"], measure="stations.events_attended", minimum=1
    )
    return ladder


def active_member(ladder, *, selected=2, attended=1, tier="user", **fields):
    member = MemberFactory(tier=ladder[tier], **fields)
    for _ in range(selected):
        SubmissionFactory(author=member, selected=True)
    for _ in range(attended):
        RegistrationFactory(member=member, attended=True)
    return member


def start_url(member, level="contributor"):
    return reverse("members:suggested_promotion_start", args=[member.username, level])


def qualifying(ladder):
    tier = next(t for t in suggestable_tiers() if t == ladder["contributor"])
    return list(members_qualifying_for(tier))


def test_members_who_meet_every_threshold_and_have_not_asked_are_suggested(contributor_needs):
    ladder = contributor_needs
    meets = active_member(ladder)
    active_member(ladder, selected=1)  # one selected submission short
    active_member(ladder, attended=0)  # no event
    asked = active_member(ladder)
    TierRequest.objects.create(member=asked, to_tier=ladder["contributor"], evidence="PRs")
    declined = active_member(ladder)
    TierRequest.objects.create(
        member=declined,
        to_tier=ladder["contributor"],
        evidence="PRs",
        state=TierRequestState.DECLINED,
        decided_at=timezone.now(),
    )
    active_member(ladder, tier="contributor")  # already there; the next tier measures nothing
    active_member(ladder, is_active=False)

    assert qualifying(ladder) == [meets]
    assert [tier.level for tier in suggestable_tiers()] == ["contributor"]


def test_a_tier_without_thresholds_suggests_nobody(ladder):
    active_member(ladder)

    assert suggestable_tiers() == []


def test_the_reviewers_page_lists_the_evidence(contributor_needs, reviewer_client):
    member = active_member(contributor_needs, display_name="Casey Lin")

    page = reviewer_client.get(PAGE)

    text = page.content.decode()
    assert page.status_code == 200
    assert "Casey Lin" in text
    assert "selected submissions: 2 / 2" in text
    assert "events attended: 1 / 1" in text
    assert start_url(member) in text


def test_the_admin_index_links_the_suggested_promotions(reviewer_client):
    assert PAGE in reviewer_client.get("/admin/").content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_costs_the_same_for_one_or_many_members(
    contributor_needs, reviewer_client, django_assert_num_queries, count
):
    for _ in range(count):
        active_member(contributor_needs)
    reviewer_client.get(PAGE)  # warm the session and the caches

    # session, user, reviewers group, tiers + thresholds, count, page, evidence of each
    # of the 2 thresholds (the unread inbox count is cached): whatever the number of members
    with django_assert_num_queries(9):
        page = reviewer_client.get(PAGE)

    assert len(page.context["suggestions"]) == count


def lead_of_another_station():
    lead = MemberFactory()
    StationFactory(lead=lead)
    return lead


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 403), ("other_lead", 403), ("reviewer", 200)],
)
def test_only_reviewers_see_the_page(contributor_needs, client, who, status):
    active_member(contributor_needs)
    users = {
        "anonymous": None,
        "member": MemberFactory(),
        "other_lead": lead_of_another_station(),
        "reviewer": ReviewerFactory(),
    }
    if users[who]:
        client.force_login(users[who])

    assert client.get(PAGE).status_code == status


@pytest.mark.parametrize("who", ["anonymous", "member", "other_lead", "candidate"])
def test_only_reviewers_start_a_promotion(contributor_needs, client, who):
    candidate = active_member(contributor_needs)
    users = {
        "anonymous": None,
        "member": MemberFactory(),
        "other_lead": lead_of_another_station(),
        "candidate": candidate,
    }
    if users[who]:
        client.force_login(users[who])

    response = client.post(start_url(candidate))

    assert response.status_code in (302, 403)
    assert response.status_code == 403 or who == "anonymous"
    assert not TierRequest.objects.exists()


def test_starting_a_promotion_records_it_as_suggested_by_the_portal(
    contributor_needs, reviewer_client, client
):
    candidate = active_member(contributor_needs)

    response = reviewer_client.post(start_url(candidate))

    assert response.status_code == 302
    request = TierRequest.objects.get(member=candidate)
    assert request.suggested_by_portal is True
    assert request.to_tier == contributor_needs["contributor"]
    assert "selected submissions: 2 ≥ 2" in request.evidence
    assert Notification.objects.filter(recipient=candidate).count() == 1
    # The member now has asked: no longer suggested.
    assert qualifying(contributor_needs) == []
    client.force_login(candidate)
    assert "suggested by the portal" in client.get(reverse("members:tier")).content.decode()


def test_a_second_start_is_refused_with_a_message(contributor_needs, reviewer_client):
    candidate = active_member(contributor_needs)
    reviewer_client.post(start_url(candidate))

    response = reviewer_client.post(start_url(candidate), follow=True)

    assert TierRequest.objects.filter(member=candidate).count() == 1
    assert "no longer qualifies" in response.content.decode()


def test_a_suggested_request_is_decided_as_usual_and_not_by_its_member(contributor_needs):
    candidate = active_member(contributor_needs, is_staff=True)
    reviewer = ReviewerFactory()
    request = tier_request_suggest(
        member=candidate, to_tier=contributor_needs["contributor"], reviewer=reviewer
    )

    with pytest.raises(TierError):
        tier_request_approve(request=request, decided_by=candidate, reason="Me!")
    tier_request_approve(request=request, decided_by=reviewer, reason="Well earned")

    candidate.refresh_from_db()
    assert candidate.tier == contributor_needs["contributor"]


def test_a_reviewer_cannot_start_their_own_promotion(contributor_needs):
    reviewer = active_member(contributor_needs)
    reviewer.is_staff = True
    reviewer.save()
    from django.contrib.auth.models import Group

    from members.roles import REVIEWERS_GROUP

    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])

    with pytest.raises(TierError):
        tier_request_suggest(
            member=reviewer, to_tier=contributor_needs["contributor"], reviewer=reviewer
        )


def test_a_newly_qualified_member_is_told_once(
    contributor_needs, django_capture_on_commit_callbacks
):
    member = active_member(contributor_needs)
    active_member(contributor_needs, selected=0)

    with django_capture_on_commit_callbacks(execute=True):
        first = listed(remind_newly_qualified)
        second = listed(remind_newly_qualified)

    assert [n.recipient_id for n in first] == [member.pk]
    assert second == []
    tier = contributor_needs["contributor"]
    assert Notification.objects.get(key=f"members.qualifies:{tier.pk}:{member.pk}").recipient == (
        member
    )
