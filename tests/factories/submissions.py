from datetime import timedelta

import factory
from django.utils import timezone

from insight.summaries import contributor_selected
from submissions.enums import Channel, RewardRuleKind, SubmissionState
from submissions.links import normalize_url
from submissions.models import Campaign, RewardRule, Submission
from tests.factories.members import MemberFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    """A published campaign open today, accepting every channel, without rules."""

    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    summary = "Write for the tutorial."
    description = "Share what you **really** use."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    channels = factory.LazyFunction(lambda: list(Channel.values))
    is_published = True


class RewardRuleFactory(factory.django.DjangoModelFactory):
    """By default "the first 5 selected get 1000"."""

    class Meta:
        model = RewardRule

    campaign = factory.SubFactory(CampaignFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Rule {n}")
    kind = RewardRuleKind.FIRST_SELECTED
    limit = 5
    points = 1000


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submission waiting for review; ``selected=True`` makes it selected."""

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    author = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"Tuning story {n}")
    channel = Channel.BLOG_POST
    url = factory.Sequence(lambda n: f"https://blog.example.org/posts/{n}")
    url_key = factory.LazyAttribute(lambda submission: normalize_url(submission.url))
    summary = "What I learned running it in production."
    state = SubmissionState.SUBMITTED

    class Params:
        selected = factory.Trait(
            state=SubmissionState.SELECTED,
            selected_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def contributor_summary(submission, create, extracted, **kwargs):
        """A selected submission counts in the dashboard's summary, as the service does."""
        if create and submission.state == SubmissionState.SELECTED and submission.selected_at:
            contributor_selected(submission.author_id, submission.selected_at)
