"""Drafting an application and naming the community members who vouch for it."""

from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.notifications.services import notify
from members.models import User
from programs.enums import (
    CLOSED_STATES,
    NAMED_MEMBER_TRANSITIONS,
    ApplicationState,
    NamedMemberState,
)
from programs.models import (
    Application,
    NamedMember,
    Program,
)

# Above this, an application names a crowd rather than its community members.
from programs.services.common import MAX_NAMED_MEMBERS, ApplicationError
from programs.services.review import _lock, _params, _record

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
