"""The stations' reminders: events the next day, and founding requests waiting for review.

**Events.** Every registrant holding a seat (not the waiting list) of an event
that is not cancelled hears about it once in the 24 hours before it starts.
The task runs every 15 minutes and reminds of the events starting within the
next 24 hours, so a registration made on the last day is reminded too, and a
run that was missed is caught up by the next. An event moved to another time
is a new occasion (its start is part of the key).

**Feedback.** Once an event has ended, everyone checked in who has not answered
yet is asked once for feedback (seed 001: 反馈收集). The same beat runs it;
events that ended within the last week are looked at, so a missed run is
caught up and old events are left alone.
"""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from community_portal.chat.enums import MessageKind
from community_portal.chat.services import chat_post, stations_with_chat
from community_portal.core.formatting import date_param, moment_param
from community_portal.core.messages import content
from community_portal.core.translated import translation_fields
from community_portal.notifications.messages import message_lines, translatable
from community_portal.notifications.reminders import Report, moment, send_reminders
from community_portal.notifications.review_digest import ReviewItem
from community_portal.notifications.services import BULK_BATCH_SIZE, PlannedNotification
from stations.enums import SEAT_STATES, EventState, FoundingState, RegistrationState
from stations.models import Event, FoundingRequest, Registration

EVENT_REMINDER_AHEAD = timedelta(hours=24)
FEEDBACK_ASKED_WITHIN = timedelta(days=7)

EVENT_SUBJECT = gettext_noop("Reminder: %(event)s starts on %(starts)s")
EVENT_BODY = gettext_noop(
    "You have a seat at %(event)s of %(station)s, starting on %(starts)s (%(timezone)s).\n"
    "Where: %(place)s\n\nIf you cannot come, cancel your registration so that someone on "
    "the waiting list gets your seat."
)
CHAT_EVENT_SUBJECT = gettext_noop("Tomorrow: %(event)s, %(starts)s")
CHAT_EVENT_BODY = gettext_noop(
    "%(station)s meets on %(starts)s (%(timezone)s).\n**Where:** %(place)s\n"
    "**Seats taken:** %(taken)s of %(capacity)s"
)
FEEDBACK_SUBJECT = gettext_noop("How was %(event)s?")
FEEDBACK_BODY = gettext_noop(
    "Thank you for coming to %(event)s of %(station)s. Three short questions help the "
    "organizers plan the next one: a rating from 1 to 5, what was good and what to improve. "
    "Your answers are shown without your name."
)
FOUNDING_REQUEST_KIND = gettext_noop("station founding request")


def remind_events(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Remind registrants holding a seat of the events that start within 24 hours."""
    now, _today = moment(now)
    events = {
        event.pk: event
        for event in Event.objects.filter(
            state=EventState.SCHEDULED, starts_at__gt=now, starts_at__lte=now + EVENT_REMINDER_AHEAD
        )
        .select_related("station")
        .only(
            "id",
            "title",
            "starts_at",
            "venue",
            "online_url",
            "station",
            "station__name",
            "station__name",
            *translation_fields("station__name"),
            "station__slug",
            "capacity",
        )
    }
    seats = (
        Registration.objects.filter(
            event__in=list(events), state__in=SEAT_STATES, member__is_active=True
        )
        .order_by("event_id", "member_id")
        .values_list("event_id", "member_id")
        .iterator(chunk_size=BULK_BATCH_SIZE)
    )
    # What every registrant of an event is told is the same: worked out once.
    texts = {}
    for event in events.values():
        starts = timezone.localtime(event.starts_at)
        texts[event.pk] = (
            {
                "event": event.title,
                "station": event.station.name,
                "starts": moment_param(starts, with_zone=False),
                "timezone": str(starts.tzinfo),
                "place": " · ".join(filter(None, [event.venue, event.online_url])),
            },
            reverse("stations:event", args=[event.station.slug, event.pk]),
            f"stations.event.24h:{event.pk}:{event.starts_at.astimezone(UTC):%Y%m%dT%H%M}:",
        )
    taken = Counter()  # event id -> seats, counted as the plan is read

    def plan():
        for event_id, member_id in seats:
            taken[event_id] += 1
            params, url, key_prefix = texts[event_id]
            yield PlannedNotification(
                recipient_id=member_id,
                subject=EVENT_SUBJECT,
                body=EVENT_BODY,
                params=params,
                url=url,
                key=f"{key_prefix}{member_id}",
            )

    if dry_run:
        return send_reminders(plan(), dry_run=True, report=report)
    with transaction.atomic():
        created = send_reminders(plan(), dry_run=False, report=report)
        # The station's group hears of it once too, without names.
        chatting = stations_with_chat({event.station_id for event in events.values()})
        for event in events.values():
            if event.station_id not in chatting:
                continue
            params, url, _key_prefix = texts[event.pk]
            chat_post(
                kind=MessageKind.EVENT_REMINDER,
                station=event.station,
                title=CHAT_EVENT_SUBJECT,
                body=CHAT_EVENT_BODY,
                params={**params, "taken": taken.get(event.pk, 0), "capacity": event.capacity},
                url=url,
                key=f"chat.event.24h:{event.pk}:{event.starts_at.astimezone(UTC):%Y%m%dT%H%M}",
            )
    return created


def remind_event_feedback(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Ask the checked-in attendees of the events that ended in the last week for feedback,
    once per attendee and event (the key), leaving out those who already answered."""
    now, _today = moment(now)
    events = {
        event.pk: event
        for event in Event.objects.filter(
            state=EventState.SCHEDULED, ends_at__lte=now, ends_at__gt=now - FEEDBACK_ASKED_WITHIN
        )
        .select_related("station")
        .only(
            "id",
            "title",
            "station",
            "station__name",
            *translation_fields("station__name"),
            "station__slug",
        )
    }
    attendees = (
        Registration.objects.filter(
            event__in=list(events),
            state=RegistrationState.ATTENDED,
            member__is_active=True,
            feedback__isnull=True,
        )
        .order_by("event_id", "member_id")
        .values_list("event_id", "member_id")
        .iterator(chunk_size=BULK_BATCH_SIZE)
    )
    # What every attendee of an event is asked is the same: worked out once.
    texts = {
        event.pk: (
            {"event": event.title, "station": event.station.name},
            reverse("stations:event_feedback", args=[event.station.slug, event.pk]),
        )
        for event in events.values()
    }
    planned = (
        PlannedNotification(
            recipient_id=member_id,
            subject=FEEDBACK_SUBJECT,
            body=FEEDBACK_BODY,
            params=texts[event_id][0],
            url=texts[event_id][1],
            key=f"stations.event.feedback:{event_id}:{member_id}",
        )
        for event_id, member_id in attendees
    )
    return send_reminders(planned, dry_run=dry_run, report=report)


def overdue_founding_requests(*, waiting_since_before: datetime, today: date) -> list[ReviewItem]:
    requests = FoundingRequest.objects.filter(
        state=FoundingState.PENDING, created_at__lt=waiting_since_before
    ).only("id", "name", "proposer_id", "created_at")
    return [
        ReviewItem(
            kind=FOUNDING_REQUEST_KIND,
            title=request.name,
            waiting_since=request.created_at,
            url=reverse("admin:stations_foundingrequest_change", args=[request.pk]),
            involved=frozenset({request.proposer_id}),
        )
        for request in requests
    ]


# --- Station health (stations/health.py) ----------------------------------------------------

QUIET_SUBJECT = gettext_noop("%(station)s has held no event for %(months)s months")
QUIET_BODY = gettext_noop(
    "The last event of %(station)s was on %(date)s. Members come back for meetups: plan "
    "the next one on the station's management pages."
)
DORMANT_SUBJECT = gettext_noop("Proposal: mark %(station)s dormant")
DORMANT_BODY = gettext_noop(
    "%(station)s has held no event since %(date)s, for %(months)s months. Mark it dormant "
    "with the action “Mark the selected stations dormant” in the station admin; its next "
    "event makes it active again.\n\n%(link)s"
)
SUCCESSION_SUBJECT = gettext_noop("Succession suggested for %(station)s")
SUCCESSION_BODY = gettext_noop(
    "%(lead)s, the lead of %(station)s, has not been active in the community for %(months)s "
    "months. The deputies and committee members, the most active first:\n%(candidates)s"
    "\n\n%(link)s"
)
NO_CANDIDATES = gettext_noop("(none: the station has no deputy or committee member)")
CANDIDATE_LINE = gettext_noop("- %(member)s, %(role)s: activity %(activity)s")
ROLE_LABELS = {"deputy": "deputy lead", "committee": "committee member"}


def remind_station_health(
    *, now: datetime | None = None, dry_run: bool = False, report: Report | None = None
) -> int:
    """Quiet stations tell their lead and deputies; reviewers get the dormancy proposals
    and succession suggestions. Each once per recipient and occasion."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from stations import health
    from stations.enums import StationRole
    from stations.models import Membership

    now, today = moment(now)
    quiet = health.quiet_stations(today=today)
    managers = list(
        Membership.objects.filter(
            station__in=quiet,
            role__in=[StationRole.LEAD, StationRole.DEPUTY],
            member__is_active=True,
        ).values_list("station_id", "member_id")
    )
    reviewer_ids = list(
        get_user_model().objects.reviewers().order_by("pk").values_list("pk", flat=True)
    )
    by_id = {station.pk: station for station in quiet}
    planned = []
    for station_id, member_id in managers:
        station = by_id[station_id]
        since = health.quiet_since(station)
        planned.append(
            PlannedNotification(
                recipient_id=member_id,
                subject=QUIET_SUBJECT,
                body=QUIET_BODY,
                params={
                    "station": content(station, "name"),
                    "months": health.QUIET_MONTHS,
                    "date": date_param(since),
                },
                url=reverse("stations:manage", args=[station.slug]),
                key=f"stations.quiet:{station.pk}:{since.isoformat()}:{member_id}",
            )
        )
    for station in health.quiet_stations(today=today, months=health.DORMANT_PROPOSAL_MONTHS):
        since = health.quiet_since(station)
        url = reverse("admin:stations_station_change", args=[station.pk])
        planned.extend(
            PlannedNotification(
                recipient_id=reviewer_id,
                subject=DORMANT_SUBJECT,
                body=DORMANT_BODY,
                params={
                    "station": content(station, "name"),
                    "months": health.DORMANT_PROPOSAL_MONTHS,
                    "date": date_param(since),
                    "link": f"{settings.SITE_URL}{url}",
                },
                url=url,
                key=f"stations.dormant_proposal:{station.pk}:{since.isoformat()}:{reviewer_id}",
            )
            for reviewer_id in reviewer_ids
        )
    for station, succession in health.successions(today=today):
        url = reverse("admin:stations_station_change", args=[station.pk])
        lines = [
            (
                CANDIDATE_LINE,
                {
                    "member": candidate.membership.member.public_name,
                    "role": translatable(ROLE_LABELS[candidate.membership.role], "station role"),
                    "activity": candidate.activity,
                },
            )
            for candidate in succession.candidates
        ] or [(NO_CANDIDATES, {})]
        lead = succession.lead
        tenure = lead.role_since.date().isoformat() if lead.role_since else "-"
        planned.extend(
            PlannedNotification(
                recipient_id=reviewer_id,
                subject=SUCCESSION_SUBJECT,
                body=SUCCESSION_BODY,
                params={
                    "station": content(station, "name"),
                    "lead": lead.member.public_name,
                    "months": health.LEAD_INACTIVE_MONTHS,
                    "candidates": message_lines(lines),
                    "link": f"{settings.SITE_URL}{url}",
                },
                url=url,
                key=f"stations.succession:{station.pk}:{lead.member_id}:{tenure}:{reviewer_id}",
            )
            for reviewer_id in reviewer_ids
            if reviewer_id != lead.member_id
        )
    return send_reminders(planned, dry_run=dry_run, report=report)
