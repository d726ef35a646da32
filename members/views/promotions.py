"""The reviewers' page of suggested promotions, and the one action that starts one."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import perform
from community_portal.core.workflow import is_reviewer
from members.models import Tier, User
from members.selectors.promotions import (
    Suggestion,
    members_qualifying_for,
    suggestable_tiers,
    suggestion_evidence,
)
from members.services.tiers import tier_request_suggest

PAGE_SIZE = 25


@login_required
def suggested_promotions(request):
    if not is_reviewer(request.user):
        raise PermissionDenied
    tiers = suggestable_tiers()
    chosen = request.GET.get("tier") or (tiers[0].level if tiers else "")
    tier = next((t for t in tiers if t.level == chosen), None)
    if tiers and tier is None:
        raise Http404
    page = None
    suggestions = []
    if tier is not None:
        page = Paginator(members_qualifying_for(tier).select_related("tier"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        members = list(page.object_list)
        evidence = suggestion_evidence(tier, members)
        suggestions = [
            Suggestion(member=member, tier=tier, evidence=evidence[member.pk]) for member in members
        ]
    return render(
        request,
        "members/suggested_promotions.html",
        {"tiers": tiers, "tier": tier, "page": page, "suggestions": suggestions},
    )


@login_required
@require_POST
def suggested_promotion_start(request, username, level):
    if not is_reviewer(request.user):
        raise PermissionDenied
    member = get_object_or_404(User, username=username, is_active=True)
    tier = get_object_or_404(Tier, level=level)
    perform(
        request,
        lambda: tier_request_suggest(member=member, to_tier=tier, reviewer=request.user),
        success=_("The promotion of %(member)s is started; it waits for a reviewer's decision.")
        % {"member": member.public_name},
    )
    return redirect(f"{reverse('members:suggested_promotions')}?{urlencode({'tier': tier.level})}")
