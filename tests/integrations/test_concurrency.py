"""The same delivery, or the same pull request, arriving at once: processed once."""

import pytest

from community_portal.notifications.models import Notification
from integrations.models import GitHubSource, SubmissionDraft, WebhookDelivery
from integrations.payloads import pull_request_event
from integrations.services import ALREADY_PROCESSED, github_receive
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory
from tests.integrations.conftest import merged_pull_request
from tests.parallel import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def source(db):
    return GitHubSource.objects.create(
        campaign=CampaignFactory(), repository="oceanbase/oceanbase-doc", label="co-construction"
    )


def test_copies_of_one_delivery_at_once_are_processed_once(source):
    member = MemberFactory(github_handle="octocat")
    event = pull_request_event(merged_pull_request(labels=["co-construction"]))

    results = run_at_once(
        [
            lambda: github_receive(delivery_id="same", event="pull_request", pull_request=event)
            for _ in range(4)
        ]
    )

    assert sorted(results, key=str) == sorted(
        [ALREADY_PROCESSED] * 3 + ["merged: 0 submission(s) marked, 1 draft(s)"], key=str
    )
    assert WebhookDelivery.objects.count() == 1
    assert SubmissionDraft.objects.count() == 1
    assert Notification.objects.filter(recipient=member).count() == 1


def test_deliveries_of_one_pull_request_at_once_make_one_draft(source):
    member = MemberFactory(github_handle="octocat")
    event = pull_request_event(merged_pull_request(labels=["co-construction"]))

    results = run_at_once(
        [
            lambda number=number: github_receive(
                delivery_id=f"d-{number}", event="pull_request", pull_request=event
            )
            for number in range(4)
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert WebhookDelivery.objects.count() == 4
    assert SubmissionDraft.objects.count() == 1
    assert Notification.objects.filter(recipient=member).count() == 1
