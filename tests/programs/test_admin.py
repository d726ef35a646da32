"""Review in the Django admin: the list, the decision actions and buttons, milestones."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from community_portal.notifications.models import Notification
from programs.enums import ApplicationState, MilestoneKind, NamedMemberState, ProgramState
from programs.models import ApplicationTransition, Milestone
from tests.factories.members import MemberFactory
from tests.factories.programs import (
    ApplicationFactory,
    MilestoneFactory,
    NamedMemberFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/programs/application/"


def change_url(application):
    return reverse("admin:programs_application_change", args=[application.pk])


def review_url(application, target):
    return reverse("admin:programs_application_review", args=[application.pk, target])


def run_action(client, action, applications, **data):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [a.pk for a in applications],
            "apply": "1",
            **data,
        },
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- The list ------------------------------------------------------------------------------


def test_reviewer_gets_the_permissions_to_review(reviewer):
    for permission in ("view_application", "change_application", "add_milestone", "add_program"):
        assert reviewer.has_perm(f"programs.{permission}"), permission
    assert not reviewer.has_perm("programs.delete_application")


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"state__exact": "in_review"},
        {"program__id__exact": "1"},
        {"submitted_at__gte": "2026-01-01 00:00:00+08:00"},
        {"q": "Northwind"},
        {"o": "4"},
    ],
    ids=["all", "state", "program", "submitted", "search", "order"],
)
def test_changelist_filters_and_search_work(reviewer_client, in_review, query):
    response = reviewer_client.get(CHANGELIST, query)

    assert response.status_code == 200


def test_search_finds_by_organization_and_applicant(reviewer_client, in_review):
    ApplicationFactory(organization_name="Someone Else")

    response = reviewer_client.get(CHANGELIST, {"q": in_review.applicant.username})

    assert list(response.context["cl"].result_list) == [in_review]


def test_members_and_staff_who_are_not_reviewers_cannot_open_it(client, in_review):
    client.force_login(MemberFactory())
    assert client.get(CHANGELIST).status_code == 302
    client.force_login(MemberFactory(is_staff=True))
    assert client.get(CHANGELIST).status_code == 403


def test_change_page_shows_history_with_internal_notes_and_the_allowed_decisions(
    reviewer_client, in_review
):
    ApplicationTransition.objects.create(
        application=in_review,
        from_state="submitted",
        to_state="in_review",
        internal_note="Check the references.",
    )

    page = reviewer_client.get(change_url(in_review)).content.decode()

    assert "Check the references." in page
    for target in ("approved", "rejected", "changes_requested"):
        assert review_url(in_review, target) in page
    assert review_url(in_review, "completed") not in page


def test_application_cannot_be_added_or_deleted_in_the_admin(reviewer_client, in_review):
    assert reviewer_client.get("/admin/programs/application/add/").status_code == 403
    delete = reviewer_client.post(f"{change_url(in_review)}delete/", {"post": "yes"})
    assert delete.status_code == 403


# --- Decisions -------------------------------------------------------------------------------


def test_action_asks_for_a_comment_before_deciding(reviewer_client, in_review):
    response = reviewer_client.post(
        CHANGELIST, {"action": "approve", ACTION_CHECKBOX_NAME: [in_review.pk]}
    )

    assert response.status_code == 200
    assert "Comment to the applicant" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.state == ApplicationState.IN_REVIEW


def test_approve_action_records_comment_and_internal_note_and_tells_the_applicant(
    reviewer_client, reviewer, in_review
):
    response = run_action(
        reviewer_client,
        "approve",
        [in_review],
        comment="Welcome aboard!",
        internal_note="Strong references.",
    )

    in_review.refresh_from_db()
    assert in_review.state == ApplicationState.APPROVED
    assert messages_of(response) == ["1 application is now approved."]
    entry = in_review.transitions.latest("id")
    assert (entry.actor, entry.comment, entry.internal_note) == (
        reviewer,
        "Welcome aboard!",
        "Strong references.",
    )
    notification = Notification.objects.get(recipient=in_review.applicant)
    assert "Welcome aboard!" in notification.body_text
    assert "Strong references." not in notification.body_text


def test_rejection_without_a_comment_is_refused_beside_the_field(reviewer_client, in_review):
    response = run_action(reviewer_client, "reject", [in_review], comment="")

    assert response.context["form"].errors["comment"] == ["This field is required."]
    in_review.refresh_from_db()
    assert in_review.state == ApplicationState.IN_REVIEW


def test_illegal_transition_is_refused_with_a_message_and_changes_nothing(reviewer_client):
    withdrawn = ApplicationFactory(state=ApplicationState.WITHDRAWN, organization_name="Gone Co")
    history_before = withdrawn.transitions.count()

    response = run_action(reviewer_client, "approve", [withdrawn], comment="Oops")

    withdrawn.refresh_from_db()
    assert withdrawn.state == ApplicationState.WITHDRAWN
    assert withdrawn.transitions.count() == history_before
    assert messages_of(response) == [
        "Gone Co: an application that is withdrawn cannot become approved."
    ]
    assert Notification.objects.count() == 0


def test_mixed_selection_decides_what_it_can_and_reports_the_rest(reviewer_client, in_review):
    draft = ApplicationFactory(organization_name="Draft Co")

    response = run_action(reviewer_client, "approve", [in_review, draft])

    in_review.refresh_from_db()
    draft.refresh_from_db()
    assert in_review.state == ApplicationState.APPROVED
    assert draft.state == ApplicationState.DRAFT
    assert sorted(messages_of(response)) == [
        "1 application is now approved.",
        "Draft Co: an application that is draft cannot become approved.",
    ]


def test_decision_button_on_the_change_page(reviewer_client, in_review):
    form = reviewer_client.get(review_url(in_review, "changes_requested"))
    response = reviewer_client.post(
        review_url(in_review, "changes_requested"),
        {"apply": "1", "comment": "Add a customer story.", "internal_note": ""},
        follow=True,
    )

    assert form.status_code == 200
    in_review.refresh_from_db()
    assert in_review.state == ApplicationState.CHANGES_REQUESTED
    assert response.redirect_chain[-1][0] == change_url(in_review)


@pytest.mark.parametrize("target", ["withdrawn", "submitted", "draft", "nonsense"])
def test_decision_page_refuses_targets_reviewers_cannot_choose(reviewer_client, in_review, target):
    response = reviewer_client.post(review_url(in_review, target), {"apply": "1", "comment": "x"})

    assert response.status_code == 404
    in_review.refresh_from_db()
    assert in_review.state == ApplicationState.IN_REVIEW


def test_stale_decision_button_says_the_application_moved_on(reviewer_client):
    withdrawn = ApplicationFactory(state=ApplicationState.WITHDRAWN)

    response = reviewer_client.get(review_url(withdrawn, "approved"), follow=True)

    assert response.redirect_chain[-1][0] == change_url(withdrawn)
    assert messages_of(response) == [
        "This application is withdrawn now; it cannot become approved."
    ]


def test_decision_page_is_for_reviewers_only(client, in_review):
    client.force_login(in_review.applicant)

    response = client.post(review_url(in_review, "approved"), {"apply": "1"})

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == ApplicationState.IN_REVIEW


@pytest.mark.parametrize("object_id", ["999", "abc", "1%27--"])
def test_unknown_application_on_the_decision_page_is_not_found(reviewer_client, object_id):
    response = reviewer_client.get(f"/admin/programs/application/{object_id}/review/approved/")

    assert response.status_code == 404


def test_complete_action_issues_letters(reviewer_client):
    participation = ApplicationFactory(approved=True)
    NamedMemberFactory(application=participation, confirmed=True)

    run_action(reviewer_client, "complete", [participation], comment="Thank you!")

    participation.refresh_from_db()
    assert participation.state == ApplicationState.COMPLETED
    assert participation.letters.count() == 2
    page = reviewer_client.get(change_url(participation)).content.decode()
    for letter in participation.letters.all():
        assert letter.get_absolute_url() in page


# --- Naming members (reviewers may use e-mail addresses) -----------------------------------------


def test_reviewer_names_a_member_by_e_mail(reviewer_client, program):
    draft = ApplicationFactory(program=program)
    colleague = MemberFactory(email="colleague@example.com")

    response = run_action(
        reviewer_client, "name_member", [draft], identifier="Colleague@Example.com"
    )

    assert messages_of(response) == [f"{colleague.username} is named and asked to confirm."]
    naming = draft.named_members.get()
    assert (naming.member, naming.state) == (colleague, NamedMemberState.PENDING)
    assert Notification.objects.filter(recipient=colleague).count() == 1


def test_naming_an_unknown_member_gets_a_message_beside_the_field(reviewer_client, program):
    draft = ApplicationFactory(program=program)

    response = run_action(reviewer_client, "name_member", [draft], identifier="ghost@example.com")

    assert response.context["form"].errors["identifier"] == [
        "No active member has this username or address."
    ]
    assert draft.named_members.count() == 0


def test_naming_form_suggests_members_by_name(reviewer_client, program):
    draft = ApplicationFactory(program=program)

    page = run_action(reviewer_client, "name_member", [draft], identifier="").content.decode()

    assert 'data-member-search="/members/search/"' in page
    assert "/static/js/member-search.js" in page


def test_naming_the_applicant_is_refused(reviewer_client, program):
    draft = ApplicationFactory(program=program)

    response = run_action(
        reviewer_client, "name_member", [draft], identifier=draft.applicant.username
    )

    assert messages_of(response) == ["You cannot name yourself: name other community members."]
    assert draft.named_members.count() == 0


def test_naming_needs_exactly_one_application(reviewer_client, program):
    drafts = ApplicationFactory.create_batch(2, program=program)

    response = run_action(reviewer_client, "name_member", drafts, identifier="x")

    assert messages_of(response) == ["Select exactly one application."]


# --- Milestones -----------------------------------------------------------------------------


def inline_data(application, rows):
    data = {
        "milestones-TOTAL_FORMS": str(len(rows)),
        "milestones-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
        "_continue": "1",
    }
    for read_only in ("named_members", "transitions"):
        data.update({f"{read_only}-TOTAL_FORMS": "0", f"{read_only}-INITIAL_FORMS": "0"})
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"milestones-{index}-{key}"] = value
        data[f"milestones-{index}-application"] = str(application.pk)
    return data


def test_milestone_recorded_inline_goes_through_the_service(reviewer_client, reviewer):
    participation = ApplicationFactory(approved=True)

    reviewer_client.post(
        change_url(participation),
        inline_data(
            participation,
            [
                {
                    "kind": MilestoneKind.IN_PRODUCTION,
                    "title_en": "Live in production",
                    "achieved_on": "2026-05-01",
                    "promoted": "on",
                    "link": "example.com/story",
                }
            ],
        ),
    )

    milestone = Milestone.objects.get()
    assert (milestone.title, milestone.promoted, milestone.recorded_by) == (
        "Live in production",
        True,
        reviewer,
    )
    assert milestone.link == "https://example.com/story"
    notification = Notification.objects.get(recipient=participation.applicant)
    assert "Live in production" in notification.subject_text


def test_milestone_edited_and_deleted_inline(reviewer_client):
    participation = ApplicationFactory(approved=True)
    edited = MilestoneFactory(application=participation, title="Old title")
    deleted = MilestoneFactory(application=participation)
    rows = [
        {
            "id": str(edited.pk),
            "kind": edited.kind,
            "title_en": "New title",
            "achieved_on": "2026-05-01",
        },
        {
            "id": str(deleted.pk),
            "kind": deleted.kind,
            "title_en": deleted.title,
            "achieved_on": "2026-05-01",
            "DELETE": "on",
        },
    ]

    reviewer_client.post(change_url(participation), inline_data(participation, rows))

    assert list(Milestone.objects.values_list("title", flat=True)) == ["New title"]


def test_milestones_are_only_for_participations(reviewer_client, in_review):
    page = reviewer_client.get(change_url(in_review)).content.decode()

    assert "milestones-TOTAL_FORMS" not in page
    assert 'name="_save"' not in page


def test_milestone_list_marks_for_promotion(reviewer_client):
    milestone = MilestoneFactory()

    reviewer_client.post(
        "/admin/programs/milestone/",
        {"action": "mark_for_promotion", ACTION_CHECKBOX_NAME: [milestone.pk]},
    )

    milestone.refresh_from_db()
    assert milestone.promoted is True


# --- Programs -------------------------------------------------------------------------------


def test_program_actions_open_close_and_archive(reviewer_client):
    program = ProgramFactory(state=ProgramState.DRAFT)

    for action, state in [
        ("open_programs", ProgramState.OPEN),
        ("close_programs", ProgramState.CLOSED),
        ("archive_programs", ProgramState.ARCHIVED),
    ]:
        reviewer_client.post(
            "/admin/programs/program/", {"action": action, ACTION_CHECKBOX_NAME: [program.pk]}
        )
        program.refresh_from_db()
        assert program.state == state


def test_illegal_program_action_is_refused_with_a_message(reviewer_client):
    program = ProgramFactory(state=ProgramState.ARCHIVED, title="Old")

    response = reviewer_client.post(
        "/admin/programs/program/",
        {"action": "open_programs", ACTION_CHECKBOX_NAME: [program.pk]},
        follow=True,
    )

    program.refresh_from_db()
    assert program.state == ProgramState.ARCHIVED
    assert messages_of(response) == ["A program that is archived cannot become open."]


def test_program_slug_that_would_hide_a_page_is_refused(reviewer_client):
    response = reviewer_client.post(
        "/admin/programs/program/add/",
        {
            "title": "Showcase",
            "slug": "showcase",
            "summary": "s",
            "description": "d",
            "opens_on": "2026-01-01",
            "closes_on": "2026-02-01",
            "min_named_members": "2",
            "state_changes-TOTAL_FORMS": "0",
            "state_changes-INITIAL_FORMS": "0",
        },
    )

    assert response.context["adminform"].form.errors["slug"] == [
        "This address is used by the portal; choose another one."
    ]
