"""Every write of the submissions app, among them the points ledger's public
interface: ``points_award`` and ``points_reverse``.

Each function is the one way to make its change: it runs in a transaction,
checks the move against ``enums.SUBMISSION_TRANSITIONS``, records it in the
submission's review history and writes the notifications in the same
transaction. Refusals raise ``submissions.errors.SubmissionsError`` subclasses,
whose message views and the admin show to the user.

``now`` (optional everywhere) is the moment of the change; it defaults to the
current time and is passed only to replay past decisions (the demo data).
"""

from collections.abc import Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.notifications.messages import translatable
from community_portal.notifications.services import notify, notify_many
from members.models import User
from submissions import points_summary, selectors
from submissions.enums import Actor, Channel, SubmissionState, transition_allowed
from submissions.errors import (
    AlreadyReversedError,
    CampaignError,
    DuplicateAwardError,
    LedgerError,
    SubmissionError,
)
from submissions.links import normalize_url
from submissions.models import (
    Campaign,
    CampaignSubscription,
    PointEntry,
    RewardRule,
    Submission,
    SubmissionTransition,
)

REVIEW_PERMISSION = "submissions.review_submission"

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
                "opens": date_format(campaign.opens_on),
                "closes": date_format(campaign.closes_on),
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
    _record(submission, actor=author, from_state="", to_state=SubmissionState.SUBMITTED, at=now)
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
    submission = _lock(submission)
    _check_author(submission, author)
    _check_move(submission, SubmissionState.SUBMITTED, Actor.AUTHOR)
    _check_channel(submission.campaign, channel)
    url_key = normalize_url(url)
    _check_url_is_new(submission.campaign, url_key, exclude=submission)
    submission.title = title.strip()
    submission.channel = channel
    submission.url = url.strip()
    submission.url_key = url_key
    submission.summary = summary.strip()
    submission.submitted_at = now
    _move(
        submission,
        to_state=SubmissionState.SUBMITTED,
        actor=author,
        role=Actor.AUTHOR,
        at=now,
        fields=["title", "channel", "url", "url_key", "summary", "submitted_at"],
    )
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
    submission = _lock(submission)
    _check_author(submission, author)
    submission.decided_at = now
    return _move(
        submission,
        to_state=SubmissionState.WITHDRAWN,
        actor=author,
        role=Actor.AUTHOR,
        at=now,
        fields=["decided_at"],
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
    _check_reviewer(reviewer)
    campaign = Campaign.objects.select_for_update().get(pk=submission.campaign_id)
    submission = _lock(submission)
    submission.campaign = campaign
    _check_move(submission, SubmissionState.SELECTED, Actor.REVIEWER)
    rule = selectors.reward_rule_for_selection(submission=submission, on=timezone.localdate(now))
    points = reward_points(rule=rule, amount=amount)
    submission.selected_at = submission.decided_at = now
    submission.reward_rule = rule if points else None
    _move(
        submission,
        to_state=SubmissionState.SELECTED,
        actor=reviewer,
        role=Actor.REVIEWER,
        at=now,
        comment=comment,
        points=points or None,
        fields=["selected_at", "decided_at", "reward_rule"],
    )
    params = {}
    if points:
        points_award(
            member=submission.author,
            amount=points,
            reason=rule.name,
            source=submission,
            awarded_by=reviewer,
            awarded_at=now,
        )
        subject = gettext_noop("“%(title)s” was selected: +%(points)s points")
        body = gettext_noop(
            "Your submission to %(campaign)s was selected and %(points)s points were added "
            "to your account (%(rule)s).\n\nComment from the reviewer: %(comment)s"
        )
        params = {"points": points, "rule": rule.name}
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
    return submission


@transaction.atomic
def submission_reject(
    *, submission: Submission, reviewer: User, comment: str = "", now: datetime | None = None
) -> Submission:
    """Decide not to select a submission; the author is told, with the comment."""
    now = now or timezone.now()
    _check_reviewer(reviewer)
    submission = _lock(submission)
    submission.decided_at = now
    _move(
        submission,
        to_state=SubmissionState.REJECTED,
        actor=reviewer,
        role=Actor.REVIEWER,
        at=now,
        comment=comment,
        fields=["decided_at"],
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
    _check_reviewer(reviewer)
    submission = _lock(submission)
    _move(
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


# --- The points ledger --------------------------------------------------------------------


@transaction.atomic
def points_award(
    *,
    member: User,
    amount: int,
    reason: str,
    source,
    awarded_by: User | None = None,
    awarded_at: datetime | None = None,
) -> PointEntry:
    """Add ``amount`` points for ``member`` to the ledger, coming from ``source``.

    ``source`` is the saved model instance (any model with an integer primary key)
    the points are for: a selected submission, an attended event... A source has
    at most one live award: while it has one, another raises
    ``DuplicateAwardError``, even from a concurrent transaction (the database
    decides). Once that award was reversed, the source can be awarded again
    (the new entry names the correction it follows). ``amount`` is non-zero
    (negative for a deduction such as a redemption); ``reason`` is shown in the
    member's history. The leaderboards' totals change in the same transaction
    (the caller's, when there is one); the caller tells the member if it should.
    """
    reason = (reason or "").strip()
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
        raise LedgerError(_("An award needs a whole, non-zero number of points."), field="amount")
    if not reason:
        raise LedgerError(_("An award needs a reason."), field="reason")
    if source is None or source.pk is None:
        raise LedgerError(_("Points are awarded for something that was saved."))
    source_type = ContentType.objects.get_for_model(source)
    entry = PointEntry(
        member=member,
        amount=amount,
        reason=reason[:300],
        source_type=source_type,
        source_id=source.pk,
        after_reversal=_correction_to_follow(source_type, source.pk),
        awarded_by=awarded_by,
        created_at=awarded_at or timezone.now(),
    )
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError as error:
        if PointEntry.objects.filter(
            source_type=source_type,
            source_id=source.pk,
            reverses__isnull=True,
            reversal__isnull=True,
        ).exists():
            raise DuplicateAwardError(_("This was awarded points already.")) from error
        raise
    points_summary.summary_add_award(entry)
    return entry


def _correction_to_follow(source_type: ContentType, source_id: int) -> PointEntry | None:
    """The correction of the source's latest award, which a new award follows; None
    for a first award. While the latest award is live, the source is awarded already.

    Two concurrent awards that both follow the same correction (or are both first)
    collide on a unique key: one is saved, the other refused.
    """
    latest = (
        PointEntry.objects.filter(
            source_type=source_type, source_id=source_id, reverses__isnull=True
        )
        .select_related("reversal")
        .order_by("-id")
        .first()
    )
    if latest is None:
        return None
    try:
        return latest.reversal
    except PointEntry.reversal.RelatedObjectDoesNotExist:
        raise DuplicateAwardError(_("This was awarded points already.")) from None


@transaction.atomic
def points_reverse(
    *,
    entry: PointEntry,
    reason: str,
    reversed_by: User,
    reversed_at: datetime | None = None,
) -> PointEntry:
    """Correct ``entry`` with a new entry of the opposite amount, and tell the member.

    The original stays as it was and no longer counts on the leaderboards (their
    totals change in this transaction). An entry is reversed at most once (also
    a database constraint: ``AlreadyReversedError``), and a correction is never
    itself reversed (``LedgerError``): award the source again instead, with
    ``points_award``. The admin's "correct" action calls this.
    """
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError(_("Say why the points are corrected."), field="reason")
    entry = (
        PointEntry.objects.select_for_update(of=("self",)).select_related("member").get(pk=entry.pk)
    )
    if entry.is_reversal:
        raise LedgerError(_("This entry is itself a correction and cannot be reversed."))
    if PointEntry.objects.filter(reverses=entry).exists():
        raise AlreadyReversedError(_("This entry was corrected already."))
    reversal = PointEntry(
        member=entry.member,
        amount=-entry.amount,
        reason=reason[:300],
        source_type_id=entry.source_type_id,
        source_id=entry.source_id,
        reverses=entry,
        awarded_by=reversed_by,
        created_at=reversed_at or timezone.now(),
    )
    try:
        with transaction.atomic():
            reversal.save(force_insert=True)
    except IntegrityError as error:
        raise AlreadyReversedError(_("This entry was corrected already.")) from error
    points_summary.summary_remove_award(entry)
    notify(
        recipient=entry.member,
        actor=reversed_by,
        subject=gettext_noop("A correction of %(amount)s points on your account"),
        body=gettext_noop(
            "An entry of your points history (%(original)s) was corrected: %(reason)s"
        ),
        params={
            "amount": f"{reversal.amount:+d}",
            "original": entry.reason,
            "reason": reversal.reason,
        },
        url=reverse("submissions:points"),
    )
    return reversal


# --- Helpers ------------------------------------------------------------------------------


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("campaign", "author")
        .get(pk=submission.pk)
    )


def _check_author(submission: Submission, author: User) -> None:
    if submission.author_id != author.pk:
        raise SubmissionError(_("Only the author can change this submission."))


def _check_reviewer(reviewer: User) -> None:
    if not (reviewer.is_active and reviewer.has_perm(REVIEW_PERMISSION)):
        raise SubmissionError(_("Only reviewers decide on submissions."))


def _check_move(submission: Submission, to_state: str, actor: str) -> None:
    if not transition_allowed(from_state=submission.state, to_state=to_state, actor=actor):
        raise SubmissionError(
            _("“%(title)s” is %(state)s, so this step is not possible.")
            % {"title": submission.title, "state": submission.get_state_display()}
        )


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
    points: int | None = None,
    fields: Sequence[str] = (),
) -> Submission:
    """Check the move against the table, save the state (and ``fields``), record it."""
    _check_move(submission, to_state, role)
    from_state = submission.state
    submission.state = to_state
    _save_submission(submission, update_fields=["state", *fields])
    _record(
        submission,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        points=points,
        at=at,
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
            "campaign": submission.campaign.title,
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


def _record(
    submission: Submission,
    *,
    actor: User,
    from_state: str,
    to_state: str,
    at: datetime,
    comment: str = "",
    points: int | None = None,
) -> SubmissionTransition:
    return SubmissionTransition.objects.create(
        submission=submission,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        comment=comment.strip(),
        points=points,
        created_at=at,
    )


def _tell_reviewers(submission: Submission, *, actor: User, subject: str) -> None:
    notify_many(
        recipients=User.objects.reviewers().exclude(pk=actor.pk),
        actor=actor,
        subject=subject,
        body=gettext_noop("%(author)s submitted “%(title)s” (%(channel)s) to %(campaign)s."),
        params={
            "author": actor.public_name,
            "title": submission.title,
            "campaign": submission.campaign.title,
            "channel": translatable(_msgid(Channel(submission.channel).label)),
        },
        url=reverse("admin:submissions_submission_change", args=[submission.pk]),
    )
