"""Reviewers decide partnerships in the admin: filters, search, the actions (each a
service), the full history, and no decision on their own application."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from partners.enums import Outcome, PartnershipState, RenewalDecision, Step
from partners.models import PartnerEvaluation
from tests.factories.partners import PartnershipFactory, level

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/partners/partnership/"


def run_action(client, action, rows, **data):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [row.pk for row in rows], "apply": "1", **data},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_list_filters_by_state_level_and_type_and_searches_names(reviewer_client):
    PartnershipFactory(organization_name="Skyforge", level=level("strategic"))
    PartnershipFactory(organization_name="Grafino", level=level("community"))

    filtered = reviewer_client.get(CHANGELIST, {"level__id__exact": level("strategic").pk})
    searched = reviewer_client.get(CHANGELIST, {"q": "skyfo"})

    assert "Skyforge" in filtered.content.decode() and "Grafino" not in filtered.content.decode()
    assert "Skyforge" in searched.content.decode() and "Grafino" not in searched.content.decode()
    assert reviewer_client.get(CHANGELIST, {"state": "bogus"}).status_code in (200, 302)


def test_a_partnership_goes_to_active_through_the_admin_actions(reviewer_client):
    partnership = PartnershipFactory()

    run_action(reviewer_client, "start_review", [partnership], comment="", internal_note="")
    run_action(reviewer_client, "qualify", [partnership], comment="Welcome", internal_note="ok")
    response = run_action(
        reviewer_client,
        "sign",
        [partnership],
        signed_on=timezone.localdate().isoformat(),
        term_years="2",
        comment="",
        internal_note="",
    )

    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.ACTIVE
    assert partnership.term_years == 2
    assert any("1 row done" in text for text in messages_of(response))
    page = reviewer_client.get(
        reverse("admin:partners_partnership_change", args=[partnership.pk])
    ).content.decode()
    assert "agreement signed: active" in page and "ok" in page


def test_evaluation_and_renewal_from_the_admin(reviewer_client):
    partnership = PartnershipFactory(active=True)

    run_action(
        reviewer_client,
        "evaluate",
        [partnership],
        outcome=Outcome.EXCEEDED,
        satisfaction="5",
        improvements="Co-host the annual conference.",
    )
    run_action(
        reviewer_client,
        "decide_renewal",
        [partnership],
        decision=RenewalDecision.CHANGE_LEVEL,
        level=level("strategic").pk,
        comment="Promoted.",
        internal_note="",
    )

    partnership.refresh_from_db()
    assert PartnerEvaluation.objects.get().improvements == "Co-host the annual conference."
    assert partnership.level.code == "strategic"
    assert list(partnership.steps.values_list("step", flat=True)) == [
        Step.EVALUATED,
        Step.LEVEL_CHANGED,
    ]


def test_ending_without_a_reason_asks_for_it_beside_the_field(reviewer_client):
    partnership = PartnershipFactory(active=True)

    response = run_action(
        reviewer_client, "decide_renewal", [partnership], decision=RenewalDecision.END, comment=""
    )

    assert "Say why, in the comment." in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.ACTIVE


def test_a_reviewer_is_not_offered_their_own_application(reviewer_client, reviewer):
    own = PartnershipFactory(applicant=reviewer)

    response = run_action(reviewer_client, "start_review", [own], comment="", internal_note="")

    own.refresh_from_db()
    assert own.state == PartnershipState.SUBMITTED
    assert any("you made" in text for text in messages_of(response))


def test_a_member_without_the_reviewer_role_cannot_open_the_admin_list(client, member):
    client.force_login(member)
    assert client.get(CHANGELIST).status_code == 302
