"""Applications to volunteer groups; the group's owner answers within 7 working days."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.messages import content
from community_portal.core.workdays import add_working_days
from community_portal.core.workflow import change_state
from community_portal.notifications.services import notify
from members.enums import (
    VOLUNTEER_ANSWER_WORKING_DAYS,
    VOLUNTEER_OWNER,
    VOLUNTEER_TABLE,
    VolunteerApplicationState,
)
from members.errors import VolunteerError
from members.models import User, VolunteerApplication, VolunteerApplicationStep, VolunteerGroup
from members.selectors.volunteering import can_answer
from members.services.common import label, required_text


@transaction.atomic
def volunteer_apply(
    *, group: VolunteerGroup, applicant: User, motivation: str
) -> VolunteerApplication:
    motivation = required_text(
        motivation, error=VolunteerError, message=_("Tell the group why you want to join.")
    )
    if not group.is_open:
        raise VolunteerError(_("This group does not take applications at the moment."))
    if group.owner_id == applicant.pk:
        raise VolunteerError(_("You lead this group already."))
    now = timezone.now()
    try:
        with transaction.atomic():
            application = VolunteerApplication.objects.create(
                group=group,
                applicant=applicant,
                motivation=motivation,
                created_at=now,
                answer_due_on=add_working_days(
                    timezone.localdate(now), VOLUNTEER_ANSWER_WORKING_DAYS
                ),
            )
    except IntegrityError:
        raise VolunteerError(
            _("You already applied to this group or are a member of it.")
        ) from None
    notify(
        recipient=group.owner,
        actor=applicant,
        subject=gettext_noop("%(member)s applies to join %(group)s"),
        body=gettext_noop("Please answer by %(date)s (7 working days)."),
        params={
            "member": applicant.public_name,
            "group": content(group, "name"),
            "date": date_param(application.answer_due_on),
        },
        url=reverse("members:volunteer_applications", kwargs={"slug": group.slug}),
    )
    return application


def _move(
    application: VolunteerApplication, *, target: str, actor: User, role: str, answer: str = ""
) -> VolunteerApplication:
    """Close the application with the one workflow step (lock, table, involved, save)."""
    locked, _source = change_state(
        application,
        table=VOLUNTEER_TABLE,
        target=target,
        actor=actor,
        role=role,
        error=VolunteerError,
        queryset=VolunteerApplication.objects.select_related("group", "applicant"),
        # The owner, or a reviewer standing in, answers; only the applicant withdraws.
        may_act=lambda user, row: (
            can_answer(row.group, user) if role == VOLUNTEER_OWNER else row.applicant_id == user.pk
        ),
        not_allowed=(
            _("Only the group's owner or a maintainer can answer.")
            if role == VOLUNTEER_OWNER
            else _("Only the applicant can withdraw an application.")
        ),
        involved=lambda row: [row.applicant_id],
        refused_move=lambda row, source: _("This application was already answered or withdrawn."),
        changes={"answered_at": timezone.now(), "answered_by": actor, "answer": answer},
        comment=answer,
        history=VolunteerApplicationStep,
        history_fields=lambda row: {"application": row},
    )
    application.state = locked.state
    return locked


@transaction.atomic
def volunteer_application_answer(
    *, application: VolunteerApplication, answered_by: User, accept: bool, answer: str = ""
) -> VolunteerApplication:
    """The group's owner (or a maintainer) accepts or declines, with an optional message."""
    locked = _move(
        application,
        target=(
            VolunteerApplicationState.ACCEPTED if accept else VolunteerApplicationState.DECLINED
        ),
        actor=answered_by,
        role=VOLUNTEER_OWNER,
        answer=answer.strip(),
    )
    notify(
        recipient=locked.applicant,
        actor=answered_by,
        subject=gettext_noop("Your application to %(group)s: %(state)s"),
        body=gettext_noop("Their message: %(answer)s") if locked.answer else "",
        params={
            "group": content(locked.group, "name"),
            "state": label(VolunteerApplicationState(locked.state)),
            "answer": locked.answer,
        },
        url=reverse("members:volunteer_group", kwargs={"slug": locked.group.slug}),
    )
    return locked


@transaction.atomic
def volunteer_application_withdraw(
    *, application: VolunteerApplication, applicant: User
) -> VolunteerApplication:
    return _move(
        application,
        target=VolunteerApplicationState.WITHDRAWN,
        actor=applicant,
        role="applicant",
    )
