"""Every event type, caused by the service that owns it: what the webhook tests fire."""

from datetime import timedelta

from django.utils import timezone

from community_portal.webhooks.enums import EventType
from members.services.certifications import (
    certificate_renew,
    certificate_revoke,
    certification_application_confirm_eligibility,
    certification_application_evaluate_project,
    certification_application_issue,
    certification_application_record_test_score,
)
from members.services.tiers import member_change_tier
from programs import services as programs
from stations import services as stations
from submissions import services as submissions
from submissions.models import PointEntry
from tests.factories.members import (
    CertificateFactory,
    CertificationApplicationFactory,
    MemberFactory,
    ReviewerFactory,
    TierFactory,
)
from tests.factories.programs import ApplicationFactory
from tests.factories.stations import FoundingRequestFactory, StationFactory
from tests.factories.submissions import RewardRuleFactory, SubmissionFactory


def approve_application(reviewer):
    programs.application_approve(application=ApplicationFactory(in_review=True), actor=reviewer)


def select_and_correct_submission(reviewer):
    """Selected with points, then the points corrected: submission.selected, points.awarded
    and points.reversed."""
    rule = RewardRuleFactory()
    submission = SubmissionFactory(campaign=rule.campaign)
    submissions.submission_select(submission=submission, reviewer=reviewer)
    submissions.points_reverse(
        entry=PointEntry.objects.get(source_id=submission.pk, reverses__isnull=True),
        reason="Duplicate",
        reversed_by=reviewer,
    )


def found_station(reviewer):
    stations.founding_request_approve(
        founding_request=FoundingRequestFactory(), reviewer=reviewer, comment="Welcome"
    )


def plan_change_and_cancel_event():
    lead = MemberFactory()
    station = StationFactory(lead=lead)
    starts = timezone.now() + timedelta(days=10)
    event = stations.event_create(
        station=station,
        actor=lead,
        title="Meetup",
        kind="meetup",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=20,
        venue="Library",
    )
    stations.event_update(
        event=event,
        actor=lead,
        title="Meetup, room 2",
        kind="meetup",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=20,
        venue="Library, room 2",
    )
    stations.event_cancel(event=event, actor=lead, reason="The room is closed.")
    return event


def issue_certificate(reviewer):
    application = CertificationApplicationFactory()
    certification_application_confirm_eligibility(application=application, reviewer=reviewer)
    certification_application_record_test_score(
        application=application, reviewer=reviewer, score=90
    )
    certification_application_evaluate_project(
        application=application, reviewer=reviewer, comment="A good demo"
    )
    return certification_application_issue(application=application, reviewer=reviewer)


def renew_and_revoke_certificate(reviewer):
    certificate = CertificateFactory(issued_on=timezone.localdate() - timedelta(days=700))
    certificate_renew(certificate=certificate, renewed_by=reviewer)
    certificate_revoke(certificate=certificate, revoked_by=reviewer, reason="Shared the exam")


def change_tier(reviewer):
    member_change_tier(
        member=MemberFactory(),
        to_tier=TierFactory(level="contributor"),
        decided_by=reviewer,
        reason="Ten selected articles",
    )


def fire_every_event() -> None:
    """One of each event type (points.awarded comes with the selection)."""
    reviewer = ReviewerFactory()
    approve_application(reviewer)
    select_and_correct_submission(reviewer)
    found_station(reviewer)
    plan_change_and_cancel_event()
    issue_certificate(reviewer)
    renew_and_revoke_certificate(reviewer)
    change_tier(reviewer)


EVERY_TYPE = sorted(EventType.values)
