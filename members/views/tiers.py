"""The member's tier page: the ladder, progress to the next tier, requests and history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import perform
from community_portal.core.page_cache import member_page
from members.enums import TierRequestState
from members.forms import EvidenceForm
from members.models import TierRequest
from members.selectors.tiers import (
    member_tier_history,
    member_tier_requests,
    tier_ladder,
    tier_progress,
    tier_request_wait,
)
from members.services.tiers import tier_request_submit, tier_request_withdraw


# Progress counts points, events, certificates, programs; the wait, tier requests.
@member_page("members", "tiers", "submissions", "stations", "certificates", "programs")
@login_required
def tier(request):
    ladder = tier_ladder()
    progress = tier_progress(request.user, ladder=ladder)
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if progress.next is None:
            messages.error(request, _("You are already at the highest tier."))
            return redirect("members:tier")
        if perform(
            request,
            lambda: tier_request_submit(
                member=request.user, to_tier=progress.next, evidence=form.cleaned_data["evidence"]
            ),
            success=_("Your request is sent to the reviewers. You will hear from them."),
        ):
            return redirect("members:tier")
    requests = list(member_tier_requests(request.user))
    pending = next((r for r in requests if r.state == TierRequestState.PENDING), None)
    context = {
        "progress": progress,
        "ladder": ladder,
        "form": form,
        "requests": requests,
        "pending": pending,
        "review_wait": tier_request_wait(pending),
        "history": member_tier_history(request.user),
        "tab": "tier",
    }
    return render(request, "members/tier.html", context)


@login_required
@require_POST
def tier_request_withdraw_view(request, pk):
    tier_request = get_object_or_404(TierRequest, pk=pk, member=request.user)
    perform(
        request,
        lambda: tier_request_withdraw(request=tier_request, member=request.user),
        success=_("Your request is withdrawn."),
    )
    return redirect("members:tier")
