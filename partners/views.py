"""The partner pages: the public partners page, the application form, the
applicant's applications and one application's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import form_error, perform
from community_portal.core.page_cache import public_page
from partners import selectors, services
from partners.enums import PartnershipState
from partners.forms import ApplicationForm
from partners.services import PartnerError

PAGE_SIZE = 20


@public_page("partners")
def partner_list(request):
    levels = selectors.levels_with_partners()
    return render(
        request,
        "partners/partner_list.html",
        {"levels": levels, "has_partners": any(level.active_partners for level in levels)},
    )


@login_required
def apply(request):
    participations = selectors.participations_to_apply_with(member=request.user)
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(
        data,
        request.FILES if data is not None else None,
        participations=participations,
        initial={"level": request.GET.get("level")},
    )
    if data is not None and form.is_valid():
        try:
            partnership = services.partnership_apply(
                applicant=request.user,
                level=form.cleaned_data["level"],
                details=form.details(),
                logo=form.cleaned_data.get("logo") or None,
                participation=form.cleaned_data.get("participation"),
            )
        except PartnerError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Your application is sent. The reviewers will check your qualification.")
            )
            return redirect(partnership)
    return render(request, "partners/apply.html", {"form": form, "levels": selectors.levels()})


@login_required
def my_applications(request):
    page = Paginator(selectors.applications_of(member=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "partners/my_applications.html", {"page": page})


@login_required
def application_detail(request, pk):
    partnership = selectors.application_for_viewer(pk=pk, user=request.user)
    if partnership is None:
        raise Http404
    return render(
        request,
        "partners/application_detail.html",
        {
            "partnership": partnership,
            "history": partnership.steps.select_related("actor", "level"),
            "evaluations": partnership.evaluations.all(),
            "can_withdraw": partnership.applicant_id == request.user.pk
            and partnership.state
            in (PartnershipState.SUBMITTED, PartnershipState.IN_REVIEW, PartnershipState.AGREEMENT),
        },
    )


@login_required
@require_POST
def withdraw(request, pk):
    partnership = selectors.application_for_viewer(pk=pk, user=request.user)
    if partnership is None or partnership.applicant_id != request.user.pk:
        raise Http404
    perform(
        request,
        lambda: services.partnership_withdraw(partnership=partnership, actor=request.user),
        _("Your application is withdrawn."),
    )
    return redirect(partnership)
