"""Volunteer groups: the list, a group's page and application, the owner's answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import perform
from community_portal.core.http import redirect_within_site
from members.enums import VolunteerApplicationState
from members.forms import VolunteerAnswerForm, VolunteerApplicationForm
from members.models import VolunteerApplication, VolunteerGroup
from members.selectors.volunteering import (
    can_answer,
    group_applications,
    group_members,
    member_volunteer_applications,
    overdue_applications,
    volunteer_groups,
)
from members.services.volunteering import (
    volunteer_application_answer,
    volunteer_application_withdraw,
    volunteer_apply,
)

APPLICATIONS_PAGE_SIZE = 30


def group_list(request):
    mine = []
    if request.user.is_authenticated:
        mine = list(member_volunteer_applications(request.user))
    context = {
        "groups": volunteer_groups(),
        "my_applications": mine,
        "is_reviewer": request.user.is_authenticated and request.user.is_reviewer,
    }
    return render(request, "members/volunteer_groups.html", context)


def group_detail(request, slug):
    group = get_object_or_404(volunteer_groups(), slug=slug)
    form = VolunteerApplicationForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid() and perform(
            request,
            lambda: volunteer_apply(
                group=group, applicant=request.user, motivation=form.cleaned_data["motivation"]
            ),
            success=_("Your application is sent. The group's owner answers within 7 working days."),
        ):
            return redirect(group)
    mine = None
    if request.user.is_authenticated:
        mine = (
            member_volunteer_applications(request.user)
            .filter(group=group)
            .order_by("-created_at")
            .first()
        )
    context = {
        "group": group,
        "members": group_members(group),
        "form": form,
        "my_application": mine,
        "can_answer": can_answer(group, request.user),
        "can_apply": mine is None
        or mine.state
        not in (VolunteerApplicationState.PENDING, VolunteerApplicationState.ACCEPTED),
    }
    return render(request, "members/volunteer_group.html", context)


@login_required
def group_applications_view(request, slug):
    group = get_object_or_404(VolunteerGroup.objects.select_related("owner"), slug=slug)
    if not can_answer(group, request.user):
        raise PermissionDenied
    page = Paginator(group_applications(group), APPLICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "group": group,
        "page": page,
        "today": timezone.localdate(),
        "answer_form": VolunteerAnswerForm(),
    }
    return render(request, "members/volunteer_applications.html", context)


@login_required
def overdue_view(request):
    if not request.user.is_reviewer:
        raise PermissionDenied
    page = Paginator(overdue_applications(), APPLICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "members/volunteer_overdue.html", {"page": page, "today": timezone.localdate()}
    )


@login_required
@require_POST
def application_answer(request, pk):
    application = get_object_or_404(VolunteerApplication.objects.select_related("group"), pk=pk)
    if not can_answer(application.group, request.user):
        raise PermissionDenied
    form = VolunteerAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or decline."))
    else:
        perform(
            request,
            lambda: volunteer_application_answer(
                application=application,
                answered_by=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                answer=form.cleaned_data["answer"],
            ),
            success=_("Your answer is sent to %(member)s.")
            % {"member": application.applicant.public_name},
        )
    return redirect_within_site(
        request,
        request.POST.get("next", ""),
        "members:volunteer_applications",
        slug=application.group.slug,
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    application = get_object_or_404(
        VolunteerApplication.objects.select_related("group"), pk=pk, applicant=request.user
    )
    perform(
        request,
        lambda: volunteer_application_withdraw(application=application, applicant=request.user),
        success=_("Your application is withdrawn."),
    )
    return redirect(application.group)
