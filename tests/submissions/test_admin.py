"""Review and configuration in the admin: actions with a comment, amounts within
bounds, a read-only ledger corrected only by reversing entries."""

from datetime import date

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Permission
from django.urls import reverse

from submissions import services
from submissions.enums import Channel, RewardRuleKind, SubmissionState
from submissions.models import Campaign, PointEntry, RewardRule
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory, RewardRuleFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:submissions_submission_changelist")
LEDGER = reverse("admin:submissions_pointentry_changelist")


def act(client, url, action, objects, **data):
    """Post an admin action; ``apply`` in ``data`` posts its intermediate form."""
    payload = {
        "action": action,
        helpers.ACTION_CHECKBOX_NAME: [obj.pk for obj in objects],
        **data,
    }
    return client.post(url, payload, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Access -------------------------------------------------------------------------------


def test_reviewer_reviews_with_filters_and_search(reviewer_client, campaign):
    SubmissionFactory(campaign=campaign, title="Three zones", channel=Channel.FORUM_POST)
    SubmissionFactory(campaign=campaign, title="Backups", channel=Channel.BLOG_POST)

    response = reviewer_client.get(
        CHANGELIST, {"campaign__id__exact": campaign.pk, "channel": "forum_post", "q": "zones"}
    )

    assert response.status_code == 200
    assert [s.title for s in response.context["cl"].result_list] == ["Three zones"]


def test_member_cannot_open_the_review_admin(member_client):
    response = member_client.get(CHANGELIST)

    assert response.status_code == 302
    assert "/login/" in response.url


def test_staff_outside_the_reviewers_group_cannot_review(client):
    client.force_login(MemberFactory(is_staff=True))

    assert client.get(CHANGELIST).status_code == 403


def test_staff_who_may_only_view_cannot_decide(client):
    viewer = MemberFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_submission"))
    client.force_login(viewer)
    submission = SubmissionFactory()

    act(client, CHANGELIST, "select_submissions", [submission], apply="1", comment="Mine now")

    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED


def test_submissions_are_not_added_changed_or_deleted_in_the_admin(reviewer_client):
    submission = SubmissionFactory(title="Original")
    change = reverse("admin:submissions_submission_change", args=[submission.pk])

    posted = reviewer_client.post(change, {"title": "Edited"})

    assert reviewer_client.get(reverse("admin:submissions_submission_add")).status_code == 403
    assert posted.status_code == 403
    delete = reverse("admin:submissions_submission_delete", args=[submission.pk])
    assert reviewer_client.post(delete, {"post": "yes"}).status_code == 403
    submission.refresh_from_db()
    assert submission.title == "Original"
    assert reviewer_client.get(change).status_code == 200  # read-only view


# --- Decisions ----------------------------------------------------------------------------


def test_select_asks_for_a_comment_then_selects_and_awards(reviewer_client, reviewer):
    rule = RewardRuleFactory(name="Angel round", limit=5, points=1000)
    submission = SubmissionFactory(campaign=rule.campaign, title="HA on ARM")

    form = act(reviewer_client, CHANGELIST, "select_submissions", [submission])
    done = act(
        reviewer_client, CHANGELIST, "select_submissions", [submission], apply="1",
        comment="Welcome aboard",
    )  # fmt: skip

    assert "amount" not in form.context["form"].fields
    assert "HA on ARM" in form.content.decode()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SELECTED
    assert submission.transitions.get().comment == "Welcome aboard"
    assert PointEntry.objects.get().amount == 1000
    assert messages_of(done) == ["“HA on ARM” is selected: +1,000 points (Angel round)."]


def test_select_without_a_matching_rule_says_there_are_no_points(reviewer_client):
    submission = SubmissionFactory(title="Quiet one")

    done = act(reviewer_client, CHANGELIST, "select_submissions", [submission], apply="1")

    assert messages_of(done) == ["“Quiet one” is selected; no reward rule applied, so no points."]


@pytest.fixture
def bug_report(campaign):
    RewardRuleFactory(
        campaign=campaign,
        name="Bug hunting",
        kind=RewardRuleKind.REVIEWER_VALUED,
        channels=[Channel.BUG_REPORT],
        limit=None,
        points=None,
        min_points=10,
        max_points=300,
    )
    return SubmissionFactory(campaign=campaign, channel=Channel.BUG_REPORT, title="Typo")


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("", "This field is required."),
        ("9", "“Bug hunting” allows from 10 to 300 points."),
        ("301", "“Bug hunting” allows from 10 to 300 points."),
        ("lots", "Enter a whole number."),
        ("-5", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_reviewer_valued_selection_refuses_an_amount_out_of_bounds(
    reviewer_client, bug_report, amount, error
):
    response = act(
        reviewer_client, CHANGELIST, "select_submissions", [bug_report], apply="1", amount=amount
    )

    assert response.context["form"].errors["amount"] == [error]
    assert "Bug hunting: 10-300" in response.context["form"].fields["amount"].help_text
    bug_report.refresh_from_db()
    assert bug_report.state == SubmissionState.SUBMITTED
    assert PointEntry.objects.count() == 0


def test_reviewer_valued_selection_awards_the_amount(reviewer_client, bug_report):
    act(reviewer_client, CHANGELIST, "select_submissions", [bug_report], apply="1", amount="120")

    assert PointEntry.objects.get().amount == 120


def test_reject_with_a_comment(reviewer_client):
    submission = SubmissionFactory(title="Hello")

    done = act(
        reviewer_client, CHANGELIST, "reject_submissions", [submission], apply="1",
        comment="Too short",
    )  # fmt: skip

    submission.refresh_from_db()
    assert submission.state == SubmissionState.REJECTED
    assert submission.transitions.get().comment == "Too short"
    assert messages_of(done) == ["1 submission was not selected."]


def test_request_changes_needs_the_comment(reviewer_client):
    submission = SubmissionFactory()

    refused = act(reviewer_client, CHANGELIST, "request_changes", [submission], apply="1")
    done = act(
        reviewer_client, CHANGELIST, "request_changes", [submission], apply="1",
        comment="Add the plans",
    )  # fmt: skip

    assert refused.context["form"].errors["comment"] == ["This field is required."]
    submission.refresh_from_db()
    assert submission.state == SubmissionState.CHANGES_REQUESTED
    assert messages_of(done) == ["Changes were requested for 1 submission."]


def test_deciding_several_reports_each_refusal_and_goes_on(reviewer_client):
    waiting = SubmissionFactory(title="Waiting")
    decided = SubmissionFactory(title="Decided", state=SubmissionState.REJECTED)

    done = act(reviewer_client, CHANGELIST, "reject_submissions", [waiting, decided], apply="1")

    waiting.refresh_from_db()
    assert waiting.state == SubmissionState.REJECTED
    assert messages_of(done) == [
        "Decided: “Decided” is not selected, so this step is not possible.",
        "1 submission was not selected.",
    ]


def test_first_five_by_submission_order_when_selecting_many(reviewer_client, seed_campaign):
    submissions = SubmissionFactory.create_batch(6, campaign=seed_campaign)

    act(reviewer_client, CHANGELIST, "select_submissions", submissions, apply="1")

    by_source = dict(PointEntry.objects.values_list("source_id", "amount"))
    # After June 2025 only the angel round applies: the sixth gets nothing.
    assert [by_source.get(s.pk, 0) for s in submissions] == [1000] * 5 + [0]


# --- The ledger ---------------------------------------------------------------------------


@pytest.fixture
def entry(member, award):
    return award(member, 1000, reason="Angel round")


def test_ledger_admin_is_read_only(reviewer_client, entry):
    change = reverse("admin:submissions_pointentry_change", args=[entry.pk])
    delete = reverse("admin:submissions_pointentry_delete", args=[entry.pk])

    assert reviewer_client.get(LEDGER).status_code == 200
    assert reviewer_client.get(change).status_code == 200
    assert reviewer_client.post(change, {"amount": "5"}).status_code == 403
    assert reviewer_client.get(reverse("admin:submissions_pointentry_add")).status_code == 403
    assert reviewer_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.amount == 1000


def test_ledger_admin_offers_no_bulk_delete(reviewer_client, entry):
    response = act(reviewer_client, LEDGER, "delete_selected", [entry], post="yes")

    assert PointEntry.objects.count() == 1
    assert "delete_selected" not in response.context["action_form"].fields["action"].choices


def test_correct_adds_a_reversing_entry_with_the_reason(reviewer_client, reviewer, entry):
    form = act(reviewer_client, LEDGER, "correct_entries", [entry])
    done = act(
        reviewer_client, LEDGER, "correct_entries", [entry], apply="1", reason="Counted twice"
    )

    assert "reason" in form.context["form"].fields
    reversal = PointEntry.objects.get(reverses=entry)
    assert (reversal.amount, reversal.reason, reversal.awarded_by) == (
        -1000,
        "Counted twice",
        reviewer,
    )
    assert messages_of(done) == ["1 entry was corrected by a reversing entry."]


def test_correct_needs_a_reason(reviewer_client, entry):
    response = act(reviewer_client, LEDGER, "correct_entries", [entry], apply="1", reason="")

    assert response.context["form"].errors["reason"] == ["This field is required."]
    assert PointEntry.objects.count() == 1


def test_correcting_twice_is_refused_with_a_message(reviewer_client, reviewer, entry):
    services.points_reverse(entry=entry, reason="First", reversed_by=reviewer)

    response = act(reviewer_client, LEDGER, "correct_entries", [entry], apply="1", reason="Again")

    assert messages_of(response) == [f"{entry}: This entry was corrected already."]
    assert PointEntry.objects.count() == 2


def test_correcting_a_correction_is_refused_with_a_message(reviewer_client, reviewer, entry):
    reversal = services.points_reverse(entry=entry, reason="First", reversed_by=reviewer)

    response = act(reviewer_client, LEDGER, "correct_entries", [reversal], apply="1", reason="Undo")

    assert messages_of(response) == [
        f"{reversal}: This entry is itself a correction and cannot be reversed."
    ]
    assert PointEntry.objects.count() == 2


def test_staff_without_the_reverse_permission_cannot_correct(client, entry):
    viewer = MemberFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_pointentry"))
    client.force_login(viewer)

    act(client, LEDGER, "correct_entries", [entry], apply="1", reason="Mine")

    assert PointEntry.objects.count() == 1


def test_ledger_list_filters_awards_and_corrections(reviewer_client, reviewer, entry, award):
    services.points_reverse(entry=entry, reason="Oops", reversed_by=reviewer)

    standing_entry = award(MemberFactory(), 30)

    corrections = reviewer_client.get(LEDGER, {"kind": "correction"})
    corrected = reviewer_client.get(LEDGER, {"kind": "corrected"})
    standing = reviewer_client.get(LEDGER, {"kind": "award"})

    assert [e.amount for e in corrections.context["cl"].result_list] == [-1000]
    assert [e.amount for e in corrected.context["cl"].result_list] == [1000]
    assert [e.amount for e in standing.context["cl"].result_list] == [30]
    change = reverse("admin:submissions_submission_change", args=[standing_entry.source_id])
    assert f'href="{change}"' in standing.content.decode()


# --- Configuring campaigns ----------------------------------------------------------------


def campaign_post(**rule):
    data = {
        "title_en": "Co-write the tutorial",
        "slug": "co-write",
        "summary_en": "",
        "description_en": "",
        "opens_on": "2025-01-06",
        "closes_on": "2025-06-30",
        "channels": ["forum_post", "blog_post"],
        "is_published": "on",
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
        "rules-0-position": "1",
        "rules-0-name_en": "Early bird",
        "rules-0-kind": "date_range",
        "rules-0-channels": ["blog_post"],
        "rules-0-starts_on": "",
        "rules-0-ends_on": "2025-03-31",
        "rules-0-limit": "",
        "rules-0-points": "200",
        "rules-0-multiplier": "2.5",
        "rules-0-min_points": "",
        "rules-0-max_points": "",
    }
    data.update({f"rules-0-{name}": value for name, value in rule.items()})
    return data


def test_reviewer_configures_a_campaign_with_its_rules(reviewer_client):
    response = reviewer_client.post(reverse("admin:submissions_campaign_add"), campaign_post())

    assert response.status_code == 302
    campaign = Campaign.objects.get(slug="co-write")
    assert campaign.channels == ["forum_post", "blog_post"]
    rule = campaign.rules.get()
    assert (rule.kind, rule.channels, rule.fixed_points) == ("date_range", ["blog_post"], 500)
    assert rule.ends_on == date(2025, 3, 31)


@pytest.mark.parametrize(
    ("rule", "field", "error"),
    [
        ({"ends_on": ""}, "ends_on", "Give a start date, an end date or both."),
        ({"points": ""}, "points", "This kind of rule needs a value here."),
        ({"kind": "reviewer_valued", "min_points": "50", "max_points": "10"}, "max_points",
         "The maximum cannot be below the minimum."),
        ({"kind": "first_selected", "limit": ""}, "limit", "This kind of rule needs a value here."),
        ({"channels": ["fax"]}, "channels", "Select a valid choice."),
        ({"multiplier": "0"}, "multiplier", "Ensure this value is greater than or equal to 0.01."),
    ],
)  # fmt: skip
def test_incomplete_rule_is_refused_beside_its_field(reviewer_client, rule, field, error):
    response = reviewer_client.post(
        reverse("admin:submissions_campaign_add"), campaign_post(**rule)
    )

    assert response.status_code == 200
    rule_errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert error in rule_errors[field][0]
    assert not Campaign.objects.exists()
    assert not RewardRule.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"channels": []}, "channels"), ({"closes_on": "2024-12-31"}, None),
     ({"slug": "leaderboard"}, None)],
)  # fmt: skip
def test_bad_campaign_is_refused_with_a_message(reviewer_client, fields, field):
    data = campaign_post()
    data.update(fields)
    if fields.get("channels") == []:
        del data["channels"]

    response = reviewer_client.post(reverse("admin:submissions_campaign_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Campaign.objects.exists()


def test_campaign_with_submissions_cannot_be_deleted(client, campaign):
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    SubmissionFactory(campaign=campaign)

    response = client.post(
        reverse("admin:submissions_campaign_delete", args=[campaign.pk]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert Campaign.objects.filter(pk=campaign.pk).exists()


def test_campaign_list_counts_submissions(reviewer_client):
    campaign = CampaignFactory()
    SubmissionFactory.create_batch(2, campaign=campaign)
    SubmissionFactory(campaign=campaign, selected=True)

    response = reviewer_client.get(reverse("admin:submissions_campaign_changelist"))

    row = response.context["cl"].result_list[0]
    assert (row.submission_total, row.selected_total) == (3, 1)


# --- The decisions allowed now --------------------------------------------------------------


def test_submission_page_lists_the_decisions_allowed_now(reviewer_client, campaign):
    waiting = SubmissionFactory(campaign=campaign)
    decided = SubmissionFactory(campaign=campaign, selected=True)

    def decisions(submission) -> str:
        page = reviewer_client.get(
            reverse("admin:submissions_submission_change", args=[submission.pk])
        ).content.decode()
        field = page.index("field-moves_allowed_now")
        return page[field : page.index("</div>", page.index("readonly", field))]

    assert decisions(waiting).endswith("selected, not selected, changes requested")
    assert decisions(decided).endswith("none")
