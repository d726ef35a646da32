"""The forum's (Discourse) webhook: the signature, replays and drafts of new topics."""

import pytest

from community_portal.notifications.models import Notification
from integrations.enums import DraftState, Provider
from integrations.models import ForumSource, SubmissionDraft, WebhookDelivery
from submissions.enums import Channel
from submissions.models import Submission
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.integrations.conftest import FORUM, created_topic, post_discourse

pytestmark = pytest.mark.django_db

TOPIC_URL = f"{FORUM}/t/topic/35617370"


@pytest.fixture
def source(campaign):
    return ForumSource.objects.create(
        campaign=campaign, forum_url=FORUM, forum_key=FORUM, category_id=12
    )


@pytest.fixture
def author(db):
    return MemberFactory(forum_username="Zlatan")


def test_bad_signature_is_refused_without_detail(client, source, author):
    response = post_discourse(client, created_topic(), secret="wrong-secret-0123456789")

    assert response.status_code == 403
    assert response.content == b""
    assert SubmissionDraft.objects.count() == 0


def test_missing_signature_is_refused(client, source, author):
    response = post_discourse(client, created_topic(), signature=False)

    assert response.status_code == 403


def test_signature_without_its_prefix_is_refused(client, source, author):
    from integrations.signatures import sign
    from tests.integrations.conftest import DISCOURSE_SECRET, body_of

    bare = sign(body_of(created_topic()), DISCOURSE_SECRET).removeprefix("sha256=")

    assert post_discourse(client, created_topic(), signature=bare).status_code == 403


def test_ping_is_answered(client):
    response = post_discourse(client, {"ping": "OK"}, event="ping")

    assert response.json() == {"result": "pong"}


def test_new_topic_in_the_category_makes_a_forum_draft(client, source, author):
    response = post_discourse(client, created_topic(username="zlatan"))

    assert response.status_code == 200
    draft = SubmissionDraft.objects.get()
    assert draft.member == author
    assert draft.channel == Channel.FORUM_POST
    assert draft.url == TOPIC_URL
    assert draft.title == "Sizing the log disk of OceanBase 4.x"
    assert draft.state == DraftState.PENDING
    assert Submission.objects.count() == 0
    assert Notification.objects.filter(recipient=author, url=draft.get_absolute_url()).exists()


def test_topic_in_another_category_makes_no_draft(client, source, author):
    post_discourse(client, created_topic(category_id=13))

    assert SubmissionDraft.objects.count() == 0


def test_topic_on_another_forum_makes_no_draft(client, source, author):
    post_discourse(client, created_topic(), instance="https://forum.example.org")

    assert SubmissionDraft.objects.count() == 0


def test_topic_by_someone_without_the_forum_name_on_a_profile_makes_no_draft(client, source):
    MemberFactory(forum_username="")

    post_discourse(client, created_topic(username="zlatan"))

    assert SubmissionDraft.objects.count() == 0


def test_private_message_is_ignored(client, source, author):
    response = post_discourse(client, created_topic(archetype="private_message", category_id=None))

    assert response.json() == {"result": "ignored: not a public topic"}
    assert SubmissionDraft.objects.count() == 0


def test_other_topic_events_are_ignored(client, source, author):
    response = post_discourse(client, created_topic(), event="topic_edited")

    assert response.json() == {"result": "ignored"}
    assert SubmissionDraft.objects.count() == 0


def test_replayed_event_id_changes_nothing(client, source, author):
    post_discourse(client, created_topic(), delivery="77")
    SubmissionDraft.objects.all().delete()

    response = post_discourse(client, created_topic(), delivery="77")

    assert response.json() == {"result": "already processed"}
    assert SubmissionDraft.objects.count() == 0
    assert WebhookDelivery.objects.filter(provider=Provider.DISCOURSE).count() == 1


def test_same_topic_delivered_twice_makes_one_draft(client, source, author):
    post_discourse(client, created_topic())
    post_discourse(client, created_topic())

    assert SubmissionDraft.objects.count() == 1
    assert Notification.objects.filter(recipient=author).count() == 1


def test_topic_already_submitted_makes_no_draft(client, source, author):
    SubmissionFactory(campaign=source.campaign, author=author, url=TOPIC_URL + "/")

    post_discourse(client, created_topic())

    assert SubmissionDraft.objects.count() == 0


def test_campaign_not_taking_forum_posts_gets_no_draft(client, author):
    campaign = CampaignFactory(channels=[Channel.PULL_REQUEST])
    ForumSource.objects.create(campaign=campaign, forum_url=FORUM, forum_key=FORUM, category_id=12)

    post_discourse(client, created_topic())

    assert SubmissionDraft.objects.count() == 0


def test_topic_created_needs_the_instance_header(client, source, author):
    response = post_discourse(client, created_topic(), instance="")

    assert response.status_code == 400
    assert SubmissionDraft.objects.count() == 0


def test_draft_notification_reads_in_the_members_language(client, source):
    from django.utils import translation

    member = MemberFactory(forum_username="zlatan", preferred_language="zh-hans")
    post_discourse(client, created_topic())

    notification = Notification.objects.get(recipient=member)
    with translation.override("zh-hans"):
        subject, body = notification.subject_text, notification.body_text

    assert subject == f"请确认你向 {source.campaign.title} 的投稿"
    assert "论坛帖子" in body
