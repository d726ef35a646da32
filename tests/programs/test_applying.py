"""Applying on the site: the form, drafts, the logo, named members and the window."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from community_portal.notifications.models import Notification
from programs.enums import ApplicationState, NamedMemberState, ProgramState
from programs.models import Application, NamedMember
from tests.factories.members import MemberFactory
from tests.factories.programs import ApplicationFactory, NamedMemberFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues(db):
    return [MemberFactory(username="lin"), MemberFactory(username="zhang")]


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


def form_data(**overrides):
    data = {
        "organization_name": "Northwind Data",
        "website": "https://northwind.example.com",
        "contact_name": "Casey Contact",
        "contact_email": "casey@northwind.example.com",
        "contact_phone": "",
        "usage": "Three million time series from wind farms.",
        "uses_in_production": "on",
        "named_members": "lin\nzhang",
        "agree_to_code_of_conduct": "on",
        "action": "save",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def apply_url(program):
    return reverse("programs:apply", args=[program.slug])


# --- The window --------------------------------------------------------------------------


def test_apply_page_is_offered_while_the_program_is_open(applicant_client, program):
    response = applicant_client.get(apply_url(program))

    assert response.status_code == 200
    assert f"Apply to {program.title}" in response.content.decode()


@pytest.mark.parametrize(
    "program_kwargs",
    [
        {"state": ProgramState.CLOSED},
        {"state": ProgramState.OPEN, "opens_on_in_days": 1},
        {"state": ProgramState.OPEN, "closes_on_in_days": -1},
    ],
    ids=["closed", "not-yet-open", "window-passed"],
)
def test_apply_page_refuses_outside_the_window(applicant_client, program_kwargs):
    today = timezone.localdate()
    opens = today + timedelta(days=program_kwargs.pop("opens_on_in_days", -10))
    closes = today + timedelta(days=program_kwargs.pop("closes_on_in_days", 10))
    program = ProgramFactory(opens_on=opens, closes_on=closes, **program_kwargs)

    response = applicant_client.post(apply_url(program), form_data(), follow=True)

    assert response.redirect_chain[0][0] == program.get_absolute_url()
    assert "This program does not accept applications now." in response.content.decode()
    assert Application.objects.count() == 0


def test_draft_cannot_be_edited_after_the_window_closed(applicant_client, applicant):
    yesterday = timezone.localdate() - timedelta(days=1)
    program = ProgramFactory(opens_on=yesterday - timedelta(days=30), closes_on=yesterday)
    application = ApplicationFactory(program=program, applicant=applicant)

    response = applicant_client.post(
        reverse("programs:application_edit", args=[application.pk]),
        form_data(organization_name="Renamed"),
        follow=True,
    )

    application.refresh_from_db()
    assert application.organization_name != "Renamed"
    assert "This program does not accept applications now." in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client, program):
    response = client.get(apply_url(program))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Drafts -----------------------------------------------------------------------------


def test_draft_needs_only_the_organization_name(applicant_client, applicant, program):
    response = applicant_client.post(
        apply_url(program),
        {"organization_name": "Northwind Data", "action": "save"},
        follow=True,
    )

    application = Application.objects.get()
    assert application.state == ApplicationState.DRAFT
    assert application.applicant == applicant
    assert response.redirect_chain[-1][0] == application.get_absolute_url()
    assert "Your draft is saved." in response.content.decode()
    assert list(application.transitions.values_list("from_state", "to_state")) == [
        ("", ApplicationState.DRAFT)
    ]


def test_draft_without_a_name_gets_the_error_beside_the_field(applicant_client, program):
    response = applicant_client.post(apply_url(program), form_data(organization_name=""))

    assert response.status_code == 200
    assert response.context["form"].errors["organization_name"] == ["This field is required."]
    assert Application.objects.count() == 0


def test_saved_draft_is_resumed_with_everything_typed(
    applicant_client, program, colleagues, png_upload
):
    applicant_client.post(apply_url(program), form_data(logo=png_upload()))
    application = Application.objects.get()

    page = applicant_client.get(reverse("programs:application_edit", args=[application.pk]))

    content = page.content.decode()
    assert 'value="Northwind Data"' in content
    assert 'value="https://northwind.example.com"' in content
    assert "Three million time series from wind farms." in content
    assert "lin\nzhang" in content
    assert application.logo.url in content
    assert page.context["form"]["agree_to_code_of_conduct"].value() is True


def test_code_of_conduct_agreement_records_time_and_version(
    applicant_client, program, colleagues, settings
):
    settings.CODE_OF_CONDUCT_VERSION = "2.1-community"

    with time_machine.travel("2026-03-02 15:30 +0800", tick=False):
        today_program = ProgramFactory(
            opens_on=timezone.localdate(), closes_on=timezone.localdate()
        )
        applicant_client.post(apply_url(today_program), form_data())

    application = Application.objects.get()
    assert application.coc_version == "2.1-community"
    assert timezone.localtime(application.coc_agreed_at).isoformat() == "2026-03-02T15:30:00+08:00"


def test_unticking_the_agreement_withdraws_it(applicant_client, applicant, program, colleagues):
    application = ApplicationFactory(program=program, applicant=applicant)

    applicant_client.post(
        reverse("programs:application_edit", args=[application.pk]),
        form_data(agree_to_code_of_conduct=None),
    )

    application.refresh_from_db()
    assert application.coc_agreed_at is None
    assert application.coc_version == ""


# --- Submitting from the form ------------------------------------------------------------


def test_submitting_an_incomplete_form_names_every_missing_field(applicant_client, program):
    response = applicant_client.post(
        apply_url(program),
        {"organization_name": "Northwind Data", "named_members": "", "action": "submit"},
    )

    errors = response.context["form"].errors
    for field in ("website", "logo", "contact_name", "contact_email", "usage"):
        assert errors[field] == ["Needed before you submit."], field
    assert errors["agree_to_code_of_conduct"] == ["Agree to the code of conduct before you submit."]
    assert errors["named_members"] == ["Name at least 2 community members."]
    assert Application.objects.count() == 0


def test_submitting_before_members_confirm_saves_a_draft_and_says_why(
    applicant_client, program, colleagues, png_upload
):
    response = applicant_client.post(
        apply_url(program), form_data(action="submit", logo=png_upload()), follow=True
    )

    application = Application.objects.get()
    assert application.state == ApplicationState.DRAFT
    content = response.content.decode()
    assert "saved but not submitted yet" in content
    assert "0 of the 2 named members needed have confirmed." in content


def test_answer_to_a_change_request_is_submitted_from_the_form(applicant_client, applicant):
    application = ApplicationFactory(
        applicant=applicant,
        state=ApplicationState.CHANGES_REQUESTED,
        submitted_at=timezone.now(),
    )
    lin, zhang = (
        NamedMemberFactory(application=application, confirmed=True).member for _ in range(2)
    )

    applicant_client.post(
        reverse("programs:application_edit", args=[application.pk]),
        form_data(
            usage="Now with a customer story.",
            named_members=f"{lin.username}\n{zhang.username}",
            action="submit",
        ),
    )

    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.usage == "Now with a customer story."


def test_submit_button_on_the_application_page_submits(applicant_client, ready_draft):
    response = applicant_client.post(
        reverse("programs:application_submit", args=[ready_draft.pk]), follow=True
    )

    ready_draft.refresh_from_db()
    assert ready_draft.state == ApplicationState.SUBMITTED
    assert "Your application is submitted." in response.content.decode()


# --- The logo -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
        (b"<html><body><script>alert(1)</script></body></html>", "logo.png"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "logo.png"),
    ],
    ids=["svg", "html", "renamed-executable"],
)
def test_bad_logo_is_refused_and_everything_typed_stays(
    applicant_client, program, colleagues, content, name
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type="image/png")

    response = applicant_client.post(apply_url(program), form_data(logo=upload))

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [
        "This file is not a PNG, JPEG or WebP image that can be read."
    ]
    page = response.content.decode()
    assert 'value="Northwind Data"' in page
    assert 'value="casey@northwind.example.com"' in page
    assert "Three million time series from wind farms." in page
    assert "lin\nzhang" in page
    assert "<script>alert(1)</script>" not in page
    assert Application.objects.count() == 0


def test_logo_over_two_megabytes_is_refused(applicant_client, program, colleagues, png_upload):
    noise = Image.frombytes("RGB", (1200, 1200), bytes(range(256)) * 16875)
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG", compress_level=0)
    assert buffer.tell() > 2 * 1024 * 1024

    response = applicant_client.post(
        apply_url(program), form_data(logo=png_upload(content=buffer.getvalue()))
    )

    assert "the limit is 2.0\xa0MB" in response.context["form"].errors["logo"][0]
    assert Application.objects.count() == 0


def test_logo_is_reencoded_under_a_random_name(applicant_client, program, colleagues, png_upload):
    applicant_client.post(apply_url(program), form_data(logo=png_upload(name="../../evil.png")))

    logo = Application.objects.get().logo
    assert logo.name.startswith("programs/logos/")
    assert "evil" not in logo.name
    assert Image.open(logo.open("rb")).format == "PNG"


def test_logo_can_be_replaced_and_removed(applicant_client, applicant, program, png_upload):
    application = ApplicationFactory(program=program, applicant=applicant)
    NamedMemberFactory.create_batch(2, application=application)
    names = "\n".join(application.named_members.values_list("member__username", flat=True))
    url = reverse("programs:application_edit", args=[application.pk])
    first = application.logo.name

    applicant_client.post(url, form_data(named_members=names, logo=png_upload()))
    application.refresh_from_db()
    replaced = application.logo.name
    applicant_client.post(url, form_data(named_members=names, **{"logo-clear": "on"}))
    application.refresh_from_db()

    assert replaced != first
    assert application.logo.name == ""


# --- Named members --------------------------------------------------------------------------


def test_named_members_are_asked_to_confirm(applicant_client, program, colleagues):
    applicant_client.post(apply_url(program), form_data())

    application = Application.objects.get()
    assert list(application.named_members.values_list("member__username", "state")) == [
        ("lin", NamedMemberState.PENDING),
        ("zhang", NamedMemberState.PENDING),
    ]
    for colleague in colleagues:
        notification = Notification.objects.get(recipient=colleague)
        assert notification.url == application.get_absolute_url()
        assert "named you in an application" in notification.subject_text


@pytest.mark.parametrize(
    ("named", "message"),
    [
        ("lin\nnobody", "No member has the username nobody."),
        ("lin\napplicant", "You cannot name yourself: name other community members."),
        ("lin\nLIN", "lin is named twice."),
        ("lin\nzhang@example.com", "Enter usernames, not e-mail addresses: zhang@example.com."),
        ("lin\nghost@example.com", "Enter usernames, not e-mail addresses: ghost@example.com."),
        (" ".join(f"m{n}" for n in range(21)), "Name at most 20 members."),
    ],
    ids=["unknown", "self", "duplicate", "existing-address", "unknown-address", "crowd"],
)
def test_bad_named_members_get_a_message_beside_the_field(
    applicant_client, program, colleagues, named, message
):
    response = applicant_client.post(apply_url(program), form_data(named_members=named))

    assert response.context["form"].errors["named_members"] == [message]
    assert Application.objects.count() == 0


def test_removing_a_named_member_drops_their_naming(applicant_client, applicant, program):
    application = ApplicationFactory(program=program, applicant=applicant)
    kept = NamedMemberFactory(application=application, confirmed=True)
    NamedMemberFactory(application=application, confirmed=True)

    applicant_client.post(
        reverse("programs:application_edit", args=[application.pk]),
        form_data(named_members=kept.member.username),
    )

    assert list(NamedMember.objects.values_list("member", "state")) == [
        (kept.member_id, NamedMemberState.CONFIRMED)
    ]


def test_inactive_member_cannot_be_named(applicant_client, program, colleagues):
    MemberFactory(username="gone", is_active=False)

    response = applicant_client.post(apply_url(program), form_data(named_members="lin\ngone"))

    assert response.context["form"].errors["named_members"] == ["No member has the username gone."]


# --- Garbage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"website": "not a url"},
        {"contact_email": "nobody"},
        {"organization_name": "x" * 500},
        {"action": "launch-missiles"},
        {"uses_in_production": "maybe"},
        {"named_members": ";;;,,,@@@"},
    ],
    ids=["url", "email", "too-long", "unknown-action", "checkbox", "separators"],
)
def test_garbage_gets_an_answer_never_a_server_error(
    applicant_client, program, colleagues, overrides
):
    response = applicant_client.post(apply_url(program), form_data(**overrides))

    assert response.status_code in (200, 302)


def test_unknown_program_is_not_found(applicant_client):
    assert applicant_client.get("/programs/no-such-program/apply/").status_code == 404


def test_draft_program_is_not_open_to_applications(applicant_client):
    program = ProgramFactory(state=ProgramState.DRAFT)

    assert applicant_client.get(apply_url(program)).status_code == 404


def test_editing_an_application_in_review_is_refused_with_a_message(applicant_client, in_review):
    response = applicant_client.get(
        reverse("programs:application_edit", args=[in_review.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == in_review.get_absolute_url()
    assert "Only the applicant can change a draft" in response.content.decode()


def test_second_live_application_for_the_same_organization_is_refused(
    applicant_client, applicant, program, colleagues
):
    ApplicationFactory(program=program, applicant=applicant, organization_name="Northwind Data")

    response = applicant_client.post(apply_url(program), form_data())

    assert response.context["form"].non_field_errors() == [
        "You already have an application for this organization to this program."
    ]
    assert Application.objects.count() == 1
