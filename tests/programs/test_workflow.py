"""The application workflow: the transition table, who may move an application, the
history it leaves and the notifications it sends."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation

from community_portal.notifications.models import Notification
from programs import services
from programs.enums import (
    APPLICATION_TABLE,
    ApplicationState,
    NamedMemberState,
    ProgramState,
)
from programs.models import ApplicationTransition, ThankYouLetter
from programs.services import ApplicationError, ProgramError
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.programs import (
    ApplicationFactory,
    NamedMemberFactory,
    ProgramFactory,
    confirmed_application,
)

pytestmark = pytest.mark.django_db

S = ApplicationState


def _application_in(state, program=None):
    """A complete application with two confirmed named members, put straight into ``state``."""
    now = timezone.now()
    stamps = {}
    if state != S.DRAFT:
        stamps["submitted_at"] = now
    if state in (S.APPROVED, S.COMPLETED):
        stamps["approved_at"] = now
    if state == S.COMPLETED:
        stamps["completed_at"] = now
    return confirmed_application(state=state, program=program or ProgramFactory(), **stamps)


def _attempt(application, target, reviewer):
    """Ask the service for ``target`` as whoever the table says takes that step."""
    if target == S.SUBMITTED:
        return services.application_submit(application=application, actor=application.applicant)
    if target == S.WITHDRAWN:
        return services.application_withdraw(application=application, actor=application.applicant)
    return services.application_review(
        application=application, target=target, actor=reviewer, comment="Because."
    )


TARGETS = [S.SUBMITTED, S.IN_REVIEW, S.APPROVED, S.REJECTED, S.CHANGES_REQUESTED, S.COMPLETED]


@pytest.mark.parametrize("source", list(S))
@pytest.mark.parametrize("target", [*TARGETS, S.WITHDRAWN])
def test_transition_happens_exactly_when_the_table_allows_it(source, target, reviewer):
    application = _application_in(source)
    history_before = ApplicationTransition.objects.filter(application=application).count()

    allowed = APPLICATION_TABLE.move(source, target) is not None
    if allowed:
        _attempt(application, target, reviewer)
    else:
        with pytest.raises(ApplicationError):
            _attempt(application, target, reviewer)

    application.refresh_from_db()
    history = ApplicationTransition.objects.filter(application=application)
    assert application.state == (target if allowed else source)
    assert history.count() == history_before + (1 if allowed else 0)


def test_every_transition_records_who_when_from_to_and_comments(in_review, reviewer):
    with time_machine.travel("2026-05-04 10:00 +0800", tick=False):
        services.application_request_changes(
            application=in_review,
            actor=reviewer,
            comment="Tell us about your deployment.",
            internal_note="The logo is blurry.",
        )

    entry = ApplicationTransition.objects.filter(application=in_review).latest("id")
    assert entry.actor == reviewer
    assert entry.from_state == S.IN_REVIEW
    assert entry.to_state == S.CHANGES_REQUESTED
    assert entry.comment == "Tell us about your deployment."
    assert entry.internal_note == "The logo is blurry."
    assert timezone.localtime(entry.created_at).isoformat() == "2026-05-04T10:00:00+08:00"


def test_submission_needs_the_minimum_of_confirmed_members(program, applicant):
    application = ApplicationFactory(program=program, applicant=applicant)
    NamedMemberFactory(application=application, confirmed=True)
    NamedMemberFactory(application=application)  # still pending

    with pytest.raises(ApplicationError) as refused:
        services.application_submit(application=application, actor=applicant)

    application.refresh_from_db()
    assert application.state == S.DRAFT
    assert "1 of the 2 named members needed have confirmed." in refused.value.messages


def test_minimum_of_named_members_is_configurable_per_program(applicant):
    program = ProgramFactory(min_named_members=3)
    application = confirmed_application(count=2, program=program, applicant=applicant)

    with pytest.raises(ApplicationError) as refused:
        services.application_submit(application=application, actor=applicant)

    assert "2 of the 3 named members needed have confirmed." in refused.value.messages


def test_submission_lists_every_missing_field(program, applicant):
    application = confirmed_application(
        program=program,
        applicant=applicant,
        website="",
        logo="",
        usage="",
        coc_agreed_at=None,
        coc_version="",
    )

    with pytest.raises(ApplicationError) as refused:
        services.application_submit(application=application, actor=applicant)

    assert refused.value.messages == [
        "Fill in: website.",
        "Fill in: logo.",
        "Fill in: how you use the project.",
        f"Agree to the code of conduct (version {settings.CODE_OF_CONDUCT_VERSION}).",
    ]


def test_agreement_to_an_older_code_of_conduct_must_be_renewed(ready_draft, applicant, settings):
    settings.CODE_OF_CONDUCT_VERSION = "3.0"

    with pytest.raises(ApplicationError) as refused:
        services.application_submit(application=ready_draft, actor=applicant)

    assert refused.value.messages == ["Agree to the code of conduct (version 3.0)."]


def test_draft_cannot_be_submitted_after_the_window_closed(ready_draft, applicant):
    closes = ready_draft.program.closes_on

    with (
        time_machine.travel(f"{closes + timedelta(days=1)} 00:00 +0800", tick=False),
        pytest.raises(ApplicationError) as refused,
    ):
        services.application_submit(application=ready_draft, actor=applicant)

    assert refused.value.messages == ["The program does not accept applications now."]


def test_draft_can_be_submitted_on_the_last_day_of_the_window(ready_draft, applicant):
    closes = ready_draft.program.closes_on

    with time_machine.travel(f"{closes} 23:59 +0800", tick=False):
        services.application_submit(application=ready_draft, actor=applicant)

    ready_draft.refresh_from_db()
    assert ready_draft.state == S.SUBMITTED


def test_answer_to_a_change_request_is_accepted_after_the_window_closed(applicant):
    application = _application_in(S.CHANGES_REQUESTED)
    closes = application.program.closes_on

    with time_machine.travel(f"{closes + timedelta(days=3)} 12:00 +0800", tick=False):
        services.application_submit(application=application, actor=application.applicant)

    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_submission_notifies_every_reviewer_with_a_link_to_the_admin(
    ready_draft, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    reviewers = ReviewerFactory.create_batch(2)
    bystander = MemberFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=ready_draft, actor=applicant)

    notifications = Notification.objects.filter(
        subject="New application to review: %(organization)s for %(program)s"
    )
    assert sorted(n.recipient_id for n in notifications) == sorted(r.pk for r in reviewers)
    assert {n.url for n in notifications} == {
        f"/admin/programs/application/{ready_draft.pk}/change/"
    }
    assert not Notification.objects.filter(recipient=bystander).exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in reviewers)


def test_resubmission_tells_reviewers_it_is_an_answer(applicant, reviewer):
    application = _application_in(S.CHANGES_REQUESTED)

    services.application_submit(application=application, actor=application.applicant)

    notification = Notification.objects.get(recipient=reviewer)
    assert notification.subject_text == (
        f"Application resubmitted: {application.organization_name} for {application.program}"
    )


@pytest.mark.parametrize(
    ("decide", "subject"),
    [
        (services.application_approve, "Approved: %(organization)s joins %(program)s"),
        (services.application_reject, "Not approved: %(organization)s for %(program)s"),
        (
            services.application_request_changes,
            "Changes requested: %(organization)s for %(program)s",
        ),
    ],
    ids=["approve", "reject", "request-changes"],
)
def test_decision_notifies_applicant_and_named_members_but_never_the_internal_note(
    decide, subject, in_review, reviewer
):
    declined = NamedMemberFactory(application=in_review, declined=True).member
    named = [n.member for n in in_review.named_members.exclude(member=declined)]

    decide(
        application=in_review,
        actor=reviewer,
        comment="Nice work on the write-up.",
        internal_note="SECRET-NOTE",
    )

    notifications = Notification.objects.filter(subject=subject)
    assert sorted(n.recipient_id for n in notifications) == sorted(
        [in_review.applicant_id, *(m.pk for m in named)]
    )
    for notification in Notification.objects.all():
        assert "SECRET-NOTE" not in notification.subject_text + notification.body_text
        assert "SECRET-NOTE" not in str(notification.params)
    assert "Nice work on the write-up." in notifications.first().body_text


def test_decision_without_a_comment_says_so(in_review, reviewer):
    services.application_approve(application=in_review, actor=reviewer)

    notification = Notification.objects.get(recipient=in_review.applicant)
    assert notification.body_text.endswith("Comment from the reviewers:\n(no comment)")


def test_decision_reaches_a_chinese_speaking_applicant_in_chinese(
    program, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    applicant = MemberFactory(preferred_language="zh-hans")
    application = ApplicationFactory(program=program, applicant=applicant, in_review=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(application=application, actor=reviewer)

    (message,) = mailoutbox
    assert "已批准" in message.subject
    with translation.override("en"):
        assert "Approved" in Notification.objects.get().subject_text


@pytest.mark.parametrize(
    "decide", [services.application_reject, services.application_request_changes]
)
def test_rejection_and_change_request_need_a_comment(decide, in_review, reviewer):
    with pytest.raises(ApplicationError) as refused:
        decide(application=in_review, actor=reviewer, comment="  ")

    in_review.refresh_from_db()
    assert in_review.state == S.IN_REVIEW
    assert refused.value.messages == ["Tell the applicant why, in the comment."]


def test_member_who_is_not_a_reviewer_cannot_decide(in_review):
    with pytest.raises(ApplicationError):
        services.application_approve(application=in_review, actor=MemberFactory())

    in_review.refresh_from_db()
    assert in_review.state == S.IN_REVIEW


def test_reviewer_cannot_decide_an_application_they_are_named_in(in_review):
    reviewer = ReviewerFactory()
    NamedMemberFactory(application=in_review, member=reviewer, confirmed=True)

    with pytest.raises(ApplicationError):
        services.application_approve(application=in_review, actor=reviewer)

    in_review.refresh_from_db()
    assert in_review.state == S.IN_REVIEW


def test_reviewer_cannot_decide_their_own_application(program):
    reviewer = ReviewerFactory()
    application = ApplicationFactory(program=program, applicant=reviewer, in_review=True)

    with pytest.raises(ApplicationError):
        services.application_approve(application=application, actor=reviewer)


def test_only_the_applicant_submits_or_withdraws(ready_draft):
    named = ready_draft.named_members.first().member

    with pytest.raises(ApplicationError):
        services.application_submit(application=ready_draft, actor=named)
    with pytest.raises(ApplicationError):
        services.application_withdraw(application=ready_draft, actor=named)

    ready_draft.refresh_from_db()
    assert ready_draft.state == S.DRAFT


def test_withdrawal_during_review_tells_reviewers_and_named_members(in_review, reviewer):
    services.application_withdraw(application=in_review, actor=in_review.applicant)

    recipients = set(
        Notification.objects.filter(
            subject="Withdrawn: %(organization)s for %(program)s"
        ).values_list("recipient_id", flat=True)
    )
    named = set(in_review.named_members.values_list("member_id", flat=True))
    assert recipients == {reviewer.pk, *named}


def test_approval_stamps_the_participation(in_review, reviewer):
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        services.application_approve(application=in_review, actor=reviewer)

    in_review.refresh_from_db()
    assert timezone.localtime(in_review.approved_at).isoformat() == "2026-06-01T09:00:00+08:00"
    assert in_review.decided_at == in_review.approved_at


def test_completion_issues_one_unguessable_letter_per_main_contributor(reviewer):
    application = _application_in(S.APPROVED)
    NamedMemberFactory(application=application)  # never confirmed: not a main contributor
    NamedMemberFactory(application=application, declined=True)
    confirmed = set(
        application.named_members.filter(state=NamedMemberState.CONFIRMED).values_list(
            "member_id", flat=True
        )
    )

    services.application_complete(application=application, actor=reviewer)

    letters = ThankYouLetter.objects.filter(application=application)
    assert {letter.recipient_id for letter in letters} == {application.applicant_id, *confirmed}
    assert len({letter.token for letter in letters}) == letters.count()
    assert all(len(letter.token) >= 43 for letter in letters)  # 32 random bytes
    assert all(str(letter.pk) != letter.token for letter in letters)
    for letter in letters:
        notification = Notification.objects.get(recipient=letter.recipient)
        assert notification.url == f"/programs/letters/{letter.token}/"


def test_completion_tells_unconfirmed_named_members_without_a_letter(reviewer):
    application = _application_in(S.APPROVED)
    pending = NamedMemberFactory(application=application).member

    services.application_complete(application=application, actor=reviewer)

    notification = Notification.objects.get(recipient=pending)
    assert notification.url == application.get_absolute_url()
    assert not ThankYouLetter.objects.filter(recipient=pending).exists()


# --- Programs -----------------------------------------------------------------------------


def test_program_moves_along_its_table_and_keeps_a_history(reviewer):
    program = ProgramFactory(state=ProgramState.DRAFT)

    services.program_change_state(program=program, to_state=ProgramState.OPEN, actor=reviewer)
    services.program_change_state(program=program, to_state=ProgramState.CLOSED, actor=reviewer)

    program.refresh_from_db()
    assert program.state == ProgramState.CLOSED
    assert list(program.state_changes.values_list("from_state", "to_state", "actor")) == [
        (ProgramState.DRAFT, ProgramState.OPEN, reviewer.pk),
        (ProgramState.OPEN, ProgramState.CLOSED, reviewer.pk),
    ]


def test_archived_program_cannot_reopen(reviewer):
    program = ProgramFactory(state=ProgramState.ARCHIVED)

    with pytest.raises(ProgramError):
        services.program_change_state(program=program, to_state=ProgramState.OPEN, actor=reviewer)

    program.refresh_from_db()
    assert program.state == ProgramState.ARCHIVED
    assert program.state_changes.count() == 0


def test_program_whose_window_has_passed_cannot_open(reviewer):
    yesterday = timezone.localdate() - timedelta(days=1)
    program = ProgramFactory(
        state=ProgramState.CLOSED, opens_on=yesterday - timedelta(days=9), closes_on=yesterday
    )

    with pytest.raises(ProgramError) as refused:
        services.program_change_state(program=program, to_state=ProgramState.OPEN, actor=reviewer)

    assert "move its closing date first" in str(refused.value)
