"""The programs' reminders: application deadlines, and applications waiting for review.

**Deadlines.** Members holding a draft application are reminded twice before the
program closes (local dates): 7 days before, and 1 day before. Each reminder is
due from its day until the next one is due, so a missed daily run (or a draft
started later) is caught up by the next run: the 7-day reminder is sent while
2 to 7 days are left, the 1-day reminder while 1 or 0 days are left (the last
day). The two are never sent on the same day. The texts give the closing date,
not a count of days, so a late reminder is still right. A new closing date is
a new occasion (it is part of the key).
"""

from datetime import date, datetime

from django.urls import reverse
from django.utils.translation import gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.translated import translation_fields
from community_portal.notifications.reminders import Report, moment, send_reminders
from community_portal.notifications.review_digest import ReviewItem
from community_portal.notifications.services import BULK_BATCH_SIZE, PlannedNotification
from programs.enums import REVIEW_QUEUE_STATES, ApplicationState, ProgramState
from programs.models import Application, NamedMember, Program

# (occasion, days left on the reminder's day, the last days left it is sent with)
DEADLINE_REMINDERS = (("7d", 7, 2), ("1d", 1, 0))

DEADLINE_SUBJECT = gettext_noop("%(program)s: applications close on %(date)s")
DEADLINE_BODY = gettext_noop(
    "You have a draft application to %(program)s. Applications close at the end of "
    "%(date)s; submit yours before then. It can be submitted once every field is "
    "filled in and enough of the members you named have confirmed."
)
APPLICATION_KIND = gettext_noop("program application")


def remind_program_deadlines(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Remind members with a draft that the program they apply to closes soon."""
    now, today = moment(now)
    programs = {
        program.pk: program
        for program in Program.objects.filter(
            state=ProgramState.OPEN, opens_on__lte=today, closes_on__gte=today
        ).only("id", "title", "closes_on")
    }
    due = {}  # program id -> occasion
    for pk, program in programs.items():
        days_left = (program.closes_on - today).days
        for occasion, first, last in DEADLINE_REMINDERS:
            if last <= days_left <= first:
                due[pk] = occasion
    holders = (
        Application.objects.filter(
            state=ApplicationState.DRAFT, program__in=list(due), applicant__is_active=True
        )
        .values_list("program_id", "applicant_id")
        .distinct()
        .order_by("program_id", "applicant_id")
        .iterator(chunk_size=BULK_BATCH_SIZE)
    )
    url = reverse("programs:dashboard")
    params = {
        pk: {"program": program.title, "date": date_param(program.closes_on)}
        for pk, program in programs.items()
    }
    planned = (
        PlannedNotification(
            recipient_id=member_id,
            subject=DEADLINE_SUBJECT,
            body=DEADLINE_BODY,
            params=params[program_id],
            url=url,
            key=(
                f"programs.deadline.{due[program_id]}:{program_id}:"
                f"{programs[program_id].closes_on.isoformat()}:{member_id}"
            ),
        )
        for program_id, member_id in holders
    )
    return send_reminders(planned, dry_run=dry_run, report=report)


def overdue_applications(*, waiting_since_before: datetime, today: date) -> list[ReviewItem]:
    """Applications submitted (or in review) since before ``waiting_since_before``.

    The applicant and every named member are involved: they may not decide it.
    """
    applications = list(
        Application.objects.filter(
            state__in=REVIEW_QUEUE_STATES, submitted_at__lt=waiting_since_before
        )
        .select_related("program")
        .only(
            "id",
            "applicant",
            "organization_name",
            "submitted_at",
            "program",
            "program__title",
            *translation_fields("program__title"),
        )
    )
    named = {}
    for application_id, member_id in NamedMember.objects.filter(
        application__in=applications
    ).values_list("application_id", "member_id"):
        named.setdefault(application_id, set()).add(member_id)
    return [
        ReviewItem(
            kind=APPLICATION_KIND,
            title=f"{application.organization_name} → {application.program.title}",
            waiting_since=application.submitted_at,
            url=reverse("admin:programs_application_change", args=[application.pk]),
            involved=frozenset({application.applicant_id, *named.get(application.pk, ())}),
        )
        for application in applications
    ]
