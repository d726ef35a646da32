"""Reads of programs, applications and participations.

Visibility rules live here: an application is visible only to its applicant,
its named members and reviewers, and internal review notes are never loaded for
anyone outside the admin.
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.core.review_times import DecisionKind, ReviewWait, review_wait
from community_portal.core.translated import localized, translation_fields
from programs.enums import (
    EDITABLE_STATES,
    PARTICIPATION_STATES,
    PUBLIC_PROGRAM_STATES,
    REVIEW_QUEUE_STATES,
    ApplicationState,
    NamedMemberState,
    ProgramState,
)
from programs.models import (
    REQUIRED_FOR_SUBMISSION,
    Application,
    ApplicationTransition,
    Milestone,
    NamedMember,
    Program,
    ThankYouLetter,
)

# What the applicant and named members may read of the history: never the internal note.
PUBLIC_HISTORY_FIELDS = ("id", "application_id", "actor", "from_state", "to_state", "comment")


# --- Programs -------------------------------------------------------------------------------


def public_programs() -> QuerySet[Program]:
    return Program.objects.filter(state__in=PUBLIC_PROGRAM_STATES)


def programs_for_list(*, today: date | None = None) -> QuerySet[Program]:
    """Public programs: those accepting applications first, then upcoming, then the rest."""
    today = today or timezone.localdate()
    return (
        public_programs()
        .annotate(
            list_rank=Case(
                When(
                    state=ProgramState.OPEN,
                    opens_on__lte=today,
                    closes_on__gte=today,
                    then=Value(0),
                ),
                When(state=ProgramState.OPEN, opens_on__gt=today, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            participant_count=Count(
                "applications", filter=Q(applications__state__in=PARTICIPATION_STATES)
            ),
        )
        .order_by("list_rank", "closes_on", localized("title"))
    )


def programs_accepting(*, today: date | None = None) -> QuerySet[Program]:
    today = today or timezone.localdate()
    return Program.objects.accepting_on(today).order_by("closes_on", localized("title"))


# --- Showcase -------------------------------------------------------------------------------


def showcase_participations() -> QuerySet[Application]:
    """Approved and completed participations with their logos and milestones."""
    return (
        Application.objects.filter(state__in=PARTICIPATION_STATES)
        .select_related("program")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.order_by("-promoted", "-achieved_on", "-id"),
            )
        )
        .only(
            "id",
            "organization_name",
            "website",
            "logo",
            "state",
            "approved_at",
            "program__id",
            "program__title",
            "program__title",
            *translation_fields("program__title"),
            "program__slug",
        )
        .order_by("-approved_at", "-id")
    )


# --- Applications -------------------------------------------------------------------------


def _named_confirmed(member) -> QuerySet[NamedMember]:
    return NamedMember.objects.filter(member=member, state=NamedMemberState.CONFIRMED)


def applications_visible_to(*, user) -> QuerySet[Application]:
    """Reviewers see every application; a member those they made or are named in."""
    if not user.is_authenticated:
        return Application.objects.none()
    if user.is_reviewer:
        return Application.objects.all()
    named_in = NamedMember.objects.filter(member=user).values("application_id")
    return Application.objects.filter(Q(applicant=user) | Q(pk__in=named_in))


def application_for_viewer(*, user, pk) -> Application | None:
    """The application with its program, applicant and named members, if ``user`` may see it."""
    return (
        applications_visible_to(user=user)
        .select_related("program", "applicant")
        .prefetch_related(
            Prefetch("named_members", queryset=NamedMember.objects.select_related("member"))
        )
        .filter(pk=pk)
        .first()
    )


def application_public_history(*, application: Application) -> QuerySet[ApplicationTransition]:
    """The history as the applicant and named members may read it (no internal notes)."""
    return (
        ApplicationTransition.objects.filter(application=application)
        .select_related("actor")
        .only(*PUBLIC_HISTORY_FIELDS, "created_at", "actor__username", "actor__display_name")
    )


def _comments_to_applicant() -> Prefetch:
    return Prefetch(
        "transitions",
        queryset=ApplicationTransition.objects.exclude(comment="")
        .only(*PUBLIC_HISTORY_FIELDS, "created_at")
        .order_by("-created_at", "-id"),
        to_attr="comments_to_applicant",
    )


def applications_of_applicant(*, user) -> QuerySet[Application]:
    """The applicant's dashboard: every application, with named members and comments."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("program")
        .prefetch_related(
            Prefetch("named_members", queryset=NamedMember.objects.select_related("member")),
            _comments_to_applicant(),
        )
        .order_by("-updated_at", "-id")
    )


def namings_of_member(*, user) -> QuerySet[NamedMember]:
    """The applications that name ``user``, newest first (drafts being withdrawn left out)."""
    return (
        NamedMember.objects.filter(member=user)
        .exclude(application__state=ApplicationState.WITHDRAWN)
        .select_related("application__program", "application__applicant")
        .order_by("-named_at", "-id")
    )


def viewer_role(*, application: Application, user) -> str | None:
    """How ``user`` relates to ``application``: "applicant", "named", "reviewer" or None."""
    if not user.is_authenticated:
        return None
    if application.applicant_id == user.pk:
        return "applicant"
    if any(named.member_id == user.pk for named in application.named_members.all()):
        return "named"
    if user.is_reviewer:
        return "reviewer"
    return None


def confirmed_count(*, application: Application) -> int:
    return application.named_members.filter(state=NamedMemberState.CONFIRMED).count()


def submission_problems(*, application: Application, today: date | None = None) -> list[str]:
    """What stands between the application and its submission, in the reader's language.

    Empty when it can be submitted. The service refuses a submission with these
    messages; the application page shows them as a checklist.
    """
    today = today or timezone.localdate()
    program = application.program
    problems = []
    if application.state == ApplicationState.DRAFT and not program.is_accepting_on(today):
        problems.append(_("The program does not accept applications now."))
    if application.state == ApplicationState.CHANGES_REQUESTED and (
        program.state == ProgramState.ARCHIVED
    ):
        problems.append(_("The program is archived."))
    for name in REQUIRED_FOR_SUBMISSION:
        if not getattr(application, name):
            label = Application._meta.get_field(name).verbose_name
            problems.append(_("Fill in: %(field)s.") % {"field": label})
    if application.coc_version != settings.CODE_OF_CONDUCT_VERSION:
        problems.append(
            _("Agree to the code of conduct (version %(version)s).")
            % {"version": settings.CODE_OF_CONDUCT_VERSION}
        )
    needed = program.min_named_members
    confirmed = confirmed_count(application=application)
    if confirmed < needed:
        problems.append(
            _("%(confirmed)d of the %(needed)d named members needed have confirmed.")
            % {"confirmed": confirmed, "needed": needed}
        )
    return problems


def change_request(*, application: Application):
    """The reviewers' request the applicant answers, while changes are requested:
    the latest move to "changes requested" (its comment is required), or None.
    Reads the prefetched comments to the applicant when the application has them."""
    if application.state != ApplicationState.CHANGES_REQUESTED:
        return None
    comments = getattr(application, "comments_to_applicant", None)
    if comments is None:
        comments = application.transitions.exclude(comment="").order_by("-created_at", "-id")
    return next(
        (step for step in comments if step.to_state == ApplicationState.CHANGES_REQUESTED), None
    )


def editable_application_for_applicant(*, user, pk) -> Application | None:
    return (
        Application.objects.filter(applicant=user, pk=pk, state__in=EDITABLE_STATES)
        .select_related("program")
        .prefetch_related(
            Prefetch("named_members", queryset=NamedMember.objects.select_related("member")),
            _comments_to_applicant(),
        )
        .first()
    )


def member_for_naming(*, identifier: str, allow_email: bool = False):
    """The active member with this username (or, for reviewers, e-mail address), or None."""
    identifier = identifier.strip().lstrip("@")
    if not identifier:
        return None
    members = get_user_model().objects.filter(is_active=True)
    if allow_email and "@" in identifier:
        return members.filter(email__iexact=identifier).first()
    return members.filter(username__iexact=identifier).first()


def main_contributors(*, application: Application) -> list:
    """Who receives a thank-you letter: the applicant and the named members who confirmed."""
    confirmed = [
        named.member
        for named in application.named_members.select_related("member").filter(
            state=NamedMemberState.CONFIRMED
        )
    ]
    return [application.applicant, *(m for m in confirmed if m.pk != application.applicant_id)]


# --- Letters ----------------------------------------------------------------------------------


def letter_by_token(*, token: str) -> ThankYouLetter | None:
    return (
        ThankYouLetter.objects.select_related("application__program", "recipient")
        .filter(token=token, application__state=ApplicationState.COMPLETED)
        .first()
    )


# --- For other apps -----------------------------------------------------------------------------


def _participations_with_role(member) -> QuerySet[Application]:
    return Application.objects.filter(state__in=PARTICIPATION_STATES).filter(
        Q(applicant=member) | Q(pk__in=_named_confirmed(member).values("application_id"))
    )


def member_has_program_role_since(*, member, since: datetime) -> bool:
    """Whether ``member`` held a program role at some moment at or after ``since``.

    A program role is being the applicant, or a named member who confirmed, of an
    application whose participation was approved. The participation counts when it
    was active at some point at or after ``since``: approved at or after ``since``,
    or still approved (not completed) now, or completed at or after ``since``.
    Used by the stations app's "active in the last six months" rule.
    """
    return participations_active_since(member=member, since=since).exists()


def participations_active_since(*, member, since: datetime) -> QuerySet[Application]:
    """The member's participations (see above) that were active at or after ``since``."""
    return _participations_with_role(member).filter(
        Q(state=ApplicationState.APPROVED)
        | Q(approved_at__gte=since)
        | Q(state=ApplicationState.COMPLETED, completed_at__gte=since)
    )


def participations_tally():
    """Every member's count of participations (applied for, or confirmed being named in),
    as rows ``{"member_pk", "value"}`` (see ``members.progress``)."""
    return (
        get_user_model()
        .objects.annotate(
            participations=Count(
                "program_applications",
                filter=Q(program_applications__state__in=PARTICIPATION_STATES),
                distinct=True,
            )
            + Count(
                "program_namings",
                filter=Q(
                    program_namings__state=NamedMemberState.CONFIRMED,
                    program_namings__application__state__in=PARTICIPATION_STATES,
                ),
                distinct=True,
            )
        )
        .filter(participations__gt=0)
        .values(member_pk=F("pk"), value=F("participations"))
    )


def participations_for_member(*, member) -> QuerySet[Application]:
    """Approved or completed participations ``member`` applied for or confirmed being named in.

    Newest approval first, with the program loaded; for the member's public profile.
    """
    return (
        _participations_with_role(member).select_related("program").order_by("-approved_at", "-id")
    )


# How long applications wait for a reviewer's answer (the applicant's "waiting since").
APPLICATION_DECISIONS = DecisionKind(
    name="programs.applications",
    history=ApplicationTransition,
    request_field="application",
    waiting_since_field="submitted_at",
    decided_states=(
        ApplicationState.APPROVED,
        ApplicationState.REJECTED,
        ApplicationState.CHANGES_REQUESTED,
    ),
)


def application_wait(*, application: Application) -> ReviewWait | None:
    if application.state not in REVIEW_QUEUE_STATES or application.submitted_at is None:
        return None
    return review_wait(APPLICATION_DECISIONS, waiting_since=application.submitted_at)
