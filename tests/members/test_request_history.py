"""Every move of a members request is kept in its history: from, to, who, why."""

import pytest
from django.urls import reverse

from members.models import MentorshipStep, TierRequestStep, VolunteerApplicationStep
from members.services.mentorship import mentorship_accept, mentorship_end
from members.services.tiers import tier_request_decline, tier_request_submit
from members.services.volunteering import volunteer_application_answer
from tests.factories.members import (
    MentorshipFactory,
    TierFactory,
    VolunteerApplicationFactory,
)

pytestmark = pytest.mark.django_db


def steps(queryset):
    return [(step.from_state, step.to_state, step.actor, step.comment) for step in queryset.all()]


def test_tier_decision_is_kept_in_the_requests_history(member, reviewer, reviewer_client):
    request = tier_request_submit(member=member, to_tier=TierFactory(level="user"), evidence="x")

    tier_request_decline(request=request, decided_by=reviewer, reason="Not yet")

    assert steps(TierRequestStep.objects.filter(request=request)) == [
        ("pending", "declined", reviewer, "Not yet")
    ]
    page = reviewer_client.get(reverse("admin:members_tierrequest_change", args=[request.pk]))
    assert "Not yet" in page.content.decode()


def test_volunteer_answer_is_kept_with_its_message(reviewer):
    application = VolunteerApplicationFactory()
    owner = application.group.owner

    volunteer_application_answer(
        application=application, answered_by=owner, accept=True, answer="Welcome aboard"
    )

    assert steps(VolunteerApplicationStep.objects.filter(application=application)) == [
        ("pending", "accepted", owner, "Welcome aboard")
    ]


def test_mentorship_keeps_each_step_in_order():
    mentorship = MentorshipFactory()
    mentor = mentorship.slot.mentor.member

    mentorship_accept(mentorship=mentorship, mentor=mentor, message="Glad to")
    mentorship_end(mentorship=mentorship, ended_by=mentorship.mentee, message="Thanks!")

    assert steps(MentorshipStep.objects.filter(mentorship=mentorship)) == [
        ("requested", "active", mentor, "Glad to"),
        ("active", "ended", mentorship.mentee, "Thanks!"),
    ]
