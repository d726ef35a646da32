"""The review workflow of an application, from submission to completion."""

from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.notifications.messages import translatable
from community_portal.notifications.services import notify, notify_many
from members.models import User
from programs import selectors
from programs.enums import (
    REVIEW_QUEUE_STATES,
    Actor,
    ApplicationState,
    NamedMemberState,
    application_transition,
)
from programs.models import (
    Application,
    ApplicationTransition,
    ThankYouLetter,
)

# Above this, an application names a crowd rather than its community members.
from programs.services.common import ApplicationError

# --- The workflow -------------------------------------------------------------------------------


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "applicant")
        .get(pk=application.pk)
    )


def _move(
    application: Application,
    *,
    target: str,
    actor: User,
    comment: str = "",
    internal_note: str = "",
    check: Callable[[Application], None] | None = None,
) -> tuple[Application, str]:
    """Lock, check the transition table and who may take it, change the state, record it.

    ``check`` adds a rule of the caller's, run on the locked row after the table's.
    """
    application = _lock(application)
    source = application.state
    transition = application_transition(source, target)
    if transition is None:
        raise ApplicationError(
            _("%(organization)s: an application that is %(state)s cannot become %(target)s.")
            % {
                "organization": application.organization_name,
                "state": ApplicationState(source).label,
                "target": ApplicationState(target).label,
            }
        )
    if transition.actor == Actor.APPLICANT and actor.pk != application.applicant_id:
        raise ApplicationError(_("Only the applicant can do this."))
    if transition.actor == Actor.REVIEWER:
        if not actor.is_reviewer:
            raise ApplicationError(_("Only a reviewer can do this."))
        if (
            actor.pk == application.applicant_id
            or application.named_members.filter(member=actor).exists()
        ):
            raise ApplicationError(
                _("%(organization)s: you are part of this application; another reviewer decides.")
                % {"organization": application.organization_name}
            )
    comment, internal_note = comment.strip(), internal_note.strip()
    if transition.needs_comment and not comment:
        raise ApplicationError(_("Tell the applicant why, in the comment."))
    if check is not None:
        check(application)
    now = timezone.now()
    application.state = target
    application.updated_at = now
    changed = ["state", "updated_at"]
    if target == ApplicationState.SUBMITTED:
        application.submitted_at = now
        changed.append("submitted_at")
    if target in (
        ApplicationState.APPROVED,
        ApplicationState.REJECTED,
        ApplicationState.CHANGES_REQUESTED,
    ):
        application.decided_at = now
        changed.append("decided_at")
    if target == ApplicationState.APPROVED:
        application.approved_at = now
        changed.append("approved_at")
    if target == ApplicationState.COMPLETED:
        application.completed_at = now
        changed.append("completed_at")
    application.save(update_fields=changed)
    _record(
        application,
        actor=actor,
        source=source,
        target=target,
        comment=comment,
        internal_note=internal_note,
        when=now,
    )
    return application, source


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
    notify_many(
        recipients=User.objects.reviewers(),
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
    return _decide(
        application=application,
        target=ApplicationState.APPROVED,
        actor=actor,
        comment=comment,
        internal_note=internal_note,
    )


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
        notify_many(
            recipients=User.objects.reviewers(),
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
        "program": application.program.title,
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
