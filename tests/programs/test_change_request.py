"""Answering a change request: the reviewers' words above the form and in the checklist."""

from django.urls import reverse

from programs import services
from tests.factories.members import MemberFactory


def _request_changes(application, comment):
    reviewer = MemberFactory(is_superuser=True)
    services.application_request_changes(application=application, actor=reviewer, comment=comment)


def test_edit_page_shows_the_request_above_the_form(client, in_review, applicant):
    _request_changes(in_review, "Add your production deployment to the usage.")
    client.force_login(applicant)

    page = client.get(reverse("programs:application_edit", args=[in_review.pk])).content.decode()

    assert "Add your production deployment to the usage." in page
    assert page.index('data-testid="change-request"') < page.index('enctype="multipart/form-data"')


def test_checklist_says_what_the_reviewers_asked(client, in_review, applicant):
    _request_changes(in_review, "Name a second contact.")
    client.force_login(applicant)

    page = client.get(reverse("programs:application_detail", args=[in_review.pk])).content.decode()

    checklist = page[page.index('class="checklist"') :]
    assert "Make the changes the reviewers asked for: “Name a second contact.”" in checklist


def test_named_members_do_not_get_the_applicants_checklist(client, in_review):
    _request_changes(in_review, "Name a second contact.")
    named = in_review.named_members.first().member
    client.force_login(named)

    page = client.get(reverse("programs:application_detail", args=[in_review.pk])).content.decode()

    assert "Make the changes the reviewers asked for" not in page
