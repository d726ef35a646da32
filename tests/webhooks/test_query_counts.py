"""The change services cost a constant number of queries more with webhooks, not one
more per endpoint: the message and its deliveries are written in bulk (one query to
find the endpoints when none subscribes, three when some do)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community_portal.webhooks.models import Endpoint
from members.services.certifications import certificate_renew, certificate_revoke
from members.services.tiers import member_change_tier
from programs import services as programs
from stations import services as stations
from submissions import services as submissions
from submissions.models import PointEntry
from tests.factories.members import CertificateFactory, MemberFactory, ReviewerFactory, TierFactory
from tests.factories.programs import ApplicationFactory
from tests.factories.stations import FoundingRequestFactory, StationFactory
from tests.factories.submissions import RewardRuleFactory, SubmissionFactory
from tests.factories.webhooks import EndpointFactory

pytestmark = pytest.mark.django_db


def approve_application(reviewer):
    application = ApplicationFactory(in_review=True)
    return lambda: programs.application_approve(application=application, actor=reviewer)


def select_submission(reviewer):
    submission = SubmissionFactory(campaign=RewardRuleFactory().campaign)
    return lambda: submissions.submission_select(submission=submission, reviewer=reviewer)


def reverse_points(reviewer):
    submission = SubmissionFactory(campaign=RewardRuleFactory().campaign)
    submissions.submission_select(submission=submission, reviewer=reviewer)
    entry = PointEntry.objects.get(source_id=submission.pk)
    return lambda: submissions.points_reverse(entry=entry, reason="Oops", reversed_by=reviewer)


def found_station(reviewer):
    founding = FoundingRequestFactory()
    return lambda: stations.founding_request_approve(founding_request=founding, reviewer=reviewer)


def plan_change_and_cancel_event(reviewer):
    lead = MemberFactory()
    station = StationFactory(lead=lead)
    starts = timezone.now() + timedelta(days=3)
    fields = {"kind": "meetup", "ends_at": starts + timedelta(hours=2), "capacity": 9}

    def act():
        event = stations.event_create(
            station=station, actor=lead, title="A", starts_at=starts, venue="Hall", **fields
        )
        stations.event_update(
            event=event, actor=lead, title="B", starts_at=starts, venue="Hall 2", **fields
        )
        stations.event_cancel(event=event, actor=lead, reason="Rain")

    return act


def renew_and_revoke_certificate(reviewer):
    certificate = CertificateFactory(issued_on=timezone.localdate() - timedelta(days=700))

    def act():
        certificate_renew(certificate=certificate, renewed_by=reviewer)
        certificate_revoke(certificate=certificate, revoked_by=reviewer, reason="Fraud")

    return act


def change_tier(reviewer):
    member, tier = MemberFactory(), TierFactory(level="contributor")
    return lambda: member_change_tier(
        member=member, to_tier=tier, decided_by=reviewer, reason="Ten articles"
    )


# Each change, and the number of events it announces.
CHANGES = {
    "application approved": (approve_application, 1),
    "submission selected, points awarded": (select_submission, 2),
    "points reversed": (reverse_points, 1),
    "station founded": (found_station, 1),
    "event created, changed, cancelled": (plan_change_and_cancel_event, 3),
    "certificate renewed, revoked": (renew_and_revoke_certificate, 1 + 1),
    "tier changed": (change_tier, 1),
}


def queries_of(arrange, *, endpoints: int) -> int:
    Endpoint.objects.all().delete()
    EndpointFactory.create_batch(endpoints, url="http://127.0.0.1:9/")
    act = arrange(ReviewerFactory())
    ContentType.objects.clear_cache()  # each run looks the submission's type up once
    with CaptureQueriesContext(connection) as queries:
        act()
    return len(queries)


@pytest.mark.parametrize("name", list(CHANGES))
def test_five_endpoints_cost_what_one_costs(name):
    arrange, events = CHANGES[name]

    none, one, five = (queries_of(arrange, endpoints=count) for count in (0, 1, 5))

    assert one == five
    assert one - none == 2 * events  # the message and its deliveries, per event
