"""Every change to programs, applications, named members, milestones and letters.

Each function is the one way to make its change: it runs in a transaction, locks
the application (or program) row, checks the transition against the tables in
``enums.py``, saves with ``update_fields``, writes a history row and creates the
notifications in the same transaction. A refused change raises
``ApplicationError`` or ``ProgramError``, whose message is shown to the user.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.notifications.messages import translatable
from community_portal.notifications.services import notify, notify_many
from members.models import User
from programs import selectors
from programs.enums import (
    CLOSED_STATES,
    NAMED_MEMBER_TRANSITIONS,
    PARTICIPATION_STATES,
    PROGRAM_TRANSITIONS,
    REVIEW_QUEUE_STATES,
    Actor,
    ApplicationState,
    NamedMemberState,
    ProgramState,
    application_transition,
)
from programs.models import (
    Application,
    ApplicationTransition,
    Milestone,
    NamedMember,
    Program,
    ProgramStateChange,
    ThankYouLetter,
)

# Above this, an application names a crowd rather than its community members.
MAX_NAMED_MEMBERS = 20


class ProgramError(Exception):
    """A program change that is not allowed; the message is shown to the user."""


class ApplicationError(Exception):
    """An application change that is not allowed; each message is shown to the user."""

    def __init__(self, *messages: str):
        self.messages = [str(message) for message in messages]
        super().__init__(" ".join(self.messages))


# --- Programs ---------------------------------------------------------------------------------


@transaction.atomic
def program_change_state(*, program: Program, to_state: str, actor: User) -> Program:
    """Open, close or archive a program, as ``PROGRAM_TRANSITIONS`` allows."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    source = program.state
    if to_state not in PROGRAM_TRANSITIONS.get(source, ()):
        raise ProgramError(
            _("A program that is %(state)s cannot become %(target)s.")
            % {"state": ProgramState(source).label, "target": ProgramState(to_state).label}
        )
    if to_state == ProgramState.OPEN and program.closes_on < timezone.localdate():
        raise ProgramError(
            _("The application window of “%(program)s” has passed; move its closing date first.")
            % {"program": program.title}
        )
    program.state = to_state
    program.save(update_fields=["state"])
    ProgramStateChange.objects.create(
        program=program, actor=actor, from_state=source, to_state=to_state
    )
    return program


# --- Drafting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationDetails:
    """What the applicant types into the application form (the logo apart)."""

    organization_name: str
    website: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    usage: str = ""
    uses_in_production: bool = False
    has_commercial_product: bool = False
    offers_consulting: bool = False
    is_research_object: bool = False


DETAIL_FIELDS = tuple(field.name for field in fields(ApplicationDetails))


@transaction.atomic
def application_create(
    *,
    program: Program,
    applicant: User,
    details: ApplicationDetails,
    named_members: Sequence[User] = (),
    agrees_to_code_of_conduct: bool = False,
    logo: File | None = None,
) -> Application:
    """Start a draft application and ask the named members to confirm."""
    program = Program.objects.get(pk=program.pk)  # its current state, not the caller's copy
    if not program.is_accepting_on(timezone.localdate()):
        raise ApplicationError(_("This program does not accept applications now."))
    _check_named_members(applicant=applicant, members=named_members)
    now = timezone.now()
    application = Application(program=program, applicant=applicant, created_at=now, updated_at=now)
    for name in DETAIL_FIELDS:
        setattr(application, name, _clean_text(getattr(details, name)))
    _set_agreement(application, agrees_to_code_of_conduct, now=now)
    _check_no_twin(application)
    if logo is not None:
        application.logo.save(logo.name, logo, save=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # a twin created at the same moment
        raise ApplicationError(_twin_message()) from error
    _record(application, actor=applicant, source="", target=ApplicationState.DRAFT)
    _sync_named_members(application, named_members, actor=applicant)
    return application


@transaction.atomic
def application_update(
    *,
    application: Application,
    actor: User,
    details: ApplicationDetails,
    named_members: Sequence[User] = (),
    agrees_to_code_of_conduct: bool = False,
    logo: File | None = None,
    clear_logo: bool = False,
) -> Application:
    """Change a draft (or an application the reviewers asked changes for)."""
    application = _lock(application)
    if actor.pk != application.applicant_id:
        raise ApplicationError(_("Only the applicant can change this application."))
    if not application.is_editable:
        raise ApplicationError(
            _("An application that is %(state)s cannot be changed.")
            % {"state": application.get_state_display()}
        )
    if application.state == ApplicationState.DRAFT and not application.program.is_accepting_on(
        timezone.localdate()
    ):
        raise ApplicationError(_("This program does not accept applications now."))
    _check_named_members(applicant=actor, members=named_members)
    changed = ["updated_at", "coc_agreed_at", "coc_version", *DETAIL_FIELDS]
    for name in DETAIL_FIELDS:
        setattr(application, name, _clean_text(getattr(details, name)))
    _check_no_twin(application)
    _set_agreement(application, agrees_to_code_of_conduct, now=timezone.now())
    old_logo = application.logo.name
    if logo is not None:
        application.logo.save(logo.name, logo, save=False)
        changed.append("logo")
    elif clear_logo:
        application.logo = ""
        changed.append("logo")
    if "logo" in changed and old_logo:
        storage = application.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    application.updated_at = timezone.now()
    try:
        with transaction.atomic():
            application.save(update_fields=changed)
    except IntegrityError as error:
        raise ApplicationError(_twin_message()) from error
    _sync_named_members(application, named_members, actor=actor)
    return application


@transaction.atomic
def application_name_member(*, application: Application, member: User, actor: User) -> NamedMember:
    """Name one more member (a reviewer helping an applicant, say) and ask them to confirm."""
    application = _lock(application)
    if actor.pk != application.applicant_id and not actor.is_reviewer:
        raise ApplicationError(_("Only the applicant or a reviewer can name members."))
    if not application.is_editable:
        raise ApplicationError(
            _("An application that is %(state)s cannot be changed.")
            % {"state": application.get_state_display()}
        )
    current = [named.member for named in application.named_members.select_related("member")]
    if any(named.pk == member.pk for named in current):
        raise ApplicationError(
            _("%(member)s is already named in this application.") % {"member": member.username}
        )
    _check_named_members(applicant=application.applicant, members=[*current, member])
    return _invite(application, member, actor=actor)


def named_members_problems(*, applicant: User, members: Sequence[User]) -> list[str]:
    """What is wrong with naming ``members`` in an application of ``applicant`` (the
    application form shows these beside its field)."""
    problems = []
    seen = set()
    for member in members:
        if member.pk == applicant.pk:
            problems.append(_("You cannot name yourself: name other community members."))
        elif member.pk in seen:
            problems.append(_("%(member)s is named twice.") % {"member": member.username})
        elif not member.is_active:
            problems.append(_("%(member)s is not an active member.") % {"member": member.username})
        seen.add(member.pk)
    if len(members) > MAX_NAMED_MEMBERS:
        problems.append(_("Name at most %(limit)d members.") % {"limit": MAX_NAMED_MEMBERS})
    return problems


def _check_named_members(*, applicant: User, members: Sequence[User]) -> None:
    problems = named_members_problems(applicant=applicant, members=members)
    if problems:
        raise ApplicationError(*problems)


def _check_no_twin(application: Application) -> None:
    twins = Application.objects.filter(
        program_id=application.program_id,
        applicant_id=application.applicant_id,
        organization_name__iexact=application.organization_name,
    ).exclude(state__in=CLOSED_STATES)
    if application.pk:
        twins = twins.exclude(pk=application.pk)
    if twins.exists():
        raise ApplicationError(_twin_message())


def _twin_message() -> str:
    return _("You already have an application for this organization to this program.")


def _clean_text(value):
    return value.strip() if isinstance(value, str) else value


def _set_agreement(application: Application, agrees: bool, *, now) -> None:
    """Record the agreement with its time and the code of conduct's current version."""
    version = settings.CODE_OF_CONDUCT_VERSION
    if not agrees:
        application.coc_agreed_at, application.coc_version = None, ""
    elif application.coc_version != version:
        application.coc_agreed_at, application.coc_version = now, version


def _sync_named_members(application: Application, members: Sequence[User], *, actor: User) -> None:
    wanted = {member.pk for member in members}
    existing = set(application.named_members.values_list("member_id", flat=True))
    application.named_members.exclude(member_id__in=wanted).delete()
    for member in members:
        if member.pk not in existing:
            _invite(application, member, actor=actor)


def _invite(application: Application, member: User, *, actor: User) -> NamedMember:
    named = NamedMember.objects.create(application=application, member=member)
    notify(
        recipient=member,
        actor=actor,
        subject=gettext_noop("%(applicant)s named you in an application to %(program)s"),
        body=gettext_noop(
            "%(organization)s applies to %(program)s and names you as one of its community "
            "members. Open the application to confirm or decline."
        ),
        params=_params(application),
        url=application.get_absolute_url(),
    )
    return named


# --- Named members answering ----------------------------------------------------------------


@transaction.atomic
def named_member_answer(*, application: Application, member: User, answer: str) -> NamedMember:
    """A named member confirms or declines being named (and may change their mind while
    the application is still editable)."""
    application = _lock(application)
    named = (
        NamedMember.objects.select_for_update()
        .filter(application=application, member=member)
        .first()
    )
    if named is None:
        raise ApplicationError(_("You are not named in this application."))
    if not application.is_editable:
        raise ApplicationError(_("This application is no longer waiting for your answer."))
    if answer not in NAMED_MEMBER_TRANSITIONS.get(named.state, ()):
        raise ApplicationError(
            _("Your answer is already: %(answer)s.") % {"answer": named.get_state_display()}
        )
    named.state = answer
    named.answered_at = timezone.now()
    named.save(update_fields=["state", "answered_at"])
    subject = (
        gettext_noop("%(member)s confirmed being named for %(organization)s")
        if answer == NamedMemberState.CONFIRMED
        else gettext_noop("%(member)s declined being named for %(organization)s")
    )
    notify(
        recipient=application.applicant,
        actor=member,
        subject=subject,
        params={**_params(application), "member": member.public_name},
        url=application.get_absolute_url(),
    )
    return named


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


# --- Milestones ---------------------------------------------------------------------------------


MILESTONE_FIELDS = ("kind", "title", "description", "link", "achieved_on", "promoted")


def _check_milestone_allowed(application: Application, actor: User) -> None:
    if not actor.is_reviewer:
        raise ApplicationError(_("Only a reviewer can record milestones."))
    if application.state not in PARTICIPATION_STATES:
        raise ApplicationError(_("Milestones are recorded for approved participations only."))


@transaction.atomic
def milestone_record(
    *,
    application: Application,
    actor: User,
    kind: str,
    title: str,
    achieved_on: date,
    description: str = "",
    link: str = "",
    promoted: bool = False,
) -> Milestone:
    application = _lock(application)
    _check_milestone_allowed(application, actor)
    milestone = Milestone.objects.create(
        application=application,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        link=link,
        achieved_on=achieved_on,
        promoted=promoted,
        recorded_by=actor,
    )
    notify(
        recipient=application.applicant,
        actor=actor,
        subject=gettext_noop("New milestone for %(organization)s: %(milestone)s"),
        body=gettext_noop("The maintainers recorded it on the showcase of %(program)s."),
        params={**_params(application), "milestone": milestone.title},
        url=reverse("programs:showcase"),
    )
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, actor: User, changes: dict) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    _check_milestone_allowed(_lock(milestone.application), actor)
    unknown = set(changes) - set(MILESTONE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These milestone fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(milestone, name, _clean_text(value))
    if changes:
        milestone.save(update_fields=list(changes))
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor: User) -> None:
    _check_milestone_allowed(_lock(milestone.application), actor)
    Milestone.objects.filter(pk=milestone.pk).delete()
