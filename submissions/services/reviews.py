"""Submitting, following campaigns and reviewing submissions.

Each function is the one way to make its change: it runs in a transaction,
makes the move with ``community_portal.core.workflow.change_state`` against
``enums.SUBMISSION_TABLE`` (a reviewer never decides their own submission),
records it in the submission's review history and writes the notifications in
the same transaction. Refusals raise ``submissions.errors.SubmissionsError`` subclasses,
whose message views and the admin show to the user.

``now`` (optional everywhere) is the moment of the change; it defaults to the
current time and is passed only to replay past decisions (the demo data).
"""

from collections.abc import Callable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.chat.enums import MessageKind
from community_portal.chat.services import chat_post
from community_portal.core.formatting import date_param
from community_portal.core.messages import POINTS_REWARD_RULE, content, stored
from community_portal.core.workflow import change_state, is_reviewer, notify_reviewers
from community_portal.notifications.messages import translatable
from community_portal.notifications.services import notify
from community_portal.webhooks import events as webhook_events
from insight.summaries import contributor_selected
from members.models import User
from submissions import selectors
from submissions.enums import SUBMISSION_TABLE, Actor, Channel, SubmissionState
from submissions.errors import (
    CampaignError,
    SubmissionError,
)
from submissions.links import normalize_url
from submissions.models import (
    Campaign,
    CampaignSubscription,
    RewardRule,
    Submission,
    SubmissionTransition,
)
from submissions.selection import selected as run_selection_hooks
from submissions.services.ledger import points_award

NO_COMMENT = gettext_noop("no comment")


def _msgid(label) -> str:
    """The English message id behind a lazy label, for ``translatable``."""
    with translation.override(None):
        return str(label)


# --- Submitting (the author) ------------------------------------------------------------


@transaction.atomic
def submission_create(
    *,
    campaign: Campaign,
    author: User,
    title: str,
    channel: str,
    url: str,
    summary: str,
    now: datetime | None = None,
) -> Submission:
    """A member submits content to an open campaign; reviewers are told."""
    now = now or timezone.now()
    if not campaign.is_open_on(timezone.localdate(now)):
        raise SubmissionError(
            _("%(campaign)s accepts submissions from %(opens)s to %(closes)s only.")
            % {
                "campaign": campaign.title,
                "opens": date_param(campaign.opens_on),
                "closes": date_param(campaign.closes_on),
            }
        )
    _check_channel(campaign, channel)
    url_key = normalize_url(url)
    _check_url_is_new(campaign, url_key)
    submission = Submission(
        campaign=campaign,
        author=author,
        title=title.strip(),
        channel=channel,
        url=url.strip(),
        url_key=url_key,
        summary=summary.strip(),
        created_at=now,
        submitted_at=now,
    )
    _save_submission(submission, force_insert=True)
    SubmissionTransition.objects.create(
        submission=submission, actor=author, to_state=SubmissionState.SUBMITTED, created_at=now
    )
    _tell_reviewers(
        submission,
        actor=author,
        subject=gettext_noop("New submission to %(campaign)s: %(title)s"),
    )
    return submission


@transaction.atomic
def submission_resubmit(
    *,
    submission: Submission,
    author: User,
    title: str,
    channel: str,
    url: str,
    summary: str,
    now: datetime | None = None,
) -> Submission:
    """The author edits a submission whose changes were requested and sends it back."""
    now = now or timezone.now()
    url_key = normalize_url(url)

    def edited(row: Submission) -> dict:
        _check_channel(row.campaign, channel)
        _check_url_is_new(row.campaign, url_key, exclude=row)
        return {
            "title": title.strip(),
            "channel": channel,
            "url": url.strip(),
            "url_key": url_key,
            "summary": summary.strip(),
            "submitted_at": now,
        }

    try:
        with transaction.atomic():
            submission = _move(
                submission,
                to_state=SubmissionState.SUBMITTED,
                actor=author,
                role=Actor.AUTHOR,
                at=now,
                changes=edited,
            )
    except IntegrityError as error:
        # A concurrent submission took the same URL between the check and the save.
        try:
            _check_url_is_new(submission.campaign, url_key, exclude=submission)
        except SubmissionError as duplicate:
            raise duplicate from error
        raise
    _tell_reviewers(
        submission,
        actor=author,
        subject=gettext_noop("Submission updated for review: %(title)s"),
    )
    return submission


@transaction.atomic
def submission_withdraw(
    *, submission: Submission, author: User, now: datetime | None = None
) -> Submission:
    """The author takes back a submission that is not decided yet; its URL is free again."""
    now = now or timezone.now()
    return _move(
        submission,
        to_state=SubmissionState.WITHDRAWN,
        actor=author,
        role=Actor.AUTHOR,
        at=now,
        changes={"decided_at": now},
    )


# --- Following a campaign (the member) ------------------------------------------------


@transaction.atomic
def campaign_subscribe(
    *, campaign: Campaign, member: User, now: datetime | None = None
) -> CampaignSubscription:
    """Remind ``member`` a week before ``campaign`` ends. Following twice changes nothing."""
    now = now or timezone.now()
    if not campaign.is_published:
        raise CampaignError(_("This campaign is not published."))
    if campaign.closes_on < timezone.localdate(now):
        raise CampaignError(_("%(campaign)s has ended.") % {"campaign": campaign.title})
    subscription, _created = CampaignSubscription.objects.get_or_create(
        campaign=campaign, member=member, defaults={"created_at": now}
    )
    return subscription


@transaction.atomic
def campaign_unsubscribe(*, campaign: Campaign, member: User) -> bool:
    """Stop reminding ``member`` of ``campaign``; False when they did not follow it."""
    deleted, _by_model = CampaignSubscription.objects.filter(
        campaign=campaign, member=member
    ).delete()
    return bool(deleted)


# --- Reviewing ----------------------------------------------------------------------------


@transaction.atomic
def submission_select(
    *,
    submission: Submission,
    reviewer: User,
    comment: str = "",
    amount: int | None = None,
    now: datetime | None = None,
) -> Submission:
    """Select a submission and award its points by the first matching reward rule.

    Selection, rule evaluation and the award happen in this one transaction,
    with the campaign row locked: concurrent selections in one campaign are
    counted one after the other, so "the first N selected" never gives N + 1
    awards. ``amount`` is the reviewer's value for a reviewer-valued rule and
    must lie within its bounds; other rules ignore it. No matching rule: the
    submission is selected without points.
    """
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=submission.campaign_id)
    found = {}

    def selection(row: Submission) -> dict:
        row.campaign = campaign
        rule = selectors.reward_rule_for_selection(submission=row, on=timezone.localdate(now))
        found["rule"], found["points"] = rule, reward_points(rule=rule, amount=amount)
        return {
            "selected_at": now,
            "decided_at": now,
            "reward_rule": rule if found["points"] else None,
        }

    submission = _move(
        submission,
        to_state=SubmissionState.SELECTED,
        actor=reviewer,
        role=Actor.REVIEWER,
        at=now,
        comment=comment,
        changes=selection,
        points=lambda: found["points"] or None,
    )
    # The dashboard's first selections, in this transaction (``insight.summaries``).
    contributor_selected(submission.author_id, submission.selected_at)
    rule, points = found["rule"], found["points"]
    params = {}
    if points:
        points_award(
            member=submission.author,
            amount=points,
            reason=stored(POINTS_REWARD_RULE, rule=content(rule, "name")),
            source=submission,
            awarded_by=reviewer,
            awarded_at=now,
        )
        subject = gettext_noop("“%(title)s” was selected: +%(points)s points")
        body = gettext_noop(
            "Your submission to %(campaign)s was selected and %(points)s points were added "
            "to your account (%(rule)s).\n\nComment from the reviewer: %(comment)s"
        )
        params = {"points": points, "rule": content(rule, "name")}
    else:
        subject = gettext_noop("“%(title)s” was selected")
        body = gettext_noop(
            "Your submission to %(campaign)s was selected. No reward rule of the campaign "
            "applied on the day of the selection, so it earned no points.\n\n"
            "Comment from the reviewer: %(comment)s"
        )
    _tell_author(
        submission, reviewer=reviewer, subject=subject, body=body, comment=comment, **params
    )
    webhook_events.submission_selected(submission, points=points)
    run_selection_hooks(submission=submission, reviewer=reviewer)
    # Celebrated in the reviewers' and the community's channels.
    chat_post(
        kind=MessageKind.SUBMISSION_SELECTED,
        title=gettext_noop("Selected: “%(title)s” by %(author)s"),
        body=gettext_noop("A contribution to %(campaign)s was selected. Thank you, %(author)s!"),
        params={
            "title": submission.title,
            "author": submission.author.public_name,
            "campaign": submission.campaign.title,
        },
        url=submission.campaign.get_absolute_url(),
        key=f"chat.submission.selected:{submission.pk}",
    )
    return submission


@transaction.atomic
def submission_reject(
    *, submission: Submission, reviewer: User, comment: str = "", now: datetime | None = None
) -> Submission:
    """Decide not to select a submission; the author is told, with the comment."""
    now = now or timezone.now()
    submission = _move(
        submission,
        to_state=SubmissionState.REJECTED,
        actor=reviewer,
        role=Actor.REVIEWER,
        at=now,
        comment=comment,
        changes={"decided_at": now},
    )
    _tell_author(
        submission,
        reviewer=reviewer,
        subject=gettext_noop("“%(title)s” was not selected"),
        body=gettext_noop(
            "Your submission to %(campaign)s was not selected this time.\n\n"
            "Comment from the reviewer: %(comment)s"
        ),
        comment=comment,
    )
    return submission


@transaction.atomic
def submission_request_changes(
    *, submission: Submission, reviewer: User, comment: str, now: datetime | None = None
) -> Submission:
    """Ask the author for changes; the comment says which. The author may then edit."""
    now = now or timezone.now()
    if not comment.strip():
        raise SubmissionError(_("Tell the author which changes you need."), field="comment")
    submission = _move(
        submission,
        to_state=SubmissionState.CHANGES_REQUESTED,
        actor=reviewer,
        role=Actor.REVIEWER,
        at=now,
        comment=comment,
    )
    _tell_author(
        submission,
        reviewer=reviewer,
        subject=gettext_noop("Changes requested for “%(title)s”"),
        body=gettext_noop(
            "A reviewer asks for changes to your submission to %(campaign)s before "
            "deciding:\n\n%(comment)s\n\nEdit it and send it back for review."
        ),
        comment=comment,
        url=reverse("submissions:submission_edit", args=[submission.pk]),
    )
    return submission


def reward_points(*, rule: RewardRule | None, amount: int | None) -> int:
    """The points ``rule`` gives; for a reviewer-valued rule, ``amount`` within its bounds."""
    if rule is None:
        return 0
    if not rule.is_reviewer_valued:
        return rule.fixed_points or 0
    if amount is None or not rule.min_points <= amount <= rule.max_points:
        raise SubmissionError(
            _("“%(rule)s” is valued by the reviewer: give from %(min)s to %(max)s points.")
            % {"rule": rule.name, "min": rule.min_points, "max": rule.max_points},
            field="amount",
        )
    return amount


# --- Helpers ------------------------------------------------------------------------------


def _involved(submission: Submission) -> list:
    """Who may not decide on a submission: its author."""
    return [submission.author_id]


def _refused_move(submission: Submission, state: str) -> str:
    return _("“%(title)s” is %(state)s, so this step is not possible.") % {
        "title": submission.title,
        "state": SubmissionState(state).label,
    }


def _may_act(actor: User, submission: Submission, role: str) -> bool:
    if role == Actor.AUTHOR:
        return submission.author_id == actor.pk
    return is_reviewer(actor)


def _check_channel(campaign: Campaign, channel: str) -> None:
    if channel not in campaign.channels:
        raise SubmissionError(
            _("This campaign accepts: %(channels)s.")
            % {"channels": ", ".join(campaign.channel_labels)},
            field="channel",
        )


def _check_url_is_new(
    campaign: Campaign, url_key: str, *, exclude: Submission | None = None
) -> None:
    taken = Submission.objects.filter(campaign=campaign, url_key=url_key).exclude(
        state=SubmissionState.WITHDRAWN
    )
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise _duplicate_url_error()


def _duplicate_url_error() -> SubmissionError:
    return SubmissionError(_("This URL was already submitted to this campaign."), field="url")


def _move(
    submission: Submission,
    *,
    to_state: str,
    actor: User,
    role: str,
    at: datetime,
    comment: str = "",
    changes: dict | Callable[[Submission], dict] | None = None,
    points: Callable[[], int | None] | None = None,
) -> Submission:
    """Lock, check the table and the actor, save the state (and ``changes``), record it."""
    submission, _source = change_state(
        submission,
        table=SUBMISSION_TABLE,
        target=to_state,
        actor=actor,
        role=role,
        error=SubmissionError,
        involved=_involved,
        may_act=lambda person, row: _may_act(person, row, role),
        not_allowed=(
            _("Only the author can change this submission.")
            if role == Actor.AUTHOR
            else _("Only reviewers decide on submissions.")
        ),
        refused_move=_refused_move,
        changes=changes,
        comment=comment,
        history=SubmissionTransition,
        history_fields=lambda row: {"submission": row, "points": points() if points else None},
        queryset=Submission.objects.select_related("campaign", "author"),
        now=at,
    )
    return submission


def _tell_author(
    submission: Submission,
    *,
    reviewer: User,
    subject: str,
    body: str,
    comment: str,
    url: str = "",
    **params,
) -> None:
    notify(
        recipient=submission.author,
        actor=reviewer,
        subject=subject,
        body=body,
        params={
            "title": submission.title,
            "campaign": content(submission.campaign, "title"),
            "comment": comment.strip() or translatable(NO_COMMENT),
            **params,
        },
        url=url or submission.get_absolute_url(),
    )


def _save_submission(submission: Submission, **save_options) -> None:
    """Save; when a concurrent submission took the same URL, refuse with a message."""
    try:
        with transaction.atomic():
            submission.save(**save_options)
    except IntegrityError as error:
        try:
            _check_url_is_new(submission.campaign, submission.url_key, exclude=submission)
        except SubmissionError as duplicate:
            raise duplicate from error
        raise


def _tell_reviewers(submission: Submission, *, actor: User, subject: str) -> None:
    notify_reviewers(
        actor=actor,
        subject=subject,
        body=gettext_noop("%(author)s submitted “%(title)s” (%(channel)s) to %(campaign)s."),
        params={
            "author": actor.public_name,
            "title": submission.title,
            "campaign": content(submission.campaign, "title"),
            "channel": translatable(_msgid(Channel(submission.channel).label)),
        },
        url=reverse("admin:submissions_submission_change", args=[submission.pk]),
    )
