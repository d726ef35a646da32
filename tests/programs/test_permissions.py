"""Who sees and changes an application: anonymous visitors, another member, a named
member, the applicant and a reviewer; forged POSTs change nothing."""

import pytest
from django.urls import reverse

from programs import services
from programs.enums import ApplicationState, NamedMemberState
from programs.models import Application, NamedMember
from tests.factories.members import MemberFactory
from tests.factories.programs import ApplicationFactory, NamedMemberFactory
from tests.factories.stations import station_lead

pytestmark = pytest.mark.django_db

SECRET_NOTE = "INTERNAL-ONLY-7f3a"
CONTACT = "casey.secret@northwind.example.com"


@pytest.fixture
def application(program, applicant, reviewer):
    """In review, with a reviewer's comment and internal note in its history."""
    application = ApplicationFactory(
        program=program, applicant=applicant, submitted=True, contact_email=CONTACT
    )
    NamedMemberFactory.create_batch(2, application=application, confirmed=True)
    return services.application_start_review(
        application=application,
        actor=reviewer,
        comment="We are looking at it.",
        internal_note=SECRET_NOTE,
    )


@pytest.fixture
def people(application, reviewer):
    return {
        "anonymous": None,
        "other member": MemberFactory(),
        # A station's lead has no say over programs: treated like any member.
        "station lead": station_lead(),
        "named member": application.named_members.first().member,
        "applicant": application.applicant,
        "reviewer": reviewer,
    }


def client_for(client, person):
    if person is not None:
        client.force_login(person)
    return client


EXPECTED_DETAIL = {
    "anonymous": 302,
    "other member": 404,
    "station lead": 404,
    "named member": 200,
    "applicant": 200,
    "reviewer": 200,
}


@pytest.mark.parametrize("role", list(EXPECTED_DETAIL))
def test_application_page_is_private(client, people, application, role):
    response = client_for(client, people[role]).get(application.get_absolute_url())

    assert response.status_code == EXPECTED_DETAIL[role]
    if response.status_code == 302:
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["named member", "applicant", "reviewer"])
def test_internal_note_never_reaches_the_site_but_comments_and_contacts_do(
    client, people, application, role
):
    page = client_for(client, people[role]).get(application.get_absolute_url()).content.decode()

    assert SECRET_NOTE not in page
    assert "We are looking at it." in page
    assert CONTACT in page


def test_named_members_email_addresses_are_not_shown_on_the_site(client, people, application):
    page = client_for(client, people["applicant"]).get(application.get_absolute_url())

    for named in application.named_members.select_related("member"):
        assert named.member.email not in page.content.decode()


def test_dashboard_shows_comments_but_never_internal_notes(client, people, application):
    page = client_for(client, people["applicant"]).get(reverse("programs:dashboard"))

    content = page.content.decode()
    assert "We are looking at it." in content
    assert SECRET_NOTE not in content


@pytest.mark.parametrize(
    "role", ["anonymous", "other member", "station lead", "named member", "reviewer"]
)
def test_only_the_applicant_may_open_the_edit_form(client, people, program, applicant, role):
    draft = ApplicationFactory(program=program, applicant=applicant)
    NamedMemberFactory(application=draft, member=people["named member"])

    response = client_for(client, people[role]).get(
        reverse("programs:application_edit", args=[draft.pk])
    )

    expected = {
        "anonymous": 302,
        "other member": 404,
        "station lead": 404,
        "named member": 302,
        "reviewer": 302,
    }
    assert response.status_code == expected[role]
    if role in ("named member", "reviewer"):
        assert response.url == draft.get_absolute_url()


@pytest.mark.parametrize(
    "role", ["anonymous", "other member", "station lead", "named member", "reviewer"]
)
def test_forged_withdrawal_changes_nothing(client, people, application, role):
    response = client_for(client, people[role]).post(
        reverse("programs:application_withdraw", args=[application.pk])
    )

    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW
    assert response.status_code in (302, 404)


@pytest.mark.parametrize(
    "role", ["anonymous", "other member", "station lead", "named member", "reviewer"]
)
def test_forged_submission_changes_nothing(client, people, program, applicant, role):
    draft = ApplicationFactory(program=program, applicant=applicant)
    NamedMemberFactory(application=draft, member=people["named member"], confirmed=True)
    NamedMemberFactory(application=draft, confirmed=True)

    response = client_for(client, people[role]).post(
        reverse("programs:application_submit", args=[draft.pk])
    )

    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT
    assert response.status_code in (302, 404)


@pytest.mark.parametrize(
    "role", ["anonymous", "other member", "station lead", "applicant", "reviewer"]
)
def test_only_a_named_member_can_answer_for_themselves(client, people, program, applicant, role):
    draft = ApplicationFactory(program=program, applicant=applicant)
    naming = NamedMemberFactory(application=draft)

    client_for(client, people[role]).post(
        reverse("programs:named_member_answer", args=[draft.pk]), {"answer": "confirmed"}
    )

    naming.refresh_from_db()
    assert naming.state == NamedMemberState.PENDING


@pytest.mark.parametrize("role", ["other member", "station lead"])
def test_other_members_ids_are_not_found(client, people, application, role):
    client_for(client, people[role])

    for name in ("application_detail", "application_edit"):
        assert client.get(reverse(f"programs:{name}", args=[application.pk])).status_code == 404
    for name in ("application_submit", "application_withdraw", "named_member_answer"):
        assert client.post(reverse(f"programs:{name}", args=[application.pk])).status_code == 404
    assert client.get(reverse("programs:application_detail", args=[999999])).status_code == 404


def test_state_changing_pages_refuse_get(client, people, application):
    client_for(client, people["applicant"])

    for name in ("application_submit", "application_withdraw", "named_member_answer"):
        response = client.get(reverse(f"programs:{name}", args=[application.pk]))
        assert response.status_code == 405


def test_dashboard_needs_sign_in(client):
    response = client.get(reverse("programs:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_dashboard_lists_only_my_applications_and_namings(client, application, applicant):
    mine_elsewhere = MemberFactory()
    ApplicationFactory(organization_name="Someone Else Inc")
    named_in = ApplicationFactory(organization_name="Friends Ltd")
    NamedMemberFactory(application=named_in, member=mine_elsewhere)

    page = client_for(client, mine_elsewhere).get(reverse("programs:dashboard")).content.decode()

    assert "Friends Ltd" in page
    assert "Someone Else Inc" not in page
    assert application.organization_name not in page


def test_reviewer_sees_a_link_to_the_admin(client, people, application):
    page = client_for(client, people["reviewer"]).get(application.get_absolute_url())

    assert reverse("admin:programs_application_change", args=[application.pk]) in (
        page.content.decode()
    )


# --- Named members answering on the site ----------------------------------------------------


@pytest.fixture
def draft_with_naming(program, applicant):
    draft = ApplicationFactory(program=program, applicant=applicant)
    return draft, NamedMemberFactory(application=draft)


@pytest.mark.parametrize(
    ("answer", "state", "subject"),
    [
        ("confirmed", NamedMemberState.CONFIRMED, "confirmed being named"),
        ("declined", NamedMemberState.DECLINED, "declined being named"),
    ],
)
def test_named_member_answers_and_the_applicant_hears(
    client, draft_with_naming, answer, state, subject
):
    draft, naming = draft_with_naming

    response = client_for(client, naming.member).post(
        reverse("programs:named_member_answer", args=[draft.pk]), {"answer": answer}, follow=True
    )

    naming.refresh_from_db()
    assert naming.state == state
    assert naming.answered_at is not None
    notification = draft.applicant.notifications.get()
    assert subject in notification.subject_text
    assert naming.member.public_name in notification.subject_text
    assert response.redirect_chain[-1][0] == draft.get_absolute_url()


def test_named_member_may_change_their_mind_while_the_draft_is_open(client, draft_with_naming):
    draft, naming = draft_with_naming
    client_for(client, naming.member)
    url = reverse("programs:named_member_answer", args=[draft.pk])

    client.post(url, {"answer": "confirmed"})
    client.post(url, {"answer": "declined"})

    naming.refresh_from_db()
    assert naming.state == NamedMemberState.DECLINED


def test_answer_after_submission_is_refused_with_a_message(client, application):
    naming = application.named_members.first()

    response = client_for(client, naming.member).post(
        reverse("programs:named_member_answer", args=[application.pk]),
        {"answer": "declined"},
        follow=True,
    )

    naming.refresh_from_db()
    assert naming.state == NamedMemberState.CONFIRMED
    assert "no longer waiting for your answer" in response.content.decode()


@pytest.mark.parametrize("answer", ["", "yes", "pending", "confirmed'--"])
def test_garbage_answer_gets_a_message(client, draft_with_naming, answer):
    draft, naming = draft_with_naming

    response = client_for(client, naming.member).post(
        reverse("programs:named_member_answer", args=[draft.pk]), {"answer": answer}, follow=True
    )

    naming.refresh_from_db()
    assert naming.state == NamedMemberState.PENDING
    assert "Choose whether you confirm or decline." in response.content.decode()


def test_applicant_withdraws_before_a_decision(client, application):
    response = client_for(client, application.applicant).post(
        reverse("programs:application_withdraw", args=[application.pk]), follow=True
    )

    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    assert "Your application is withdrawn." in response.content.decode()


def test_withdrawing_after_approval_is_refused_with_a_message(client, application, reviewer):
    services.application_approve(application=application, actor=reviewer)

    response = client_for(client, application.applicant).post(
        reverse("programs:application_withdraw", args=[application.pk]), follow=True
    )

    application.refresh_from_db()
    assert application.state == ApplicationState.APPROVED
    assert "cannot become withdrawn" in response.content.decode()


def test_reviewer_named_by_e_mail_in_the_admin_only(client, application):
    """E-mail lookup is a reviewer's tool: the applicant's form never resolves addresses."""
    target = MemberFactory(email="known@example.com")

    applicant_page = client_for(client, application.applicant).post(
        reverse("programs:apply", args=[application.program.slug]),
        {"organization_name": "X", "named_members": "known@example.com", "action": "save"},
    )

    assert applicant_page.context["form"].errors["named_members"] == [
        "Enter usernames, not e-mail addresses: known@example.com."
    ]
    assert not NamedMember.objects.filter(member=target).exists()
    assert Application.objects.filter(organization_name="X").count() == 0
