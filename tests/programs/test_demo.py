"""The demo data shows every part of the programs app."""

import pytest
from django.core.management import call_command

from programs.demo import PROGRAM_SLUG
from programs.enums import ApplicationState, ProgramState
from programs.models import Application, Program
from programs.selectors import showcase_participations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_demo_program_is_the_seed_s_co_construction_plan():
    program = Program.objects.get(slug=PROGRAM_SLUG)

    assert program.state == ProgramState.OPEN
    assert "**Two or more** openGemini community members" in program.requirements
    assert "thank-you letter" in program.benefits
    assert program.min_named_members == 2


def test_demo_has_applications_in_every_state_a_reviewer_meets():
    states = set(Application.objects.values_list("state", flat=True))

    assert {
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.CHANGES_REQUESTED,
        ApplicationState.APPROVED,
    } <= states


def test_demo_showcase_has_participants_with_logos_and_milestones():
    participants = {p.organization_name: p for p in showcase_participations()}

    # The two of seed 000, and a few of the two years of history (insight.demo): two
    # outcomes in ten of its 56 applications, 11 at most, fewer on the days when the
    # latest of them are still waiting for a decision.
    assert 2 < len(participants) <= 2 + 11
    for participant in participants.values():
        assert participant.logo
    for name in ("Northwind Data", "Harbor Energy Cloud"):
        assert participants[name].milestones.count() == 2


def test_demo_reviewer_can_review_the_submitted_application(client):
    submitted = Application.objects.get(organization_name="Riverside Analytics")
    assert submitted.state == ApplicationState.SUBMITTED
    client.login(username="reviewer", password="demo-reviewer-2026")

    response = client.get(f"/admin/programs/application/{submitted.pk}/change/")

    assert response.status_code == 200
    assert submitted.organization_name in response.content.decode()
