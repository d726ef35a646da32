"""The points ledger's public interface: ``points_award`` and ``points_reverse``.

Entries are never edited: a mistake is corrected by a reversing entry, and the
leaderboards' summary rows change in the same transaction as every entry.
"""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.messages import Stored, stored_parameter
from community_portal.notifications.services import notify
from community_portal.webhooks import events as webhook_events
from members.models import User
from submissions import points_summary
from submissions.errors import (
    AlreadyReversedError,
    DuplicateAwardError,
    LedgerError,
)
from submissions.models import (
    PointEntry,
)

# --- The points ledger --------------------------------------------------------------------


@transaction.atomic
def points_award(
    *,
    member: User,
    amount: int,
    reason: str | Stored,
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
    member's history: a text, or a stored message read in each member's language.
    The leaderboards' totals change in the same transaction (the caller's, when
    there is one); the caller tells the member if it should.
    """
    message = reason if isinstance(reason, Stored) else None
    reason = (message.text if message else reason or "").strip()
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
        message_id=message.message_id if message else "",
        message_params=message.params if message else {},
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
        # A concurrent award took the place this one was to take: it is live, or it
        # follows the same correction (and may itself have been corrected since).
        same_place = (
            Q(after_reversal=entry.after_reversal)
            if entry.after_reversal is not None
            else Q(after_reversal__isnull=True)
        )
        if (
            PointEntry.objects.filter(
                source_type=source_type, source_id=source.pk, reverses__isnull=True
            )
            .filter(Q(reversal__isnull=True) | same_place)
            .exists()
        ):
            raise DuplicateAwardError(_("This was awarded points already.")) from error
        raise
    points_summary.summary_add_award(entry)
    webhook_events.points_awarded(entry)
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
    reason: str | Stored,
    reversed_by: User,
    reversed_at: datetime | None = None,
    tell_member: bool = True,
) -> PointEntry:
    """Correct ``entry`` with a new entry of the opposite amount, and tell the member.

    The original stays as it was and no longer counts on the leaderboards (their
    totals change in this transaction). An entry is reversed at most once (also
    a database constraint: ``AlreadyReversedError``), and a correction is never
    itself reversed (``LedgerError``): award the source again instead, with
    ``points_award``. The admin's "correct" action calls this; the store refunds a
    cancelled order's debit with it (a stored ``reason``, and ``tell_member=False``:
    the store's own notification says it).
    """
    message = reason if isinstance(reason, Stored) else None
    reason = (message.text if message else reason or "").strip()
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
        message_id=message.message_id if message else "",
        message_params=message.params if message else {},
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
    if not tell_member:
        return reversal
    notify(
        recipient=entry.member,
        actor=reversed_by,
        subject=gettext_noop("A correction of %(amount)s points on your account"),
        body=gettext_noop(
            "An entry of your points history (%(original)s) was corrected: %(reason)s"
        ),
        params={
            "amount": f"{reversal.amount:+d}",
            "original": stored_parameter(entry.message_id, entry.message_params, entry.reason),
            "reason": reversal.reason,
        },
        url=reverse("submissions:points"),
    )
    webhook_events.points_reversed(reversal)
    return reversal
