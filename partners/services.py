"""The partner program's services: apply, review, sign, evaluate, renew, end.

Every change of a partnership goes through ``change_state`` (the shared review
workflow): the row is locked, the move checked against ``PARTNERSHIP_TABLE``,
the applicant refused as a decider of their own application, and a history
entry (``PartnershipStep``) written with who did it, in the same transaction as
the change and its notification. Evaluations and renewal decisions are history
entries too.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.messages import content, translatable
from community_portal.core.workflow import (
    INVOLVED,
    NOT_REVIEWER,
    DomainError,
    change_state,
    involved_ids,
    is_reviewer,
    notify_reviewers,
)
from community_portal.notifications.services import notify
from members.models import User
from partners.enums import (
    CLOSED_STATES,
    PARTNERSHIP_TABLE,
    TERM_YEARS,
    Actor,
    PartnershipState,
    RenewalDecision,
    Step,
)
from partners.models import PartnerEvaluation, Partnership, PartnershipLevel, PartnershipStep
from programs import selectors as program_selectors


class PartnerError(DomainError):
    """A change the partner program refuses."""


@dataclass(frozen=True)
class PartnerDetails:
    """What the applicant types into the application form (the logo apart)."""

    organization_name: str
    website: str
    partner_type: str
    description: str
    qualifications: str
    contact_name: str
    contact_email: str


def _params(partnership: Partnership, **extra) -> dict:
    return {
        "organization": partnership.organization_name,
        "level": content(partnership.level, "name"),
        **extra,
    }


def _admin_url(partnership: Partnership) -> str:
    return reverse("admin:partners_partnership_change", args=[partnership.pk])


def involved_in(partnership: Partnership) -> list:
    """Who may not decide it: the applicant, and whoever applied with the program
    participation it names."""
    people = [partnership.applicant_id]
    if partnership.participation_id:
        people.append(partnership.participation.applicant_id)
    return people


def _comment(comment: str):
    return (comment or "").strip() or translatable("(no comment)")


# --- Applying ----------------------------------------------------------------------------


@transaction.atomic
def partnership_apply(
    *,
    applicant: User,
    level: PartnershipLevel,
    details: PartnerDetails,
    logo=None,
    participation=None,
) -> Partnership:
    """An organization applies for ``level``; reviewers are told.

    With ``participation`` (one of the applicant's program participations), the
    organization's name, website and logo (unless another is uploaded) come from it.
    """
    fields = {
        name: (getattr(details, name) or "").strip() for name in PartnerDetails.__dataclass_fields__
    }
    if participation is not None:
        mine = program_selectors.participations_for_member(member=applicant)
        if not mine.filter(pk=participation.pk).exists():
            raise PartnerError(
                _("Choose a participation of your own organization."), field="participation"
            )
        fields["organization_name"] = participation.organization_name
        fields["website"] = participation.website or fields["website"]
        if logo is None and participation.logo:
            participation.logo.open("rb")
            try:
                name = participation.logo.name.rsplit(".", 1)[-1]
                logo = ContentFile(participation.logo.read(), name=f"{uuid.uuid4().hex}.{name}")
            finally:
                participation.logo.close()
    if not fields["organization_name"]:
        raise PartnerError(_("Name the organization."), field="organization_name")
    if _live(fields["organization_name"]).exists():
        raise PartnerError(_twin_message(), field="organization_name")
    partnership = Partnership(
        applicant=applicant, level=level, participation=participation, **fields
    )
    if logo is not None:
        partnership.logo.save(logo.name, logo, save=False)
    try:
        with transaction.atomic():
            partnership.save()
    except IntegrityError as error:
        # Two applications for one organization at once: the database keeps one.
        raise PartnerError(_twin_message(), field="organization_name") from error
    PartnershipStep.objects.create(
        partnership=partnership,
        actor=applicant,
        step=Step.APPLIED,
        to_state=PartnershipState.SUBMITTED,
        level=level,
        created_at=partnership.created_at,
    )
    notify_reviewers(
        subject=gettext_noop("%(organization)s applies to be a partner: %(level)s"),
        body=gettext_noop("A partner application waits for qualification review."),
        params=_params(partnership),
        url=_admin_url(partnership),
        actor=applicant,
    )
    return partnership


def _live(name: str):
    return Partnership.objects.filter(organization_name__iexact=name).exclude(
        state__in=CLOSED_STATES
    )


def _twin_message() -> str:
    return _("This organization already has an application or a partnership.")


# --- Moves -------------------------------------------------------------------------------


def _refused(row, source) -> str:
    return _("%(organization)s is %(state)s: it cannot be changed that way.") % {
        "organization": row.organization_name,
        "state": PartnershipState(source).label,
    }


def _move(
    partnership: Partnership,
    *,
    actor: User,
    target: str,
    step: str,
    role: str = Actor.REVIEWER,
    comment: str = "",
    internal_note: str = "",
    changes=None,
    check=None,
    may_act=None,
    not_allowed=None,
):
    return change_state(
        partnership,
        table=PARTNERSHIP_TABLE,
        target=target,
        actor=actor,
        role=role,
        error=PartnerError,
        involved=involved_in,
        may_act=may_act,
        not_allowed=not_allowed,
        refused_move=_refused,
        check=check,
        changes=changes,
        comment=comment,
        history=PartnershipStep,
        history_fields=lambda row: {
            "partnership": row,
            "step": step,
            "level": row.level,
            "term_ends_on": row.term_ends_on,
            "internal_note": (internal_note or "").strip(),
        },
        queryset=Partnership.objects.select_related("level", "applicant", "participation"),
    )


def partnership_start_review(
    *, partnership: Partnership, actor: User, comment: str = "", internal_note: str = ""
) -> Partnership:
    """A reviewer takes the application into qualification review (资格审核)."""
    with transaction.atomic():
        row, _source = _move(
            partnership,
            actor=actor,
            target=PartnershipState.IN_REVIEW,
            step=Step.REVIEW_STARTED,
            comment=comment,
            internal_note=internal_note,
        )
        notify(
            recipient=row.applicant,
            actor=actor,
            subject=gettext_noop("Your partner application for %(organization)s is in review"),
            body=gettext_noop(
                "A reviewer is checking that %(organization)s qualifies as a partner at the "
                "level %(level)s. You will hear the decision."
            ),
            params=_params(row),
            url=row.get_absolute_url(),
        )
    return row


def partnership_qualify(
    *, partnership: Partnership, actor: User, comment: str = "", internal_note: str = ""
) -> Partnership:
    """The organization qualifies: the agreement (合作协议) is prepared next."""
    with transaction.atomic():
        row, _source = _move(
            partnership,
            actor=actor,
            target=PartnershipState.AGREEMENT,
            step=Step.QUALIFIED,
            comment=comment,
            internal_note=internal_note,
            changes={"decided_at": timezone.now()},
        )
        notify(
            recipient=row.applicant,
            actor=actor,
            subject=gettext_noop("%(organization)s qualifies as a partner: %(level)s"),
            body=gettext_noop(
                "The reviewers will send you the partnership agreement to sign. "
                "Comment from the reviewers: %(comment)s"
            ),
            params=_params(row, comment=_comment(comment)),
            url=row.get_absolute_url(),
        )
    return row


def partnership_reject(
    *, partnership: Partnership, actor: User, comment: str, internal_note: str = ""
) -> Partnership:
    """The application is declined, saying why."""
    with transaction.atomic():
        row, _source = _move(
            partnership,
            actor=actor,
            target=PartnershipState.REJECTED,
            step=Step.REJECTED,
            comment=comment,
            internal_note=internal_note,
            changes={"decided_at": timezone.now()},
        )
        notify(
            recipient=row.applicant,
            actor=actor,
            subject=gettext_noop("Your partner application for %(organization)s is declined"),
            body=gettext_noop("Comment from the reviewers: %(comment)s"),
            params=_params(row, comment=_comment(comment)),
            url=row.get_absolute_url(),
        )
    return row


def partnership_sign(
    *,
    partnership: Partnership,
    actor: User,
    signed_on: date,
    term_years: int,
    comment: str = "",
    internal_note: str = "",
) -> Partnership:
    """The agreement is signed on ``signed_on`` for ``term_years``: the partner is active."""
    if term_years not in TERM_YEARS:
        raise PartnerError(_("Choose a term of 1, 2 or 3 years."), field="term_years")
    if signed_on > timezone.localdate():
        raise PartnerError(_("The agreement cannot be signed in the future."), field="signed_on")
    with transaction.atomic():
        row, _source = _move(
            partnership,
            actor=actor,
            target=PartnershipState.ACTIVE,
            step=Step.SIGNED,
            comment=comment,
            internal_note=internal_note,
            changes={
                "signed_on": signed_on,
                "term_years": term_years,
                "term_ends_on": signed_on + relativedelta(years=term_years),
            },
        )
        notify(
            recipient=row.applicant,
            actor=actor,
            subject=gettext_noop("%(organization)s is now a partner: %(level)s"),
            body=gettext_noop(
                "The agreement was signed on %(date)s; its term ends on %(end)s. Your "
                "organization now appears on the partners page."
            ),
            params=_params(row, date=date_param(row.signed_on), end=date_param(row.term_ends_on)),
            url=reverse("partners:list"),
        )
    return row


def partnership_withdraw(*, partnership: Partnership, actor: User) -> Partnership:
    """The applicant withdraws the application before it is active."""
    row, _source = _move(
        partnership,
        actor=actor,
        target=PartnershipState.WITHDRAWN,
        step=Step.WITHDRAWN,
        role=Actor.APPLICANT,
        may_act=lambda who, row: who.pk == row.applicant_id,
        not_allowed=_("Only the applicant can withdraw the application."),
    )
    return row


# --- Evaluation and renewal ----------------------------------------------------------------


@transaction.atomic
def partnership_evaluate(
    *,
    partnership: Partnership,
    actor: User,
    outcome: str,
    satisfaction: int,
    improvements: str = "",
) -> PartnerEvaluation:
    """The yearly evaluation of an active partner's current term (合作效果评估)."""
    row = (
        Partnership.objects.select_for_update(of=("self",))
        .select_related("level", "participation")
        .get(pk=partnership.pk)
    )
    _check_reviewer(row, actor)
    if row.state != PartnershipState.ACTIVE:
        raise PartnerError(_refused(row, row.state))
    if not 1 <= int(satisfaction) <= 5:
        raise PartnerError(_("Satisfaction goes from 1 to 5."), field="satisfaction")
    if row.evaluations.filter(term_ends_on=row.term_ends_on).exists():
        raise PartnerError(_("This term is evaluated already."))
    now = timezone.now()
    evaluation = PartnerEvaluation.objects.create(
        partnership=row,
        term_ends_on=row.term_ends_on,
        outcome=outcome,
        satisfaction=satisfaction,
        improvements=(improvements or "").strip(),
        evaluated_by=actor,
        evaluated_at=now,
    )
    PartnershipStep.objects.create(
        partnership=row,
        actor=actor,
        step=Step.EVALUATED,
        from_state=row.state,
        to_state=row.state,
        level=row.level,
        term_ends_on=row.term_ends_on,
        comment=evaluation.improvements,
        created_at=now,
    )
    return evaluation


def _check_reviewer(row, actor) -> None:
    if not is_reviewer(actor):
        raise PartnerError(NOT_REVIEWER)
    if actor.pk in involved_ids(involved_in(row)):
        raise PartnerError(INVOLVED)


def partnership_decide_renewal(
    *,
    partnership: Partnership,
    actor: User,
    decision: str,
    level: PartnershipLevel | None = None,
    comment: str = "",
    internal_note: str = "",
) -> Partnership:
    """After the evaluation of the current term: renew, renew at another level, or end."""

    def evaluated(row):
        if not row.evaluations.filter(term_ends_on=row.term_ends_on).exists():
            raise PartnerError(_("Record the evaluation of this term before deciding."))

    with transaction.atomic():
        if decision == RenewalDecision.END:
            row, _source = _move(
                partnership,
                actor=actor,
                target=PartnershipState.ENDED,
                step=Step.ENDED,
                comment=comment,
                internal_note=internal_note,
                check=evaluated,
                changes={"ended_at": timezone.now()},
            )
            subject = gettext_noop("The partnership with %(organization)s has ended")
            body = gettext_noop("Comment from the reviewers: %(comment)s")
        elif decision in (RenewalDecision.RENEW, RenewalDecision.CHANGE_LEVEL):
            changing = decision == RenewalDecision.CHANGE_LEVEL
            if changing and (level is None or level.pk == partnership.level_id):
                raise PartnerError(_("Choose the new level."), field="level")

            def new_term(row):
                changes = {"term_ends_on": row.term_ends_on + relativedelta(years=row.term_years)}
                if changing:
                    changes["level"] = level
                return changes

            row, _source = _move(
                partnership,
                actor=actor,
                target=PartnershipState.ACTIVE,
                step=Step.LEVEL_CHANGED if changing else Step.RENEWED,
                comment=comment,
                internal_note=internal_note,
                check=evaluated,
                changes=new_term,
            )
            if changing:
                subject = gettext_noop("The partnership with %(organization)s changes level")
                body = gettext_noop(
                    "It is renewed at the level %(level)s until %(end)s. "
                    "Comment from the reviewers: %(comment)s"
                )
            else:
                subject = gettext_noop("The partnership with %(organization)s is renewed")
                body = gettext_noop(
                    "It is renewed at the level %(level)s until %(end)s. "
                    "Comment from the reviewers: %(comment)s"
                )
        else:
            raise PartnerError(_("Choose a decision."), field="decision")
        notify(
            recipient=row.applicant,
            actor=actor,
            subject=subject,
            body=body,
            params=_params(row, end=date_param(row.term_ends_on), comment=_comment(comment)),
            url=row.get_absolute_url(),
        )
    return row
