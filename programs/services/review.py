"""The review workflow of an application, from submission to completion."""

from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.messages import content
from community_portal.core.workflow import change_state, notify_reviewers
from community_portal.notifications.messages import translatable
from community_portal.notifications.services import notify, notify_many
from community_portal.webhooks import events as webhook_events
from members.models import User
from programs import selectors
from programs.enums import (
    APPLICATION_TABLE,
    REVIEW_QUEUE_STATES,
    Actor,
    ApplicationState,
    NamedMemberState,
)
from programs.models import (
    Application,
    ApplicationTransition,
    ThankYouLetter,
)
from programs.services.common import ApplicationError

# --- The workflow -------------------------------------------------------------------------------


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "applicant")
        .get(pk=application.pk)
    )


def _record(application, *, actor, source, target, comment="", internal_note="", when=None):
    ApplicationTransition.objects.create(
        application=application,
        actor=actor,
        from_state=source,
        to_state=target,
        comment=comment,
        internal_note=internal_note,
        created_at=when or timezone.now(),
    )


def _involved(application: Application) -> list:
    """Who may not decide: the applicant and every member the application names."""
    return [application.applicant_id, *application.named_members.values_list("member", flat=True)]


def _refused_move(application: Application, source: str, target: str) -> str:
    return _("%(organization)s: an application that is %(state)s cannot become %(target)s.") % {
        "organization": application.organization_name,
        "state": ApplicationState(source).label,
        "target": ApplicationState(target).label,
    }


# The date field each state sets when an application reaches it.
DATES_SET = {
    ApplicationState.SUBMITTED: ["submitted_at"],
    ApplicationState.APPROVED: ["decided_at", "approved_at"],
    ApplicationState.REJECTED: ["decided_at"],
    ApplicationState.CHANGES_REQUESTED: ["decided_at"],
    ApplicationState.COMPLETED: ["completed_at"],
}


def _move(
    application: Application,
    *,
    target: str,
    actor: User,
    comment: str = "",
    internal_note: str = "",
    check: Callable[[Application], None] | None = None,
) -> tuple[Application, str]:
    """Lock, check the table and who may take it, change the state, record it.

    ``check`` adds a rule of the caller's, run on the locked row after the table's.
    """
    # Who makes a move follows from where it leads (the table never mixes them).
    role = next((m.actor for m in APPLICATION_TABLE if m.target == target), Actor.REVIEWER)
    now = timezone.now()
    return change_state(
        application,
        table=APPLICATION_TABLE,
        target=target,
        actor=actor,
        role=role,
        error=ApplicationError,
        involved=_involved,
        may_act=(
            (lambda person, row: person.pk == row.applicant_id) if role == Actor.APPLICANT else None
        ),
        not_allowed=(_("Only the applicant can do this.") if role == Actor.APPLICANT else None),
        no_comment=_("Tell the applicant why, in the comment."),
        refused_move=lambda row, source: _refused_move(row, source, target),
        check=check,
        changes={"updated_at": now, **dict.fromkeys(DATES_SET.get(target, []), now)},
        comment=comment,
        history=ApplicationTransition,
        history_fields=lambda row: {"application": row, "internal_note": internal_note.strip()},
        queryset=Application.objects.select_related("program", "applicant"),
        now=now,
    )


@transaction.atomic
def application_submit(*, application: Application, actor: User) -> Application:
    """Send the application to the reviewers, once everything it needs is there."""

    def ready_for_review(locked: Application) -> None:
        problems = selectors.submission_problems(application=locked)
        if problems:
            raise ApplicationError(*problems)

    application, source = _move(
        application, target=ApplicationState.SUBMITTED, actor=actor, check=ready_for_review
    )
    subject = (
        gettext_noop("Application resubmitted: %(organization)s for %(program)s")
        if source == ApplicationState.CHANGES_REQUESTED
        else gettext_noop("New application to review: %(organization)s for %(program)s")
    )
    notify_reviewers(
        actor=actor,
        subject=subject,
        body=gettext_noop("%(applicant)s submitted it. Review it in the admin."),
        params=_params(application),
        url=_admin_url(application),
    )
    return application


@transaction.atomic
def application_start_review(
    *, application: Application, actor: User, comment: str = "", internal_note: str = ""
) -> Application:
    application, _source = _move(
        application,
        target=ApplicationState.IN_REVIEW,
        actor=actor,
        comment=comment,
        internal_note=internal_note,
    )
    notify(
        recipient=application.applicant,
        actor=actor,
        subject=gettext_noop("Your application for %(organization)s is in review"),
        body=gettext_noop("A reviewer started reviewing your application to %(program)s."),
        params=_params(application),
        url=application.get_absolute_url(),
    )
    return application


# What a decision tells the applicant and the named members: subject and text.
DECISION_NOTICES = {
    ApplicationState.APPROVED: (
        gettext_noop("Approved: %(organization)s joins %(program)s"),
        gettext_noop(
            "The reviewers approved the application of %(organization)s. It now appears on "
            "the showcase.\n\nComment from the reviewers:\n%(comment)s"
        ),
    ),
    ApplicationState.REJECTED: (
        gettext_noop("Not approved: %(organization)s for %(program)s"),
        gettext_noop(
            "The reviewers did not approve the application of %(organization)s to "
            "%(program)s.\n\nComment from the reviewers:\n%(comment)s"
        ),
    ),
    ApplicationState.CHANGES_REQUESTED: (
        gettext_noop("Changes requested: %(organization)s for %(program)s"),
        gettext_noop(
            "The reviewers ask for changes before they decide. The applicant can edit the "
            "application and submit it again.\n\nComment from the reviewers:\n%(comment)s"
        ),
    ),
}


def _decide(*, application, target, actor, comment, internal_note) -> Application:
    """A reviewer's decision: the move, then the word to everyone concerned."""
    application, _source = _move(
        application, target=target, actor=actor, comment=comment, internal_note=internal_note
    )
    subject, body = DECISION_NOTICES[target]
    recipients = [application.applicant, *_named_people(application)]
    notify_many(
        recipients=recipients,
        actor=actor,
        subject=subject,
        body=body,
        params={**_params(application), "comment": comment or _no_comment()},
        url=application.get_absolute_url(),
    )
    return application


@transaction.atomic
def application_approve(
    *, application: Application, actor: User, comment: str = "", internal_note: str = ""
) -> Application:
    """Approve: the application becomes a participation and joins the showcase."""
    application = _decide(
        application=application,
        target=ApplicationState.APPROVED,
        actor=actor,
        comment=comment,
        internal_note=internal_note,
    )
    webhook_events.application_approved(application)
    return application


@transaction.atomic
def application_reject(
    *, application: Application, actor: User, comment: str = "", internal_note: str = ""
) -> Application:
    """Reject, saying why in ``comment`` (required)."""
    return _decide(
        application=application,
        target=ApplicationState.REJECTED,
        actor=actor,
        comment=comment,
        internal_note=internal_note,
    )


@transaction.atomic
def application_request_changes(
    *, application: Application, actor: User, comment: str = "", internal_note: str = ""
) -> Application:
    """Send the application back to the applicant, saying what to change (required)."""
    return _decide(
        application=application,
        target=ApplicationState.CHANGES_REQUESTED,
        actor=actor,
        comment=comment,
        internal_note=internal_note,
    )


@transaction.atomic
def application_withdraw(*, application: Application, actor: User) -> Application:
    application, source = _move(application, target=ApplicationState.WITHDRAWN, actor=actor)
    params = _params(application)
    subject = gettext_noop("Withdrawn: %(organization)s for %(program)s")
    notify_many(
        recipients=_named_people(application),
        actor=actor,
        subject=subject,
        body=gettext_noop("%(applicant)s withdrew the application."),
        params=params,
        url=application.get_absolute_url(),
    )
    if source in REVIEW_QUEUE_STATES:
        notify_reviewers(
            actor=actor,
            subject=subject,
            body=gettext_noop("%(applicant)s withdrew the application; it needs no review."),
            params=params,
            url=_admin_url(application),
        )
    return application


@transaction.atomic
def application_complete(
    *, application: Application, actor: User, comment: str = "", internal_note: str = ""
) -> Application:
    """Close a participation and issue a thank-you letter to each main contributor."""
    application, _source = _move(
        application,
        target=ApplicationState.COMPLETED,
        actor=actor,
        comment=comment,
        internal_note=internal_note,
    )
    contributors = selectors.main_contributors(application=application)
    params = {**_params(application), "comment": comment or _no_comment()}
    subject = gettext_noop("Completed: %(organization)s in %(program)s")
    for recipient in contributors:
        letter = ThankYouLetter.objects.create(
            application=application,
            recipient=recipient,
            issued_by=actor,
            issued_at=application.completed_at,
        )
        notify(
            recipient=recipient,
            actor=actor,
            subject=subject,
            body=gettext_noop(
                "The participation is complete. The community thanks you with a letter: "
                "open it to read and print it.\n\nComment from the reviewers:\n%(comment)s"
            ),
            params=params,
            url=letter.get_absolute_url(),
        )
    # Named members who never confirmed hear of it too, without a letter.
    contributor_ids = {person.pk for person in contributors}
    notify_many(
        recipients=[p for p in _named_people(application) if p.pk not in contributor_ids],
        actor=actor,
        subject=subject,
        body=gettext_noop(
            "The participation is complete.\n\nComment from the reviewers:\n%(comment)s"
        ),
        params=params,
        url=application.get_absolute_url(),
    )
    return application


# Reviewers' decisions in the admin, by the state they lead to.
REVIEW_ACTIONS = {
    ApplicationState.IN_REVIEW: application_start_review,
    ApplicationState.APPROVED: application_approve,
    ApplicationState.REJECTED: application_reject,
    ApplicationState.CHANGES_REQUESTED: application_request_changes,
    ApplicationState.COMPLETED: application_complete,
}


def application_review(
    *,
    application: Application,
    target: str,
    actor: User,
    comment: str = "",
    internal_note: str = "",
) -> Application:
    """Move an application to ``target`` as a reviewer (one of ``REVIEW_ACTIONS``)."""
    if target not in REVIEW_ACTIONS:
        raise ApplicationError(_("Reviewers cannot move applications there."))
    return REVIEW_ACTIONS[target](
        application=application, actor=actor, comment=comment, internal_note=internal_note
    )


def _params(application: Application) -> dict:
    return {
        "organization": application.organization_name,
        "program": content(application.program, "title"),
        "applicant": application.applicant.public_name,
    }


def _no_comment() -> dict:
    return translatable(gettext_noop("(no comment)"))


def _named_people(application: Application) -> list[User]:
    """Named members who have not declined."""
    return [
        named.member
        for named in application.named_members.select_related("member").exclude(
            state=NamedMemberState.DECLINED
        )
    ]


def _admin_url(application: Application) -> str:
    return reverse("admin:programs_application_change", args=[application.pk])
