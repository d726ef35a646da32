"""Helpers for the tests of the scheduled reminders: controlled time, many members fast,
and one scenario per reminder that makes ``count`` members due a reminder."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import time_machine
from allauth.account.models import EmailAddress
from django.utils import timezone

from community_portal.notifications.digest import send_daily_digests
from community_portal.notifications.enums import EmailState
from community_portal.notifications.escalation import escalate_stalled_reviews
from community_portal.notifications.models import Notification, NotificationSettings
from community_portal.notifications.review_digest import remind_overdue_reviews
from community_portal.notifications.services import PlannedNotification
from members.models import (
    Certificate,
    Tier,
    TierThreshold,
    User,
    VolunteerApplication,
    VolunteerGroup,
)
from members.reminders import (
    remind_certificate_expiry,
    remind_newly_qualified,
    remind_volunteer_answers,
)
from members.services.certifications import new_certificate_number
from partners.enums import PartnershipState
from partners.models import Partnership
from partners.reminders import remind_partner_evaluations
from programs.models import Application
from programs.reminders import remind_program_deadlines
from stations.models import FoundingRequest, Membership, Registration, name_key
from stations.reminders import remind_event_feedback, remind_events, remind_station_health
from submissions.models import CampaignSubscription
from submissions.reminders import remind_campaign_ends
from tests.factories.members import CertificationLevelFactory
from tests.factories.partners import PartnershipFactory
from tests.factories.programs import ProgramFactory
from tests.factories.stations import EventFactory, StationFactory
from tests.factories.submissions import CampaignFactory

# A Wednesday; nothing in the test calendar around it.
TODAY = date(2026, 5, 13)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """``day`` at ``hour``:``minute``, local time (the beat schedules' time zone)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def listed(reminder, **options) -> list[PlannedNotification]:
    """Run ``reminder``: the notifications it created (in a dry run: would create), in
    the order it reported them, checked against the count it returns."""
    reported = []
    count = reminder(report=reported.extend, **options)
    assert count == len(reported)
    return reported


def run_at(when: datetime, reminder, capture, **options) -> list[PlannedNotification]:
    """Run ``reminder`` as at ``when``, and what it queues on commit (the e-mails):
    what it created (see ``listed``)."""
    with time_machine.travel(when, tick=False), capture(execute=True):
        return listed(reminder, **options)


def run_task_at(when: datetime, task, capture):
    """Run a reminder's Celery task as at ``when``, as beat would (eagerly here)."""
    with time_machine.travel(when, tick=False), capture(execute=True):
        return task.delay().get()


def keys(prefix: str) -> list[str]:
    return sorted(Notification.objects.filter(key__startswith=prefix).values_list("key", flat=True))


def bulk_members(count: int, *, prefix: str, **fields) -> list[User]:
    """``count`` members with verified addresses, in a few queries."""
    members = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.com", **fields)
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=member, email=member.email, verified=True, primary=True)
        for member in members
    )
    return members


@dataclass(frozen=True)
class Scenario:
    """``count`` members due ``run`` at ``when``."""

    run: Callable[..., int]
    when: datetime
    members: list

    def reminder(self, **options) -> list[PlannedNotification]:
        """Run the reminder: what it created (see ``listed``)."""
        return listed(self.run, **options)


def program_deadline_scenario(count: int, prefix: str = "drafter") -> Scenario:
    program = ProgramFactory(
        opens_on=TODAY - timedelta(days=30), closes_on=TODAY + timedelta(days=7)
    )
    members = bulk_members(count, prefix=prefix)
    Application.objects.bulk_create(
        Application(program=program, applicant=member, organization_name=f"Org {member.pk}")
        for member in members
    )
    return Scenario(remind_program_deadlines, at(TODAY), members)


def campaign_end_scenario(count: int, prefix: str = "follower") -> Scenario:
    campaign = CampaignFactory(
        opens_on=TODAY - timedelta(days=30), closes_on=TODAY + timedelta(days=7)
    )
    members = bulk_members(count, prefix=prefix)
    CampaignSubscription.objects.bulk_create(
        CampaignSubscription(campaign=campaign, member=member) for member in members
    )
    return Scenario(remind_campaign_ends, at(TODAY), members)


def certificate_expiry_scenario(count: int, prefix: str = "holder") -> Scenario:
    level = CertificationLevelFactory()
    members = bulk_members(count, prefix=prefix)
    Certificate.objects.bulk_create(
        Certificate(
            number=new_certificate_number(),
            holder=member,
            level=level,
            issued_on=TODAY - timedelta(days=700),
            expires_on=TODAY + timedelta(days=30),
        )
        for member in members
    )
    return Scenario(remind_certificate_expiry, at(TODAY), members)


def volunteer_answer_scenario(count: int, prefix: str = "owner") -> Scenario:
    owners = bulk_members(count, prefix=prefix)
    applicants = bulk_members(count, prefix=f"{prefix}-applicant")
    groups = VolunteerGroup.objects.bulk_create(
        VolunteerGroup(
            name=f"Group of {owner.username}",
            slug=f"group-{owner.username}",
            owner=owner,
            description="We help.",
            responsibilities="- Help",
        )
        for owner in owners
    )
    VolunteerApplication.objects.bulk_create(
        VolunteerApplication(
            group=group,
            applicant=applicant,
            motivation="I can help.",
            created_at=at(TODAY - timedelta(days=14)),
            answer_due_on=TODAY - timedelta(days=1),
        )
        for group, applicant in zip(groups, applicants, strict=True)
    )
    return Scenario(remind_volunteer_answers, at(TODAY), owners)


def event_scenario(count: int, prefix: str = "registrant") -> Scenario:
    when = at(TODAY, 18)
    event = EventFactory(starts_at=when + timedelta(hours=20), capacity=count)
    members = bulk_members(count, prefix=prefix)
    Registration.objects.bulk_create(
        Registration(event=event, member=member, state="registered") for member in members
    )
    return Scenario(remind_events, when, members)


def event_feedback_scenario(count: int, prefix: str = "attendee") -> Scenario:
    when = at(TODAY, 18)
    starts = when - timedelta(hours=5)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=count)
    members = bulk_members(count, prefix=prefix)
    Registration.objects.bulk_create(
        Registration(event=event, member=member, state="attended", checked_in_at=starts)
        for member in members
    )
    return Scenario(remind_event_feedback, when, members)


def overdue_review_scenario(count: int, prefix: str = "maintainer") -> Scenario:
    # Superusers are reviewers: no group to join, so many are made in a few queries.
    members = bulk_members(count, prefix=prefix, is_superuser=True, is_staff=True)
    proposer = bulk_members(1, prefix=f"{prefix}-proposer")[0]
    city = f"Xiamen {prefix}"
    FoundingRequest.objects.create(
        proposer=proposer,
        kind="city",
        name=city,
        name_key=name_key(city),
        city=city,
        region="south",
        motivation="We meet.",
        created_at=at(TODAY - timedelta(days=30)),
    )
    return Scenario(remind_overdue_reviews, at(TODAY, 8, 30), members)


def daily_digest_scenario(count: int, prefix: str = "digester") -> Scenario:
    members = bulk_members(count, prefix=prefix)
    NotificationSettings.objects.bulk_create(
        NotificationSettings(member=member, daily_digest=True) for member in members
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=member,
            kind="submissions.not_selected",
            subject="“%(title)s” was not selected",
            params={"title": f"Post {n}"},
            email_state=EmailState.HELD,
            created_at=at(TODAY - timedelta(days=1), 15),
        )
        for member in members
        for n in range(2)
    )
    return Scenario(send_daily_digests, at(TODAY, 7), members)


def escalated_review_scenario(count: int, prefix: str = "escalation") -> Scenario:
    # The same founding request, waiting 30 days: twice the deadline, escalated. Each
    # maintainer hears of each stalled item: only this scenario's item waits, and only
    # this scenario's maintainers are active.
    FoundingRequest.objects.all().delete()
    User.objects.filter(is_superuser=True).update(is_active=False)
    scenario = overdue_review_scenario(count, prefix)
    return Scenario(escalate_stalled_reviews, at(TODAY, 8, 40), scenario.members)


def newly_qualified_scenario(count: int, prefix: str = "qualified") -> Scenario:
    # Contributor asks for one event attended; these members hold the user tier.
    user_tier, _ = Tier.objects.get_or_create(level="user", defaults={"rank": 1})
    contributor, _ = Tier.objects.get_or_create(level="contributor", defaults={"rank": 2})
    TierThreshold.objects.get_or_create(
        tier=contributor, measure="stations.events_attended", defaults={"minimum": 1}
    )
    members = bulk_members(count, prefix=prefix, tier=user_tier)
    event = EventFactory(starts_at=at(TODAY - timedelta(days=10)), capacity=count)
    Registration.objects.bulk_create(
        Registration(event=event, member=member, state="attended", checked_in_at=event.starts_at)
        for member in members
    )
    return Scenario(remind_newly_qualified, at(TODAY, 9, 40), members)


def station_health_scenario(count: int, prefix: str = "quiet") -> Scenario:
    # A station whose last event was five months ago: its lead and deputies hear.
    station = StationFactory(founded_on=date(2020, 1, 1), lead=False)
    EventFactory(station=station, starts_at=at(TODAY - timedelta(days=150)))
    members = bulk_members(count, prefix=prefix)
    Membership.objects.bulk_create(
        Membership(
            station=station,
            member=member,
            role="lead" if n == 0 else "deputy",
            role_since=at(TODAY),
        )
        for n, member in enumerate(members)
    )
    return Scenario(remind_station_health, at(TODAY, 9, 50), members)


def partner_evaluation_scenario(count: int, prefix: str = "evaluator") -> Scenario:
    # A partner whose one-year term ends in 20 days, not evaluated: every reviewer hears.
    # Each reviewer hears of each partner, so an earlier scenario's are retired first.
    Partnership.objects.update(state=PartnershipState.ENDED)
    User.objects.filter(is_superuser=True).update(is_superuser=False)
    PartnershipFactory(
        active=True,
        signed_on=TODAY + timedelta(days=20) - timedelta(days=365),
        term_ends_on=TODAY + timedelta(days=20),
    )
    members = bulk_members(count, prefix=prefix, is_staff=True, is_superuser=True)
    return Scenario(remind_partner_evaluations, at(TODAY, 10, 5), members)


SCENARIOS = {
    "program-deadlines": program_deadline_scenario,
    "campaign-ends": campaign_end_scenario,
    "certificate-expiry": certificate_expiry_scenario,
    "volunteer-answers": volunteer_answer_scenario,
    "events": event_scenario,
    "event-feedback": event_feedback_scenario,
    "overdue-reviews": overdue_review_scenario,
    "daily-digest": daily_digest_scenario,
    "escalated-reviews": escalated_review_scenario,
    "newly-qualified": newly_qualified_scenario,
    "station-health": station_health_scenario,
    "partner-evaluations": partner_evaluation_scenario,
}
