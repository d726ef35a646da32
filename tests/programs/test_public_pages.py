"""Public pages: the program list and page, the showcase, the letters, the home card."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.enums import ApplicationState, ProgramState
from tests.factories.members import MemberFactory
from tests.factories.programs import (
    ApplicationFactory,
    MilestoneFactory,
    NamedMemberFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script> [click](javascript:alert(2))"


def days(n):
    return timezone.localdate() + timedelta(days=n)


# --- Program list ------------------------------------------------------------------------------


def test_program_list_shows_open_programs_first_then_upcoming_then_closed(client):
    ProgramFactory(title="Closed one", state=ProgramState.CLOSED)
    ProgramFactory(title="Upcoming one", opens_on=days(5), closes_on=days(40))
    ProgramFactory(title="Open one", closes_on=days(50))
    ProgramFactory(title="Passed one", opens_on=days(-40), closes_on=days(-1))

    page = client.get(reverse("programs:list")).content.decode()

    titles = re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', page)
    assert titles[:2] == ["Open one", "Upcoming one"]
    assert sorted(titles[2:]) == ["Closed one", "Passed one"]
    assert "Applications until" in page
    assert "Applications open on" in page
    assert "Applications closed on" in page


def test_draft_and_archived_programs_stay_hidden(client):
    ProgramFactory(title="Secret draft", state=ProgramState.DRAFT)
    archived = ProgramFactory(title="Old archive", state=ProgramState.ARCHIVED)

    page = client.get(reverse("programs:list")).content.decode()

    assert "Secret draft" not in page
    assert "Old archive" not in page
    assert client.get(archived.get_absolute_url()).status_code == 404


def test_program_list_has_an_empty_state(client):
    page = client.get(reverse("programs:list")).content.decode()

    assert "No program is published yet." in page


@pytest.mark.parametrize("rows", [1, 50])
def test_program_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    for program in ProgramFactory.create_batch(rows):
        ApplicationFactory(program=program, approved=True)

    # session-less visitor: the page count, the programs
    with django_assert_num_queries(2):
        response = client.get(reverse("programs:list"))

    assert response.status_code == 200


# --- Program page ------------------------------------------------------------------------------


def test_program_page_offers_apply_only_while_open(client, member):
    open_program = ProgramFactory()
    closed_program = ProgramFactory(state=ProgramState.CLOSED)
    client.force_login(member)

    open_page = client.get(open_program.get_absolute_url()).content.decode()
    closed_page = client.get(closed_program.get_absolute_url()).content.decode()

    assert reverse("programs:apply", args=[open_program.slug]) in open_page
    assert reverse("programs:apply", args=[closed_program.slug]) not in closed_page


def test_program_page_invites_visitors_to_sign_in_to_apply(client, program):
    page = client.get(program.get_absolute_url()).content.decode()

    assert "Sign in to apply" in page
    assert f"?next={reverse('programs:apply', args=[program.slug])}" in page


def test_program_page_renders_markdown_without_scripts_or_javascript_links(client):
    program = ProgramFactory(description=f"**Bold** {XSS}", requirements=XSS, benefits=XSS)

    page = client.get(program.get_absolute_url()).content.decode()

    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "javascript:" not in page


def test_program_page_shows_deadline_and_what_is_needed(client):
    program = ProgramFactory(closes_on=days(9), min_named_members=3)

    page = client.get(program.get_absolute_url()).content.decode()

    assert "Applications until" in page
    assert "Name 3 community members" in page


def test_program_page_shows_my_applications_to_it(client, member, program):
    ApplicationFactory(program=program, applicant=member, organization_name="My Org")
    client.force_login(member)

    page = client.get(program.get_absolute_url()).content.decode()

    assert "Your applications to this program" in page
    assert "My Org" in page


# --- Showcase -------------------------------------------------------------------------------


def test_showcase_shows_approved_and_completed_participants_only(client):
    approved = ApplicationFactory(approved=True, organization_name="Approved Co")
    ApplicationFactory(completed=True, organization_name="Completed Co")
    for state in ("draft", "submitted", "in_review", "rejected"):
        ApplicationFactory(
            state=state,
            submitted_at=None if state == "draft" else timezone.now(),
            organization_name=f"{state} Co",
        )

    page = client.get(reverse("programs:showcase")).content.decode()

    assert "Approved Co" in page
    assert "Completed Co" in page
    for state in ("draft", "submitted", "in_review", "rejected"):
        assert f"{state} Co" not in page
    assert f'src="{approved.logo.url}"' in page
    assert 'alt="Logo of Approved Co"' in page


def test_showcase_never_shows_contacts(client):
    participant = ApplicationFactory(approved=True, contact_email="private@org.example.com")

    page = client.get(reverse("programs:showcase")).content.decode()

    assert participant.contact_email not in page
    assert participant.contact_name not in page
    assert participant.applicant.email not in page


def test_showcase_lists_milestones_promoted_first(client):
    participant = ApplicationFactory(approved=True)
    MilestoneFactory(application=participant, title="Talk at a meetup", achieved_on=days(-1))
    MilestoneFactory(
        application=participant, title="In production", achieved_on=days(-30), promoted=True
    )

    page = client.get(reverse("programs:showcase")).content.decode()

    assert page.index("In production") < page.index("Talk at a meetup")
    assert "Highlighted" in page


def test_showcase_filters_by_program(client):
    first, second = ProgramFactory.create_batch(2)
    ApplicationFactory(program=first, approved=True, organization_name="First Co")
    ApplicationFactory(program=second, approved=True, organization_name="Second Co")

    page = client.get(reverse("programs:showcase"), {"program": first.slug}).content.decode()

    assert "First Co" in page
    assert "Second Co" not in page


@pytest.mark.parametrize("garbage", ["no-such-program", "' OR 1=1 --", "9" * 30])
def test_showcase_answers_garbage_filters(client, garbage):
    ApplicationFactory(approved=True)

    response = client.get(reverse("programs:showcase"), {"program": garbage, "page": garbage})

    assert response.status_code == 200


def test_showcase_has_an_empty_state(client):
    page = client.get(reverse("programs:showcase")).content.decode()

    assert "No participant yet" in page


@pytest.mark.parametrize("rows", [1, 50])
def test_showcase_query_count_does_not_grow(client, django_assert_num_queries, rows):
    for application in ApplicationFactory.create_batch(rows, approved=True):
        MilestoneFactory.create_batch(2, application=application)

    # programs for the filter, the count, the participants, their milestones
    with django_assert_num_queries(4):
        response = client.get(reverse("programs:showcase"))

    assert response.status_code == 200


# --- Dashboard ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_dashboard_query_count_does_not_grow(client, django_assert_num_queries, rows):
    member = MemberFactory()
    reviewer = MemberFactory(is_superuser=True)
    for application in ApplicationFactory.create_batch(rows, applicant=member, in_review=True):
        NamedMemberFactory.create_batch(2, application=application, confirmed=True)
        services.application_request_changes(
            application=application, actor=reviewer, comment="More, please."
        )
    for application in ApplicationFactory.create_batch(rows):
        NamedMemberFactory(application=application, member=member)
    client.force_login(member)

    # session, user, inbox count; applications: count, rows, named members, comments;
    # namings: count, rows
    with django_assert_num_queries(9):
        response = client.get(reverse("programs:dashboard"))

    assert response.status_code == 200
    assert response.content.decode().count("More, please.") == min(rows, 20)


# --- Thank-you letters --------------------------------------------------------------------------


@pytest.fixture
def letter(reviewer):
    participation = ApplicationFactory(approved=True, organization_name="Northwind Data")
    NamedMemberFactory(application=participation, confirmed=True)
    services.application_complete(application=participation, actor=reviewer)
    return participation.letters.get(recipient=participation.applicant)


def test_letter_is_a_printable_page_at_its_secret_link(client, letter):
    response = client.get(reverse("programs:letter", args=[letter.token]))

    page = response.content.decode()
    assert response.status_code == 200
    assert letter.recipient.public_name in page
    assert "Northwind Data" in page
    assert letter.application.program.title in page
    assert 'name="robots" content="noindex, nofollow"' in page
    assert "data-print" in page
    assert letter.recipient.email not in page


@pytest.mark.parametrize("token", ["1", "x" * 43, "../../admin"])
def test_letter_cannot_be_guessed(client, letter, token):
    assert client.get(f"/programs/letters/{token}/").status_code == 404


def test_letter_is_one_per_contributor(client, letter):
    other = letter.application.letters.exclude(pk=letter.pk).get()

    page = client.get(reverse("programs:letter", args=[other.token])).content.decode()

    assert other.recipient.public_name in page
    assert letter.recipient.public_name not in page


def test_contributor_finds_their_letter_on_the_application_page(client, letter):
    client.force_login(letter.recipient)

    page = client.get(letter.application.get_absolute_url()).content.decode()

    assert letter.get_absolute_url() in page


# --- Navigation and home -----------------------------------------------------------------------


def test_navigation_links_programs_and_showcase_marking_the_current_one(client):
    page = client.get(reverse("programs:showcase")).content.decode()

    assert f'<a href="{reverse("programs:list")}">Programs</a>' in page
    assert f'<a href="{reverse("programs:showcase")}" aria-current="page">Showcase</a>' in page


def test_home_card_shows_programs_open_now(client):
    ProgramFactory(title="Open for you", closes_on=days(7))
    ProgramFactory(title="Not yet", opens_on=days(3), closes_on=days(10))

    page = client.get(reverse("home")).content.decode()

    assert "Open for you" in page
    assert "Not yet" not in page


def test_application_usage_markdown_is_sanitized(client, member):
    application = ApplicationFactory(applicant=member, usage=XSS)
    client.force_login(member)

    page = client.get(application.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "javascript:" not in page


def test_pages_have_no_inline_script_or_style(client, member, letter):
    client.force_login(member)
    application = ApplicationFactory(applicant=member, state=ApplicationState.DRAFT)
    urls = [
        reverse("programs:list"),
        reverse("programs:showcase"),
        application.program.get_absolute_url(),
        reverse("programs:apply", args=[application.program.slug]),
        application.get_absolute_url(),
        reverse("programs:application_edit", args=[application.pk]),
        reverse("programs:dashboard"),
        letter.get_absolute_url(),
    ]

    for url in urls:
        page = client.get(url).content.decode()
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None, url
        assert "<style" not in page, url
        assert ' style="' not in page, url
        assert re.search(r"\son[a-z]+=", page) is None, url
