"""The member-facing pages: who sees what, and what every kind of input gets."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from submissions import services
from submissions.enums import Channel, SubmissionState
from submissions.models import Submission
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory, RewardRuleFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def local(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


# --- Campaign list and page ---------------------------------------------------------------


def test_campaign_list_shows_published_campaigns_to_everyone(client):
    CampaignFactory(title="Co-write the tutorial")
    CampaignFactory(title="Secret draft", is_published=False)

    page = page_text(client.get(reverse("submissions:campaign_list")))

    assert "Co-write the tutorial" in page
    assert "Secret draft" not in page


def test_reviewer_sees_draft_campaigns_marked_as_drafts(reviewer_client):
    draft = CampaignFactory(title="Secret draft", is_published=False)

    listing = page_text(reviewer_client.get(reverse("submissions:campaign_list")))
    detail = reviewer_client.get(draft.get_absolute_url())

    assert "Secret draft" in listing
    assert ">Draft<" in listing
    assert detail.status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_draft_campaign_is_not_found_for_the_public(client, member, who):
    draft = CampaignFactory(is_published=False)
    if who == "member":
        client.force_login(member)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("submissions:acknowledgments", args=[draft.slug])).status_code == 404


def test_campaign_list_without_campaigns_says_so(client):
    page = page_text(client.get(reverse("submissions:campaign_list")))

    assert "No campaign is published yet." in page


def test_campaign_page_explains_the_seed_rules(client, seed_campaign):
    SubmissionFactory.create_batch(2, campaign=seed_campaign, selected=True)

    page = page_text(client.get(seed_campaign.get_absolute_url()))

    assert "the first 5 selected submissions get 1,000 points each" in page
    assert "3 places left" in page
    assert "selected on or before March 31, 2025: 500 points" in page
    assert "(200 × 2.5)" in page  # noqa: RUF001
    assert "selected from April 1, 2025 to June 30, 2025: 200 points" in page
    assert "from 10 to 300 points, set by the reviewer" in page
    assert "<strong>really</strong>" in page  # the description is Markdown


def test_campaign_page_offers_sign_in_to_anonymous_visitors(client, campaign):
    page = page_text(client.get(campaign.get_absolute_url()))

    assert "Sign in to submit" in page
    assert reverse("submissions:submission_create", args=[campaign.slug]) not in page


def test_closed_campaign_page_offers_no_submit_button(member_client):
    closed = CampaignFactory(opens_on=date(2025, 1, 1), closes_on=date(2025, 6, 30))

    page = page_text(member_client.get(closed.get_absolute_url()))

    assert ">Closed<" in page
    assert "Submit your content" not in page


def test_campaign_page_lists_only_the_viewers_own_submissions(member_client, member, campaign):
    SubmissionFactory(campaign=campaign, author=member, title="Mine here")
    SubmissionFactory(author=member, title="Mine elsewhere")
    SubmissionFactory(campaign=campaign, title="Somebody else's")

    page = page_text(member_client.get(campaign.get_absolute_url()))

    assert "Mine here" in page
    assert "Mine elsewhere" not in page
    assert "Somebody else&#x27;s" not in page


def test_unknown_campaign_is_not_found(client):
    assert client.get("/campaigns/no-such-campaign/").status_code == 404


# --- Submitting ---------------------------------------------------------------------------


def valid_post(**fields):
    return {
        "title": "Tuning the memstore",
        "channel": Channel.BLOG_POST,
        "url": "https://blog.example.org/memstore",
        "summary": "What we changed.",
        **fields,
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_sign_in(client, campaign, method):
    url = reverse("submissions:submission_create", args=[campaign.slug])

    response = getattr(client, method)(url, valid_post())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Submission.objects.count() == 0


def test_form_offers_only_the_campaigns_channels(member_client):
    campaign = CampaignFactory(channels=[Channel.FORUM_POST, Channel.BUG_REPORT])

    form = member_client.get(
        reverse("submissions:submission_create", args=[campaign.slug])
    ).context["form"]

    assert [value for value, _ in form.fields["channel"].choices] == ["forum_post", "bug_report"]


def test_member_submits_and_lands_on_the_submission(member_client, member, campaign):
    response = member_client.post(
        reverse("submissions:submission_create", args=[campaign.slug]), valid_post(), follow=True
    )

    submission = Submission.objects.get()
    assert submission.author == member
    assert response.redirect_chain[-1][0] == submission.get_absolute_url()
    assert messages_of(response) == ["Thank you! “Tuning the memstore” is waiting for review."]
    assert "waiting for review" in page_text(response)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"summary": ""}, "summary", "This field is required."),
        ({"url": ""}, "url", "This field is required."),
        ({"url": "not a link"}, "url", "Enter a valid URL."),
        ({"url": "javascript:alert(1)"}, "url", "Enter a valid URL."),
        ({"url": "ftp://files.example.org/post"}, "url", "Enter a valid URL."),
        ({"channel": "tweet"}, "channel", "Select a valid choice."),
        ({"channel": ""}, "channel", "This field is required."),
        ({"title": "x" * 201}, "title", "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_keeps_the_rest(
    member_client, campaign, fields, field, message
):
    response = member_client.post(
        reverse("submissions:submission_create", args=[campaign.slug]), valid_post(**fields)
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    kept = "Tuning the memstore" if field == "summary" else "What we changed."
    assert kept in page_text(response)
    assert Submission.objects.count() == 0


def test_channel_the_campaign_does_not_accept_is_refused_beside_the_field(member_client):
    campaign = CampaignFactory(channels=[Channel.FORUM_POST])

    response = member_client.post(
        reverse("submissions:submission_create", args=[campaign.slug]),
        valid_post(channel=Channel.BLOG_POST),
    )

    assert "Select a valid choice." in response.context["form"].errors["channel"][0]


def test_duplicate_url_is_refused_beside_the_field(member_client, campaign):
    SubmissionFactory(campaign=campaign, url="https://blog.example.org/memstore",
                      url_key="https://blog.example.org/memstore")  # fmt: skip

    response = member_client.post(
        reverse("submissions:submission_create", args=[campaign.slug]),
        valid_post(url="HTTP://BLOG.example.org/memstore/"),
    )

    assert response.context["form"].errors["url"] == [
        "This URL was already submitted to this campaign."
    ]
    assert "Tuning the memstore" in page_text(response)
    assert Submission.objects.count() == 1


def test_closed_campaign_turns_the_member_away_with_a_message(member_client):
    closed = CampaignFactory(opens_on=date(2025, 1, 1), closes_on=date(2025, 6, 30))
    url = reverse("submissions:submission_create", args=[closed.slug])

    shown = member_client.get(url, follow=True)
    posted = member_client.post(url, valid_post())

    assert messages_of(shown) == ["This campaign is not accepting submissions now."]
    assert posted.status_code == 302
    assert Submission.objects.count() == 0


def test_campaign_closing_between_form_and_post_gets_a_message(member_client, campaign):
    url = reverse("submissions:submission_create", args=[campaign.slug])
    member_client.get(url)

    with time_machine.travel(datetime(2099, 1, 1, tzinfo=timezone.get_current_timezone())):
        response = member_client.post(url, valid_post())

    assert response.status_code == 302
    assert Submission.objects.count() == 0


# --- A submission's page, editing, withdrawing --------------------------------------------


@pytest.fixture
def submission(member, campaign):
    return SubmissionFactory(campaign=campaign, author=member, title="HA on ARM")


def test_submission_page_is_private_to_the_author_and_reviewers(
    client, submission, member, other_member, reviewer
):
    url = submission.get_absolute_url()

    anonymous = client.get(url)
    client.force_login(other_member)
    other = client.get(url)
    client.force_login(member)
    owner = client.get(url)
    client.force_login(reviewer)
    as_reviewer = client.get(url)

    assert anonymous.status_code == 302
    assert other.status_code == 404
    assert owner.status_code == 200
    assert as_reviewer.status_code == 200
    assert member.public_name in page_text(as_reviewer)
    assert "Review in the admin" in page_text(as_reviewer)


def test_submission_page_shows_the_history_with_comments_and_points(
    member_client, submission, reviewer
):
    RewardRuleFactory(campaign=submission.campaign, name="Angel round")
    services.submission_select(submission=submission, reviewer=reviewer, comment="Lovely")

    page = page_text(member_client.get(submission.get_absolute_url()))

    assert "Lovely" in page
    assert "+1,000" in page
    assert "waiting for review → selected" in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_others_cannot_edit_a_submission(client, submission, other_member, reviewer, method):
    submission.state = SubmissionState.CHANGES_REQUESTED
    submission.save()
    url = reverse("submissions:submission_edit", args=[submission.pk])

    anonymous = getattr(client, method)(url, valid_post(title="Hijacked"))
    client.force_login(other_member)
    other = getattr(client, method)(url, valid_post(title="Hijacked"))
    client.force_login(reviewer)
    as_reviewer = getattr(client, method)(url, valid_post(title="Hijacked"))

    assert anonymous.status_code == 302
    assert other.status_code == 404
    assert as_reviewer.status_code == 404
    submission.refresh_from_db()
    assert submission.title == "HA on ARM"


def test_author_cannot_edit_while_waiting_for_review(member_client, submission):
    response = member_client.post(
        reverse("submissions:submission_edit", args=[submission.pk]),
        valid_post(title="Changed"),
        follow=True,
    )

    assert messages_of(response) == ["You can edit a submission only while changes are requested."]
    submission.refresh_from_db()
    assert submission.title == "HA on ARM"


def test_author_edits_after_a_change_request(member_client, submission, reviewer):
    services.submission_request_changes(
        submission=submission, reviewer=reviewer, comment="Please add the plans."
    )
    url = reverse("submissions:submission_edit", args=[submission.pk])

    form_page = page_text(member_client.get(url))
    response = member_client.post(url, valid_post(title="HA on ARM, with plans"), follow=True)

    assert "Please add the plans." in form_page
    assert 'value="HA on ARM"' in form_page
    assert messages_of(response) == ["Your changes are saved and sent back for review."]
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.title == "HA on ARM, with plans"


def test_edit_to_a_taken_url_is_refused_beside_the_field(member_client, submission, campaign):
    SubmissionFactory(campaign=campaign, url="https://ask.example.org/t/9",
                      url_key="https://ask.example.org/t/9")  # fmt: skip
    submission.state = SubmissionState.CHANGES_REQUESTED
    submission.save()

    response = member_client.post(
        reverse("submissions:submission_edit", args=[submission.pk]),
        valid_post(url="https://ask.example.org/t/9/"),
    )

    assert response.context["form"].errors["url"] == [
        "This URL was already submitted to this campaign."
    ]
    submission.refresh_from_db()
    assert submission.state == SubmissionState.CHANGES_REQUESTED


def test_withdraw_needs_a_post(member_client, submission):
    url = reverse("submissions:submission_withdraw", args=[submission.pk])

    assert member_client.get(url).status_code == 405


def test_forged_withdrawals_change_nothing(client, submission, other_member, reviewer):
    url = reverse("submissions:submission_withdraw", args=[submission.pk])

    anonymous = client.post(url)
    client.force_login(other_member)
    other = client.post(url)
    client.force_login(reviewer)
    as_reviewer = client.post(url)

    assert anonymous.status_code == 302
    assert other.status_code == 404
    assert as_reviewer.status_code == 404
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED


def test_author_withdraws_and_cannot_withdraw_twice(member_client, submission):
    url = reverse("submissions:submission_withdraw", args=[submission.pk])

    first = member_client.post(url, follow=True)
    second = member_client.post(url, follow=True)

    assert messages_of(first) == ["“HA on ARM” is withdrawn."]
    assert messages_of(second) == ["“HA on ARM” is withdrawn, so this step is not possible."]


@pytest.mark.parametrize("pk", ["0", "999999", "abc", "-1"])
@pytest.mark.parametrize("page", ["", "edit/", "withdraw/"])
def test_bad_submission_ids_are_not_found(member_client, pk, page):
    url = f"/campaigns/submissions/{pk}/{page}"

    assert member_client.get(url).status_code in (404, 405)
    assert member_client.post(url).status_code == 404


# --- My submissions -----------------------------------------------------------------------


def test_my_submissions_needs_an_account(client):
    response = client.get(reverse("submissions:mine"))

    assert response.status_code == 302


def test_my_submissions_lists_mine_with_their_states(member_client, member):
    SubmissionFactory(author=member, title="Waiting one")
    SubmissionFactory(author=member, title="Chosen one", selected=True)
    SubmissionFactory(title="Not mine")

    page = page_text(member_client.get(reverse("submissions:mine")))

    assert "Waiting one" in page
    assert "Chosen one" in page
    assert "Not mine" not in page
    assert "waiting for review" in page


@pytest.mark.parametrize(("state", "shown"), [("selected", ["Chosen one"]),
                                              ("garbage", ["Chosen one", "Waiting one"]),
                                              ("", ["Chosen one", "Waiting one"])])  # fmt: skip
def test_my_submissions_filter_by_state(member_client, member, state, shown):
    SubmissionFactory(author=member, title="Waiting one")
    SubmissionFactory(author=member, title="Chosen one", selected=True)

    response = member_client.get(reverse("submissions:mine"), {"state": state, "page": "x"})

    assert response.status_code == 200
    assert sorted(s.title for s in response.context["page"].object_list) == shown


def test_my_submissions_empty_state_links_to_the_campaigns(member_client):
    page = page_text(member_client.get(reverse("submissions:mine")))

    assert "You have not submitted anything yet." in page


# --- Points -------------------------------------------------------------------------------


def test_points_page_needs_an_account(client):
    assert client.get(reverse("submissions:points")).status_code == 302


def test_points_page_shows_only_my_balance_and_history(
    member_client, member, other_member, reviewer, award
):
    kept = award(member, 1000, reason="Angel round")
    corrected = award(member, 200, reason="Bug hunting")
    services.points_reverse(entry=corrected, reason="Reported twice", reversed_by=reviewer)
    award(other_member, 777, reason="Someone else's")

    response = member_client.get(reverse("submissions:points"))
    page = page_text(response)

    assert "Your balance: 1,000 points" in page
    assert "Angel round" in page
    assert "Reported twice" in page
    assert ">corrected<" in page
    assert ">correction<" in page
    assert "Someone else" not in page
    assert kept.source.get_absolute_url() in page


def test_points_page_without_points_says_how_to_earn_them(member_client):
    page = page_text(member_client.get(reverse("submissions:points")))

    assert "Your balance: 0 points" in page
    assert "No points yet." in page


# --- Leaderboards -------------------------------------------------------------------------


@pytest.fixture
def scores(award, reviewer):
    """Ana 1500 (March), Bo 1000 (Jan) and Cy 1000 (Feb): tied, Bo got there first."""
    ana, bo, cy = (MemberFactory(display_name=name) for name in ("Ana", "Bo", "Cy"))
    with time_machine.travel(local("2025-01-10T10:00"), tick=False):
        award(bo, 1000)
    with time_machine.travel(local("2025-02-10T10:00"), tick=False):
        award(cy, 1000)
        services.points_reverse(entry=award(cy, 400), reason="Oops", reversed_by=reviewer)
    with time_machine.travel(local("2025-03-31T23:59"), tick=False):
        award(ana, 1000)
    with time_machine.travel(local("2025-04-01T00:00"), tick=False):
        award(ana, 500)
    return ana, bo, cy


def rows(response):
    return [(row.rank, row.member.public_name, row.points) for row in response.context["page"]]


def test_all_time_leaderboard_ranks_with_shared_ranks_for_ties(client, scores):
    response = client.get(reverse("submissions:leaderboard"))

    assert rows(response) == [(1, "Ana", 1500), (2, "Bo", 1000), (2, "Cy", 1000)]


def test_star_of_the_month_counts_the_local_month(client, scores):
    march = client.get(reverse("submissions:leaderboard_month", args=[2025, 3]))
    april = client.get(reverse("submissions:leaderboard_month", args=[2025, 4]))

    assert rows(march) == [(1, "Ana", 1000)]
    assert rows(april) == [(1, "Ana", 500)]
    assert "March 2025" in page_text(march)
    assert reverse("submissions:leaderboard_month", args=[2025, 2]) in page_text(march)


def test_star_of_the_year(client, scores):
    year = client.get(reverse("submissions:leaderboard_year", args=[2025]))
    before = client.get(reverse("submissions:leaderboard_year", args=[2024]))

    assert rows(year) == [(1, "Ana", 1500), (2, "Bo", 1000), (2, "Cy", 1000)]
    assert rows(before) == []
    assert "Nobody has earned points in this period yet." in page_text(before)


def test_leaderboard_shows_the_viewers_own_rank(client, scores):
    *_, cy = scores
    client.force_login(cy)

    response = client.get(reverse("submissions:leaderboard"))

    assert "You are number 2 with 1,000 points." in page_text(response)
    assert page_text(response).count('class="is-me"') == 1


def test_leaderboard_tells_a_viewer_without_points(member_client, scores):
    response = member_client.get(reverse("submissions:leaderboard_month", args=[2025, 3]))

    assert "You have no points in this period yet." in page_text(response)


def test_leaderboard_is_paginated(client, award):
    for _ in range(30):
        award(MemberFactory(), 10)

    first = client.get(reverse("submissions:leaderboard"))
    second = client.get(reverse("submissions:leaderboard"), {"page": 2})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5
    assert [row.rank for row in second.context["page"]] == [1] * 5  # all tied


@pytest.mark.parametrize(
    "path",
    [
        "/campaigns/leaderboard/2025/13/",
        "/campaigns/leaderboard/2025/0/",
        "/campaigns/leaderboard/0/",
        "/campaigns/leaderboard/1/",
        "/campaigns/leaderboard/9999/",
        "/campaigns/leaderboard/99999999999999999999/",
        "/campaigns/leaderboard/2025/99999999999999999999/",
        "/campaigns/leaderboard/-1/",
    ],
)
def test_impossible_periods_are_not_found(client, path):
    assert client.get(path).status_code == 404
