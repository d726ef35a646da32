"""Tier changes, and the promotion requests that lead to them.

``member_change_tier`` is the only way a member's tier changes: a promotion
request approved, or a maintainer's direct decision in the admin. It records the
change in the tier history, gives or takes the reviewer access that the
maintainer tier carries, and tells the member.
"""

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.messages import TIER_JOINED, stored
from community_portal.core.workflow import REVIEWER, change_state, is_reviewer, notify_reviewers
from community_portal.notifications.services import notify
from community_portal.webhooks import events as webhook_events
from members.enums import TIER_REQUEST_TABLE, TierLevel, TierRequestState
from members.errors import TierError
from members.models import Tier, TierChange, TierRequest, TierRequestStep, User
from members.roles import REVIEWERS_GROUP
from members.selectors.tiers import (
    ThresholdProgress,
    measure_thresholds,
    next_tier_for,
    snapshot_thresholds,
    thresholds_below,
)
from members.services.common import label, required_text


def _tier_label(tier: Tier | None) -> dict | str:
    return label(TierLevel(tier.level)) if tier is not None else "—"


def _sync_review_access(member: User, before: Tier | None, after: Tier | None) -> None:
    """The maintainer tier comes with the reviewer access to the admin; leaving it
    takes the access away. Superusers are never touched."""
    if member.is_superuser:
        return
    had = before is not None and before.grants_review_access
    gets = after is not None and after.grants_review_access
    if gets == had:
        return
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    member.is_staff = gets
    member.save(update_fields=["is_staff"])
    if gets:
        member.groups.add(reviewers)
    else:
        member.groups.remove(reviewers)


@transaction.atomic
def member_change_tier(
    *,
    member: User,
    to_tier: Tier | None,
    decided_by: User | None,
    reason: str,
    request: TierRequest | None = None,
    override_reason: str = "",
) -> TierChange:
    """Move ``member`` to ``to_tier`` (``None``: no tier), recording who decided and why
    (and, for a request approved below its thresholds, why anyway)."""
    reason = required_text(reason, error=TierError, message=_("Give a reason for the change."))
    locked = User.objects.select_for_update(of=("self",)).select_related("tier").get(pk=member.pk)
    before = locked.tier
    if (before.pk if before else None) == (to_tier.pk if to_tier else None):
        raise TierError(_("%(member)s is already at this tier.") % {"member": locked.public_name})
    locked.tier = to_tier
    locked.save(update_fields=["tier"])
    _sync_review_access(locked, before, to_tier)
    change = TierChange.objects.create(
        member=locked,
        from_tier=before,
        to_tier=to_tier,
        reason=reason,
        override_reason=override_reason.strip(),
        decided_by=decided_by,
        decided_at=timezone.now(),
        request=request,
    )
    notify(
        recipient=locked,
        actor=decided_by,
        subject=gettext_noop("Your tier is now: %(tier)s"),
        body=gettext_noop("Your tier changed from %(before)s to %(tier)s. Reason: %(reason)s"),
        params={"tier": _tier_label(to_tier), "before": _tier_label(before), "reason": reason},
        url=reverse("members:tier"),
    )
    webhook_events.tier_changed(change)
    # The caller's object shows the change too.
    member.tier, member.is_staff = locked.tier, locked.is_staff
    return change


@transaction.atomic
def member_place_in_entry_tier(*, member: User) -> TierChange | None:
    """Put a member without a tier at the first tier (the "user" tier of seed 001).

    Every member starts there once their address is verified; the tier history
    records it without a decider. Nothing happens when no tier is configured or
    the member already has one.
    """
    entry = next_tier_for(None)
    locked = User.objects.select_for_update(of=("self",)).get(pk=member.pk)
    if entry is None or locked.tier_id is not None:
        return None
    locked.tier = entry
    locked.save(update_fields=["tier"])
    _sync_review_access(locked, None, entry)
    member.tier = locked.tier
    joined = stored(TIER_JOINED)
    change = TierChange.objects.create(
        member=locked,
        from_tier=None,
        to_tier=entry,
        reason=joined.text,
        message_id=joined.message_id,
        message_params=joined.params,
        decided_by=None,
        decided_at=timezone.now(),
    )
    webhook_events.tier_changed(change)
    return change


@transaction.atomic
def tier_request_submit(*, member: User, to_tier: Tier, evidence: str) -> TierRequest:
    """A member asks for the next tier up, with the evidence that they meet it."""
    evidence = required_text(
        evidence, error=TierError, message=_("Describe the evidence for your request.")
    )
    locked = User.objects.select_for_update(of=("self",)).select_related("tier").get(pk=member.pk)
    expected = next_tier_for(locked.tier)
    if expected is None:
        raise TierError(_("You are already at the highest tier."))
    if to_tier.pk != expected.pk:
        raise TierError(_("You can ask for the next tier only: %(tier)s.") % {"tier": expected})
    request = _create_request(locked, to_tier=to_tier, evidence=evidence)
    notify_reviewers(
        actor=locked,
        subject=gettext_noop("%(member)s asks for the tier %(tier)s"),
        body=gettext_noop("A tier request waits for a decision."),
        params={"member": locked.public_name, "tier": _tier_label(to_tier)},
        url=reverse("admin:members_tierrequest_change", args=[request.pk]),
    )
    return request


def _create_request(member: User, *, to_tier: Tier, evidence: str, **fields) -> TierRequest:
    try:
        with transaction.atomic():
            return TierRequest.objects.create(
                member=member, from_tier=member.tier, to_tier=to_tier, evidence=evidence, **fields
            )
    except IntegrityError:
        raise TierError(_("You already have a request waiting for a decision.")) from None


@transaction.atomic
def tier_request_suggest(*, member: User, to_tier: Tier, reviewer: User) -> TierRequest:
    """A reviewer starts the promotion the portal suggests: a request for ``member``,
    marked as suggested by the portal, that a reviewer then decides as usual.

    Refused unless ``member`` still qualifies (``members.selectors.promotions``),
    and for the reviewer's own promotion.
    """
    from members.selectors.promotions import members_qualifying_for, suggestable_tiers

    if not is_reviewer(reviewer):
        raise TierError(_("Only a reviewer can do this."))
    if reviewer.pk == member.pk:
        raise TierError(_("You cannot start your own promotion."))
    locked = User.objects.select_for_update(of=("self",)).select_related("tier").get(pk=member.pk)
    tier = next((t for t in suggestable_tiers() if t.pk == to_tier.pk), None)
    if tier is None or not members_qualifying_for(tier).filter(pk=locked.pk).exists():
        raise TierError(
            _("%(member)s no longer qualifies for %(tier)s, or has asked already.")
            % {"member": locked.public_name, "tier": tier or to_tier}
        )
    evidence = "\n".join(
        f"- {row.label}: {row.value} ≥ {row.minimum}" for row in measure_thresholds(locked, tier)
    )
    request = _create_request(
        locked,
        to_tier=tier,
        evidence=evidence,
        suggested_by_portal=True,
        suggested_by=reviewer,
    )
    notify(
        recipient=locked,
        actor=reviewer,
        subject=gettext_noop("The reviewers are considering you for the tier %(tier)s"),
        body=gettext_noop(
            "Your activity meets what the tier %(tier)s asks for, so the portal suggested "
            "your promotion and a reviewer started it. You will hear the decision."
        ),
        params={"tier": _tier_label(tier)},
        url=reverse("members:tier"),
    )
    notify_reviewers(
        actor=reviewer,
        subject=gettext_noop("%(member)s is suggested for the tier %(tier)s"),
        body=gettext_noop("A tier request suggested by the portal waits for a decision."),
        exclude=[locked],
        params={"member": locked.public_name, "tier": _tier_label(tier)},
        url=reverse("admin:members_tierrequest_change", args=[request.pk]),
    )
    return request


def _decide(
    request: TierRequest,
    *,
    target: str,
    actor: User,
    role: str = REVIEWER,
    reason: str = "",
    check=None,
    evidence: list[ThresholdProgress] | None = None,
) -> TierRequest:
    """Close ``request`` with the one workflow step (lock, table, involved, save)."""
    locked, _source = change_state(
        request,
        table=TIER_REQUEST_TABLE,
        target=target,
        actor=actor,
        role=role,
        error=TierError,
        queryset=TierRequest.objects.select_related("member", "to_tier"),
        involved=lambda row: [row.member_id],
        may_act=None if role == REVIEWER else lambda user, row: row.member_id == user.pk,
        not_allowed=_("Only the member who asked can withdraw a request."),
        refused_move=lambda row, source: _("This request was already decided or withdrawn."),
        check=check,
        comment=reason,
        history=TierRequestStep,
        history_fields=lambda row: {"request": row},
        changes=lambda row: {
            "decided_at": timezone.now(),
            "decided_by": actor,
            "decision_reason": reason,
            "measured_at_decision": _snapshot(row, evidence),
        },
    )
    return locked


def _snapshot(row: TierRequest, evidence: list[ThresholdProgress] | None) -> list[dict] | None:
    if evidence is not None:  # measured already, by the approval's check
        return snapshot_thresholds(evidence)
    if row.state == TierRequestState.WITHDRAWN:
        return None
    return snapshot_thresholds(measure_thresholds(row.member, row.to_tier))


def _shortfall(rows: list[ThresholdProgress]) -> str:
    return "; ".join(
        _("%(measure)s: %(value)d of %(minimum)d")
        % {"measure": row.label, "value": row.value, "minimum": row.minimum}
        for row in rows
    )


@transaction.atomic
def tier_request_approve(
    *, request: TierRequest, decided_by: User, reason: str, override_reason: str = ""
) -> TierRequest:
    """Move the member to the tier asked for.

    The portal measures the thresholds of that tier when the decision is taken;
    below any of them the approval needs ``override_reason``, which the tier
    history keeps beside the reason. What was measured is kept on the request.
    """
    reason = required_text(reason, error=TierError, message=_("Give a reason for the decision."))
    override_reason = override_reason.strip()
    evidence: list[ThresholdProgress] = []

    def check_thresholds(row: TierRequest) -> None:
        evidence.extend(measure_thresholds(row.member, row.to_tier))
        below = thresholds_below(evidence)
        if below and not override_reason:
            raise TierError(
                _(
                    "Below the thresholds of %(tier)s (%(shortfall)s). To approve anyway, "
                    "say why in the override reason."
                )
                % {"tier": row.to_tier, "shortfall": _shortfall(below)}
            )

    locked = _decide(
        request,
        target=TierRequestState.APPROVED,
        actor=decided_by,
        reason=reason,
        check=check_thresholds,
        evidence=evidence,
    )
    member_change_tier(
        member=locked.member,
        to_tier=locked.to_tier,
        decided_by=decided_by,
        reason=reason,
        request=locked,
        override_reason=override_reason if thresholds_below(evidence) else "",
    )
    return locked


@transaction.atomic
def tier_request_decline(*, request: TierRequest, decided_by: User, reason: str) -> TierRequest:
    reason = required_text(reason, error=TierError, message=_("Give a reason for the decision."))
    locked = _decide(request, target=TierRequestState.DECLINED, actor=decided_by, reason=reason)
    notify(
        recipient=locked.member,
        actor=decided_by,
        subject=gettext_noop("Your request for the tier %(tier)s is declined"),
        body=gettext_noop("Reason: %(reason)s"),
        params={"tier": _tier_label(locked.to_tier), "reason": reason},
        url=reverse("members:tier"),
    )
    return locked


@transaction.atomic
def tier_request_withdraw(*, request: TierRequest, member: User) -> TierRequest:
    return _decide(request, target=TierRequestState.WITHDRAWN, actor=member, role="member")
