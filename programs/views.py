"""Pages of the programs app: public program pages and showcase, the application
form, the applicant's dashboard, and the printable thank-you letters.

Views read through ``selectors`` and write through ``services``; a refused change
(``ApplicationError``) becomes a message, never an error page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import form_error, show_error
from community_portal.core.page_cache import member_page, public_page
from community_portal.core.workflow import error_message
from programs import selectors, services
from programs.enums import Actor, ApplicationState, NamedMemberState, application_targets
from programs.filters import ShowcaseFilter
from programs.forms import ApplicationForm
from programs.models import Application
from programs.services import ApplicationError

PAGE_SIZE = 20
SHOWCASE_PAGE_SIZE = 24


# --- Public pages ---------------------------------------------------------------------------


@public_page("programs", query=("page",))
def program_list(request):
    today = timezone.localdate()
    programs = selectors.programs_for_list(today=today)
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programs/program_list.html", {"page": page, "today": today})


@public_page("programs")
def program_detail(request, slug):
    program = get_object_or_404(selectors.public_programs(), slug=slug)
    today = timezone.localdate()
    participants = selectors.showcase_participations().filter(program=program)[:12]
    my_applications = (
        selectors.applications_of_applicant(user=request.user).filter(program=program)
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "accepting": program.is_accepting_on(today),
            "today": today,
            "participants": participants,
            "my_applications": my_applications,
        },
    )


@public_page("programs", query=("program", "page"))
def showcase(request):
    showcase_filter = ShowcaseFilter(
        request.GET or None, queryset=selectors.showcase_participations()
    )
    page = Paginator(showcase_filter.qs, SHOWCASE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programs/showcase.html", {"filter": showcase_filter, "page": page})


def letter(request, token):
    thank_you = selectors.letter_by_token(token=token)
    if thank_you is None:
        raise Http404
    return render(request, "programs/letter.html", {"letter": thank_you})


# --- Applying -------------------------------------------------------------------------------


@login_required
def application_create(request, slug):
    program = get_object_or_404(selectors.public_programs(), slug=slug)
    if not program.is_accepting_on(timezone.localdate()):
        messages.error(request, _("This program does not accept applications now."))
        return redirect(program)
    return _application_form(request, program=program, application=None)


@login_required
def application_edit(request, pk):
    application = selectors.editable_application_for_applicant(user=request.user, pk=pk)
    if application is None:
        visible = selectors.application_for_viewer(user=request.user, pk=pk)
        if visible is None:
            raise Http404
        messages.error(
            request, _("Only the applicant can change a draft or answer a change request.")
        )
        return redirect(visible)
    if application.state == ApplicationState.DRAFT and not application.program.is_accepting_on(
        timezone.localdate()
    ):
        messages.error(request, _("This program does not accept applications now."))
        return redirect(application)
    return _application_form(request, program=application.program, application=application)


def _application_form(request, *, program, application: Application | None):
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        instance=application or Application(program=program),
        applicant=request.user,
        program=program,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = _save_application(request, form, program, application)
        except ApplicationError as error:
            form_error(form, error)
        else:
            if form.wants_submission:
                return _submit(request, application)
            messages.success(
                request,
                _("Your draft is saved. You can come back to it from your applications."),
            )
            return redirect(application)
    return render(
        request,
        "programs/application_form.html",
        {
            "form": form,
            "program": program,
            "application": application,
            "change_request": application and selectors.change_request(application=application),
        },
    )


def _save_application(request, form, program, application):
    arguments = {
        "details": form.details(),
        "named_members": form.named_member_list,
        "agrees_to_code_of_conduct": form.cleaned_data["agree_to_code_of_conduct"],
        "logo": form.new_logo(),
    }
    if application is None:
        return services.application_create(program=program, applicant=request.user, **arguments)
    return services.application_update(
        application=application, actor=request.user, clear_logo=form.clears_logo(), **arguments
    )


def _submit(request, application):
    try:
        services.application_submit(application=application, actor=request.user)
    except ApplicationError as error:
        messages.warning(
            request,
            _("Your application is saved but not submitted yet: %(reasons)s")
            % {"reasons": error_message(error)},
        )
    else:
        messages.success(
            request, _("Your application is submitted. The reviewers will get back to you.")
        )
    return redirect(application)


@login_required
@require_POST
def application_submit(request, pk):
    application = _visible_or_404(request, pk)
    return _submit(request, application)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _visible_or_404(request, pk)
    try:
        services.application_withdraw(application=application, actor=request.user)
    except ApplicationError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(application)


@login_required
@require_POST
def named_member_answer(request, pk):
    application = _visible_or_404(request, pk)
    answer = request.POST.get("answer", "")
    if answer not in (NamedMemberState.CONFIRMED, NamedMemberState.DECLINED):
        messages.error(request, _("Choose whether you confirm or decline."))
        return redirect(application)
    try:
        services.named_member_answer(application=application, member=request.user, answer=answer)
    except ApplicationError as error:
        show_error(request, error)
    else:
        if answer == NamedMemberState.CONFIRMED:
            messages.success(request, _("Thank you: you confirmed being named."))
        else:
            messages.success(request, _("You declined being named; the applicant is told."))
    return redirect(application)


def _visible_or_404(request, pk) -> Application:
    application = selectors.application_for_viewer(user=request.user, pk=pk)
    if application is None:
        raise Http404
    return application


# --- The applicant's and named member's pages ----------------------------------------------


@login_required
def application_detail(request, pk):
    application = _visible_or_404(request, pk)
    role = selectors.viewer_role(application=application, user=request.user)
    my_naming = next(
        (named for named in application.named_members.all() if named.member_id == request.user.pk),
        None,
    )
    is_applicant = role == "applicant"
    applicant_targets = application_targets(application.state, Actor.APPLICANT)
    context = {
        "application": application,
        "role": role,
        "history": selectors.application_public_history(application=application),
        "review_wait": selectors.application_wait(application=application)
        if role == "applicant"
        else None,
        "my_naming": my_naming,
        "can_edit": is_applicant and application.is_editable,
        "change_request": selectors.change_request(application=application)
        if is_applicant
        else None,
        "can_submit": is_applicant and ApplicationState.SUBMITTED in applicant_targets,
        "can_withdraw": is_applicant and ApplicationState.WITHDRAWN in applicant_targets,
        "problems": (
            selectors.submission_problems(application=application)
            if is_applicant and application.is_editable
            else []
        ),
        "letters": (
            application.letters.filter(recipient=request.user)
            if application.state == ApplicationState.COMPLETED
            else []
        ),
    }
    return render(request, "programs/application_detail.html", context)


@member_page("programs", "members", query=("page", "named_page"))
@login_required
def dashboard(request):
    applications = selectors.applications_of_applicant(user=request.user)
    namings = selectors.namings_of_member(user=request.user)
    return render(
        request,
        "programs/dashboard.html",
        {
            "page": Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page")),
            "namings": Paginator(namings, PAGE_SIZE).get_page(request.GET.get("named_page")),
        },
    )
