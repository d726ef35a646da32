"""Certification applications: each step recorded and notified, illegal steps refused."""

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from community_portal.notifications.models import Notification
from members.errors import CertificationError
from members.models import Certificate, CertificationApplication
from members.services.certifications import (
    certification_application_confirm_eligibility,
    certification_application_evaluate_project,
    certification_application_issue,
    certification_application_record_test_score,
    certification_application_reject,
    certification_application_submit,
    certification_application_withdraw,
)
from tests.factories.members import (
    CertificateFactory,
    CertificationApplicationFactory,
    CertificationLevelFactory,
)
from tests.members.utils import post_admin_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def level(db):
    return CertificationLevelFactory(name="Foundation", slug="foundation", pass_mark=60)


def test_member_applies_and_reviewers_hear_of_it(
    level, member_client, member, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("members:certification_apply", args=[level.slug]),
            {"motivation": "Course done"},
            follow=True,
        )

    application = CertificationApplication.objects.get()
    assert (application.applicant, application.state) == (member, "eligibility_review")
    assert list(application.steps.values_list("action", "actor")) == [("apply", member.pk)]
    assert Notification.objects.get(recipient=reviewer).subject_text == (
        f"{member.public_name} applies for Foundation"
    )
    assert "Your application is sent." in response.content.decode()


def test_application_without_motivation_keeps_the_form_with_a_message(level, member_client):
    response = member_client.post(
        reverse("members:certification_apply", args=[level.slug]), {"motivation": ""}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert CertificationApplication.objects.count() == 0


def test_closed_or_unknown_level_is_not_found(member_client):
    closed = CertificationLevelFactory(is_open=False)

    for slug in (closed.slug, "no-such-level"):
        response = member_client.get(reverse("members:certification_apply", args=[slug]))
        assert response.status_code == 404


def test_second_open_application_for_a_level_is_refused(level, member):
    certification_application_submit(applicant=member, level=level, motivation="a")

    with pytest.raises(CertificationError):
        certification_application_submit(applicant=member, level=level, motivation="b")


def test_database_refuses_two_open_applications_for_one_level(level, member):
    CertificationApplicationFactory(applicant=member, level=level)
    with pytest.raises(IntegrityError):
        CertificationApplicationFactory(applicant=member, level=level, state="test")


def test_holder_of_a_valid_certificate_is_sent_to_renewal(level, member):
    CertificateFactory(holder=member, level=level)

    with pytest.raises(CertificationError, match="renewal"):
        certification_application_submit(applicant=member, level=level, motivation="again")


def test_every_step_is_recorded_and_notified(
    level, member, reviewer, django_capture_on_commit_callbacks
):
    application = CertificationApplicationFactory(applicant=member, level=level)

    with django_capture_on_commit_callbacks(execute=True):
        certification_application_confirm_eligibility(application=application, reviewer=reviewer)
        certification_application_record_test_score(
            application=application, reviewer=reviewer, score=75
        )
        certification_application_evaluate_project(
            application=application, reviewer=reviewer, comment="Good tracing demo"
        )
        certificate = certification_application_issue(application=application, reviewer=reviewer)

    application.refresh_from_db()
    assert (application.state, application.test_score) == ("issued", 75)
    assert list(application.steps.values_list("action", "from_state", "to_state")) == [
        ("confirm_eligibility", "eligibility_review", "test"),
        ("pass_test", "test", "project_evaluation"),
        ("evaluate_project", "project_evaluation", "decision"),
        ("issue", "decision", "issued"),
    ]
    subjects = list(
        Notification.objects.filter(recipient=member)
        .order_by("pk")
        .values_list("subject", flat=True)
    )
    assert len(subjects) == 4
    assert certificate.holder == member
    assert Certificate.objects.get(application=application) == certificate


def test_step_notification_is_in_the_applicants_language(level, reviewer):
    application = CertificationApplicationFactory(
        level=level, applicant__preferred_language="zh-hans"
    )

    certification_application_confirm_eligibility(application=application, reviewer=reviewer)

    notification = Notification.objects.get(recipient=application.applicant)
    with translation.override("zh-hans"):
        assert "资格" in notification.subject_text


def test_score_below_the_pass_mark_rejects(level, reviewer):
    application = CertificationApplicationFactory(level=level, state="test")

    certification_application_record_test_score(
        application=application, reviewer=reviewer, score=59
    )

    application.refresh_from_db()
    assert (application.state, application.test_score) == ("rejected", 59)


def test_score_at_the_pass_mark_passes(level, reviewer):
    application = CertificationApplicationFactory(level=level, state="test")

    certification_application_record_test_score(
        application=application, reviewer=reviewer, score=60
    )

    application.refresh_from_db()
    assert application.state == "project_evaluation"


@pytest.mark.parametrize(
    ("state", "step"),
    [
        ("eligibility_review", "issue"),
        ("eligibility_review", "score"),
        ("test", "evaluate"),
        ("project_evaluation", "issue"),
        ("issued", "reject"),
        ("rejected", "confirm"),
        ("withdrawn", "confirm"),
    ],
)
def test_illegal_steps_are_refused_with_a_message(level, reviewer, state, step):
    application = CertificationApplicationFactory(level=level, state=state)
    steps = {
        "issue": lambda: certification_application_issue(
            application=application, reviewer=reviewer
        ),
        "score": lambda: certification_application_record_test_score(
            application=application, reviewer=reviewer, score=80
        ),
        "evaluate": lambda: certification_application_evaluate_project(
            application=application, reviewer=reviewer, comment="ok"
        ),
        "reject": lambda: certification_application_reject(
            application=application, reviewer=reviewer, reason="no"
        ),
        "confirm": lambda: certification_application_confirm_eligibility(
            application=application, reviewer=reviewer
        ),
    }

    with pytest.raises(CertificationError, match="This step is not possible"):
        steps[step]()

    application.refresh_from_db()
    assert application.state == state
    assert Certificate.objects.count() == 0


def test_rejection_needs_a_reason(level, reviewer):
    application = CertificationApplicationFactory(level=level)

    with pytest.raises(CertificationError):
        certification_application_reject(application=application, reviewer=reviewer, reason="")


@pytest.mark.parametrize("score", [-1, 101])
def test_score_outside_0_to_100_is_refused(level, reviewer, score):
    application = CertificationApplicationFactory(level=level, state="test")

    with pytest.raises(CertificationError):
        certification_application_record_test_score(
            application=application, reviewer=reviewer, score=score
        )


def test_database_refuses_a_score_above_100(level):
    with pytest.raises(IntegrityError):
        CertificationApplicationFactory(level=level, test_score=101)


def test_reviewer_cannot_review_their_own_application(level, reviewer):
    application = CertificationApplicationFactory(applicant=reviewer, level=level)

    with pytest.raises(CertificationError):
        certification_application_confirm_eligibility(application=application, reviewer=reviewer)


def test_applicant_withdraws_from_their_page(level, member_client, member):
    application = CertificationApplicationFactory(applicant=member, level=level)

    member_client.post(reverse("members:certification_application_withdraw", args=[application.pk]))

    application.refresh_from_db()
    assert application.state == "withdrawn"


def test_member_cannot_withdraw_another_members_application(level, member_client, other_member):
    application = CertificationApplicationFactory(applicant=other_member, level=level)

    response = member_client.post(
        reverse("members:certification_application_withdraw", args=[application.pk])
    )

    assert response.status_code == 404
    with pytest.raises(CertificationError):
        certification_application_withdraw(
            application=application, applicant=CertificationApplicationFactory().applicant
        )


def test_my_certifications_page_shows_only_my_applications(
    level, member_client, member, other_member
):
    CertificationApplicationFactory(applicant=member, level=level, motivation="mine")
    CertificationApplicationFactory(
        applicant=other_member, level=CertificationLevelFactory(name="Secret level")
    )

    page = member_client.get(reverse("members:certifications")).content.decode()

    assert "Foundation" in page
    assert "Secret level" not in page


def test_my_certifications_page_needs_sign_in(client):
    response = client.get(reverse("members:certifications"))

    assert response.status_code == 302


# --- In the admin -----------------------------------------------------------------------


def test_reviewer_walks_an_application_to_issued_in_the_admin(level, member, reviewer_client):
    application = CertificationApplicationFactory(applicant=member, level=level)
    ids = [application.pk]

    post_admin_action(reviewer_client, "certificationapplication", "confirm_eligibility", ids)
    post_admin_action(
        reviewer_client, "certificationapplication", "record_test_score", ids, score=88
    )
    post_admin_action(
        reviewer_client, "certificationapplication", "evaluate_project", ids, comment="Great"
    )
    response = post_admin_action(reviewer_client, "certificationapplication", "issue", ids)

    application.refresh_from_db()
    assert application.state == "issued"
    assert Certificate.objects.get().holder == member
    assert "1 row done" in response.content.decode()


def test_illegal_step_in_the_admin_becomes_a_message(level, reviewer_client):
    application = CertificationApplicationFactory(level=level)

    response = post_admin_action(
        reviewer_client, "certificationapplication", "issue", [application.pk]
    )

    assert response.status_code == 200
    assert "This step is not possible" in response.content.decode()


def test_bad_score_in_the_admin_keeps_the_form(level, reviewer_client):
    application = CertificationApplicationFactory(level=level, state="test")

    response = post_admin_action(
        reviewer_client,
        "certificationapplication",
        "record_test_score",
        [application.pk],
        score="lots",
    )

    assert "Enter a whole number." in response.content.decode()
    application.refresh_from_db()
    assert application.state == "test"


def test_member_cannot_issue_through_a_forged_admin_post(level, member_client):
    application = CertificationApplicationFactory(level=level, state="decision")

    post_admin_action(member_client, "certificationapplication", "issue", [application.pk])

    application.refresh_from_db()
    assert application.state == "decision"
    assert Certificate.objects.count() == 0


def test_reviewer_revokes_in_the_admin_with_a_reason(reviewer_client):
    certificate = CertificateFactory()

    post_admin_action(reviewer_client, "certificate", "revoke", [certificate.pk], reason="Fraud")

    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Fraud"
