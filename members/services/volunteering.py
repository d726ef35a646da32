"""Applications to volunteer groups; the group's owner answers within 7 working days."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.workdays import add_working_days
from community_portal.notifications.services import notify
from members.enums import (
    VOLUNTEER_ANSWER_WORKING_DAYS,
    VOLUNTEER_TRANSITIONS,
    VolunteerAction,
    VolunteerApplicationState,
)
from members.errors import VolunteerError
from members.models import User, VolunteerApplication, VolunteerGroup
from members.selectors.volunteering import can_answer
from members.services.common import label, next_state, required_text


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
            "group": group.name,
            "date": application.answer_due_on.isoformat(),
        },
        url=reverse("members:volunteer_applications", kwargs={"slug": group.slug}),
    )
    return application


def _lock(application: VolunteerApplication) -> VolunteerApplication:
    return (
        VolunteerApplication.objects.select_for_update(of=("self",))
        .select_related("group", "applicant")
        .get(pk=application.pk)
    )


def _close(
    locked: VolunteerApplication, *, action: VolunteerAction, by: User, answer: str = ""
) -> VolunteerApplication:
    locked.state = next_state(
        VOLUNTEER_TRANSITIONS,
        locked.state,
        action,
        error=VolunteerError,
        message=_("This application was already answered or withdrawn."),
    )
    locked.answered_at = timezone.now()
    locked.answered_by = by
    locked.answer = answer
    locked.save(update_fields=["state", "answered_at", "answered_by", "answer"])
    return locked


@transaction.atomic
def volunteer_application_answer(
    *, application: VolunteerApplication, answered_by: User, accept: bool, answer: str = ""
) -> VolunteerApplication:
    """The group's owner (or a maintainer) accepts or declines, with an optional message."""
    locked = _lock(application)
    if not can_answer(locked.group, answered_by):
        raise VolunteerError(_("Only the group's owner or a maintainer can answer."))
    action = VolunteerAction.ACCEPT if accept else VolunteerAction.DECLINE
    _close(locked, action=action, by=answered_by, answer=answer.strip())
    notify(
        recipient=locked.applicant,
        actor=answered_by,
        subject=gettext_noop("Your application to %(group)s: %(state)s"),
        body=gettext_noop("Their message: %(answer)s") if locked.answer else "",
        params={
            "group": locked.group.name,
            "state": label(VolunteerApplicationState(locked.state)),
            "answer": locked.answer,
        },
        url=reverse("members:volunteer_group", kwargs={"slug": locked.group.slug}),
    )
    application.state = locked.state
    return locked


@transaction.atomic
def volunteer_application_withdraw(
    *, application: VolunteerApplication, applicant: User
) -> VolunteerApplication:
    locked = _lock(application)
    if locked.applicant_id != applicant.pk:
        raise VolunteerError(_("Only the applicant can withdraw an application."))
    _close(locked, action=VolunteerAction.WITHDRAW, by=applicant)
    application.state = locked.state
    return locked
