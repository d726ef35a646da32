"""The member's own service: their terms, the titles they hold, and the requests for
certificates of service. Private to the member; the certificates themselves are
public on the members app's verification pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import form_error, perform
from community_portal.core.workflow import DomainError
from members.models import VolunteerGroup
from titles.forms import ServiceRequestForm
from titles.models import ServiceCertificateRequest, ServiceTerm
from titles.selectors import groups_without_term, member_terms
from titles.services import (
    service_certificate_request,
    service_certificate_request_for_group,
    service_certificate_withdraw,
)


def _render_mine(request, *, bound_form=None, bound_key=None, status=200):
    terms = list(member_terms(request.user))
    for term in terms:
        term.open_request = next((r for r in term.certificate_requests.all() if r.is_open), None)
        key = f"term-{term.pk}"
        term.request_form = (
            bound_form if key == bound_key else ServiceRequestForm(auto_id=f"id_{key}_%s")
        )
    groups = list(groups_without_term(request.user))
    for application in groups:
        key = f"group-{application.group_id}"
        application.request_form = (
            bound_form if key == bound_key else ServiceRequestForm(auto_id=f"id_{key}_%s")
        )
    context = {"terms": terms, "groups": groups, "tab": "service"}
    return render(request, "titles/mine.html", context, status=status)


@login_required
def mine(request):
    return _render_mine(request)


def _ask(request, key, change):
    form = ServiceRequestForm(request.POST, auto_id=f"id_{key}_%s")
    if form.is_valid():
        try:
            change(form.cleaned_data["note"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your request is sent to the reviewers."))
            return redirect("titles:mine")
    return _render_mine(request, bound_form=form, bound_key=key, status=400)


@login_required
@require_POST
def request_for_term(request, pk):
    term = get_object_or_404(ServiceTerm, pk=pk, holder=request.user)
    return _ask(
        request,
        f"term-{term.pk}",
        lambda note: service_certificate_request(term=term, member=request.user, note=note),
    )


@login_required
@require_POST
def request_for_group(request, slug):
    group = get_object_or_404(VolunteerGroup, slug=slug)
    return _ask(
        request,
        f"group-{group.pk}",
        lambda note: service_certificate_request_for_group(
            group=group, member=request.user, note=note
        ),
    )


@login_required
@require_POST
def withdraw(request, pk):
    found = ServiceCertificateRequest.objects.filter(pk=pk, term__holder=request.user).first()
    if found is None:
        raise Http404
    perform(
        request,
        lambda: service_certificate_withdraw(request=found, member=request.user),
        success=_("Your request is withdrawn."),
    )
    return redirect("titles:mine")
