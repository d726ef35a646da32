"""Demo data: the forum and repository the demo campaigns take, and a forum topic
found for the demo member, waiting for them to confirm it."""

from integrations.models import ForumSource, GitHubSource
from integrations.payloads import TopicEvent
from integrations.services import discourse_create_drafts
from members.models import User
from submissions.demo import OPEN_SLUG, SEED_SLUG
from submissions.links import normalize_url
from submissions.models import Campaign

DEMO_FORUM = "https://ask.oceanbase.example"


def seed():
    campaigns = {c.slug: c for c in Campaign.objects.filter(slug__in=[SEED_SLUG, OPEN_SLUG])}
    if OPEN_SLUG not in campaigns or ForumSource.objects.exists():
        return []
    if SEED_SLUG in campaigns:
        # Seed 004's third way in: pull requests to the tutorial's repository.
        GitHubSource.objects.create(
            campaign=campaigns[SEED_SLUG], repository="oceanbase/oceanbase-doc", label="共建"
        )
    ForumSource.objects.create(
        campaign=campaigns[OPEN_SLUG],
        forum_url=DEMO_FORUM,
        forum_key=normalize_url(DEMO_FORUM),
        category_id=12,
    )
    member = User.objects.filter(username="member").first()
    if member is not None:
        User.objects.filter(pk=member.pk).update(forum_username="member-ob")
        member.forum_username = "member-ob"
        discourse_create_drafts(
            TopicEvent(
                topic_id=35617500,
                title="Our nightly backup routine",
                slug="our-nightly-backup-routine",
                category_id=12,
                author="member-ob",
                archetype="regular",
            ),
            forum_url=DEMO_FORUM,
        )
    return []
