"""What the webhooks change, and the member's answer to a draft.

``github_receive`` and ``discourse_receive`` take a delivery whose signature the
view checked. Each runs in one transaction that first stores the delivery id
(unique per provider): a replayed or redelivered id finds it taken and changes
nothing, and a delivery whose processing fails leaves no id behind, so the
provider's redelivery is processed. Two copies arriving at once are processed
once: the second waits on the unique index and then finds the id taken.

Drafts are created for open campaigns that accept the channel, once per campaign
and URL (a database constraint), and never when the URL was already submitted to
that campaign. Only the member confirms a draft; confirming submits it through
``submissions.services.submission_create``, so it is reviewed (and rewarded) like
any other submission.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.notifications.messages import translatable
from community_portal.notifications.services import notify
from integrations.enums import DraftState, Provider
from integrations.errors import IntegrationsError
from integrations.models import (
    ForumSource,
    GitHubSource,
    PullRequestMerge,
    SubmissionDraft,
    WebhookDelivery,
)
from integrations.payloads import PullRequestEvent, TopicEvent
from members.models import User
from members.services.accounts import same_github_handle
from submissions.enums import Channel, SubmissionState
from submissions.links import normalize_url
from submissions.models import Campaign, Submission
from submissions.services import submission_create

logger = logging.getLogger(__name__)

ALREADY_PROCESSED = "already processed"


def _first_time(provider: str, delivery_id: str, event: str) -> WebhookDelivery | None:
    try:
        with transaction.atomic():
            return WebhookDelivery.objects.create(
                provider=provider, delivery_id=delivery_id, event=event
            )
    except IntegrityError:
        return None


def _finish(delivery: WebhookDelivery, outcome: str) -> str:
    delivery.outcome = outcome[:200]
    delivery.save(update_fields=["outcome"])
    logger.info(
        "%s webhook %s (%s): %s", delivery.provider, delivery.delivery_id, delivery.event, outcome
    )
    return outcome


# --- GitHub --------------------------------------------------------------------------


@transaction.atomic
def github_receive(*, delivery_id: str, event: str, pull_request: PullRequestEvent | None) -> str:
    """Process one signed GitHub delivery; returns what it did, in a few words."""
    delivery = _first_time(Provider.GITHUB, delivery_id, event)
    if delivery is None:
        return ALREADY_PROCESSED
    if event == "ping":
        return _finish(delivery, "pong")
    if event != "pull_request" or pull_request is None or not pull_request.is_merge:
        return _finish(delivery, "ignored")
    marked = github_mark_merged(pull_request)
    drafts = github_create_drafts(pull_request)
    return _finish(delivery, f"merged: {marked} submission(s) marked, {drafts} draft(s)")


def github_mark_merged(pull_request: PullRequestEvent) -> int:
    """Mark every submission of the pull request's URL as merged on GitHub, flagged
    when its author is not the submitter's GitHub handle."""
    submissions = (
        Submission.objects.filter(url_key=normalize_url(pull_request.url))
        .exclude(state=SubmissionState.WITHDRAWN)
        .select_related("author")
    )
    count = 0
    for submission in submissions:
        _record_merge(
            submission,
            repository=pull_request.repository,
            pr_author=pull_request.author,
            merged_at=pull_request.merged_at or timezone.now(),
        )
        count += 1
    return count


def _record_merge(submission: Submission, *, repository: str, pr_author: str, merged_at) -> None:
    author = submission.author
    PullRequestMerge.objects.update_or_create(
        submission=submission,
        defaults={
            "repository": repository,
            "pr_author": pr_author,
            "merged_at": merged_at,
            "author_mismatch": not same_github_handle(pr_author, author.github_handle),
            "handle_verified": bool(author.github_handle) and author.github_handle_verified,
            "recorded_at": timezone.now(),
        },
    )


def github_create_drafts(pull_request: PullRequestEvent) -> int:
    """A draft for the author in each open campaign taking this repository and label."""
    labels = {label.casefold() for label in pull_request.labels}
    sources = [
        source
        for source in GitHubSource.objects.filter(
            repository__iexact=pull_request.repository
        ).select_related("campaign")
        if source.label.casefold() in labels
    ]
    if not sources:
        return 0
    member = member_for_github_login(pull_request.author)
    if member is None:
        return 0
    campaigns = {source.campaign_id: source.campaign for source in sources}
    return sum(
        _create_draft(
            campaign=campaign,
            member=member,
            provider=Provider.GITHUB,
            channel=Channel.PULL_REQUEST,
            title=pull_request.title,
            url=pull_request.url,
            summary=pull_request.body,
            external_author=pull_request.author,
            repository=pull_request.repository,
            handle_verified=member.github_handle_verified,
            merged_at=pull_request.merged_at or timezone.now(),
        )
        for campaign in campaigns.values()
    )


def member_for_github_login(login: str) -> User | None:
    """The active member with this GitHub handle: the one GitHub verified, else the only
    one who typed it (two members typing the same handle: nobody)."""
    candidates = list(
        User.objects.filter(is_active=True, github_handle__iexact=login).order_by(
            "-github_handle_verified", "pk"
        )[:2]
    )
    if not candidates:
        return None
    if candidates[0].github_handle_verified or len(candidates) == 1:
        return candidates[0]
    return None


# --- Discourse -----------------------------------------------------------------------


@transaction.atomic
def discourse_receive(
    *, delivery_id: str, event: str, forum_url: str, topic: TopicEvent | None
) -> str:
    """Process one signed Discourse delivery; returns what it did, in a few words."""
    delivery = _first_time(Provider.DISCOURSE, delivery_id, event)
    if delivery is None:
        return ALREADY_PROCESSED
    if event == "ping":
        return _finish(delivery, "pong")
    if event != "topic_created" or topic is None:
        return _finish(delivery, "ignored")
    if topic.archetype != "regular" or topic.category_id is None:
        # A private message has no category and is nobody's submission.
        return _finish(delivery, "ignored: not a public topic")
    drafts = discourse_create_drafts(topic, forum_url=forum_url)
    return _finish(delivery, f"topic: {drafts} draft(s)")


def discourse_create_drafts(topic: TopicEvent, *, forum_url: str) -> int:
    sources = ForumSource.objects.filter(
        forum_key=normalize_url(forum_url), category_id=topic.category_id
    ).select_related("campaign")
    campaigns = {source.campaign_id: source for source in sources}
    if not campaigns:
        return 0
    member = User.objects.filter(is_active=True, forum_username__iexact=topic.author).first()
    if member is None:
        return 0
    return sum(
        _create_draft(
            campaign=source.campaign,
            member=member,
            provider=Provider.DISCOURSE,
            channel=Channel.FORUM_POST,
            title=topic.title,
            url=topic.url(source.forum_url),
            summary="",
            external_author=topic.author,
            handle_verified=False,
        )
        for source in campaigns.values()
    )


# --- Drafts --------------------------------------------------------------------------


def _create_draft(*, campaign: Campaign, member: User, url: str, **fields) -> int:
    """1 if a draft was created (and the member told), 0 if there was nothing to do."""
    if not campaign.is_open or fields["channel"] not in campaign.channels:
        return 0
    url_key = normalize_url(url)
    already_submitted = (
        Submission.objects.filter(campaign=campaign, url_key=url_key)
        .exclude(state=SubmissionState.WITHDRAWN)
        .exists()
    )
    if (
        already_submitted
        or SubmissionDraft.objects.filter(campaign=campaign, url_key=url_key).exists()
    ):
        return 0
    try:
        with transaction.atomic():
            draft = SubmissionDraft.objects.create(
                campaign=campaign, member=member, url=url, url_key=url_key, **fields
            )
    except IntegrityError:  # created by a concurrent delivery of another event
        return 0
    notify(
        recipient=member,
        key=f"integrations.draft:{draft.pk}",
        subject=gettext_noop("Confirm your submission to %(campaign)s"),
        body=gettext_noop(
            "We found “%(title)s” (%(channel)s). It counts for %(campaign)s once you "
            "confirm it; or discard it."
        ),
        params={
            "title": draft.title,
            "campaign": campaign.title,
            "channel": translatable(_channel_msgid(draft.channel)),
        },
        url=draft.get_absolute_url(),
    )
    return 1


def _channel_msgid(channel: str) -> str:
    with translation.override(None):
        return str(Channel(channel).label)


def _locked_pending_draft(draft: SubmissionDraft, member: User) -> SubmissionDraft:
    draft = SubmissionDraft.objects.select_for_update().select_related("campaign").get(pk=draft.pk)
    if draft.member_id != member.pk:
        raise IntegrationsError(_("Only the member it was found for can answer this draft."))
    if draft.state != DraftState.PENDING:
        raise IntegrationsError(_("This draft was already confirmed or discarded."))
    return draft


@transaction.atomic
def draft_confirm(*, draft: SubmissionDraft, member: User, title: str, summary: str) -> Submission:
    """The member confirms: the draft becomes a submission waiting for review."""
    draft = _locked_pending_draft(draft, member)
    submission = submission_create(
        campaign=draft.campaign,
        author=member,
        title=title,
        channel=draft.channel,
        url=draft.url,
        summary=summary,
    )
    if draft.provider == Provider.GITHUB and draft.merged_at is not None:
        _record_merge(
            submission,
            repository=draft.repository,
            pr_author=draft.external_author,
            merged_at=draft.merged_at,
        )
    draft.state = DraftState.CONFIRMED
    draft.submission = submission
    draft.decided_at = timezone.now()
    draft.save(update_fields=["state", "submission", "decided_at"])
    return submission


@transaction.atomic
def draft_discard(*, draft: SubmissionDraft, member: User) -> SubmissionDraft:
    """The member says it is not a submission: it stays discarded (the same URL
    makes no new draft), and they may still submit it by hand."""
    draft = _locked_pending_draft(draft, member)
    draft.state = DraftState.DISCARDED
    draft.decided_at = timezone.now()
    draft.save(update_fields=["state", "decided_at"])
    return draft
