"""Member-facing pages: campaigns, submitting, my submissions, my points,
leaderboards and acknowledgments. Reviewing happens in the admin."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.feedback import form_error, show_error
from community_portal.core.page_cache import cached_result, member_page, public_page
from submissions import figures, selectors, services
from submissions.enums import SubmissionState
from submissions.errors import SubmissionsError
from submissions.filters import MySubmissionsFilter
from submissions.forms import SubmissionForm

PAGE_SIZE = 20
# What the acknowledgments show: the campaign, its selected submissions, authors' names.
ACKNOWLEDGMENT_TAGS = ("submissions", "members")
LEADERBOARD_PAGE_SIZE = 25


def _visible_campaign(request, slug):
    return get_object_or_404(selectors.campaigns_for_viewer(user=request.user), slug=slug)


def _own_submission(request, pk):
    submission = selectors.submission_for_viewer(pk=pk, user=request.user)
    if submission is None or submission.author_id != request.user.pk:
        raise Http404
    return submission


# --- Campaigns ----------------------------------------------------------------------------


@public_page("submissions", query=("page",))
def campaign_list(request):
    campaigns = selectors.campaigns_for_viewer(user=request.user)
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "submissions/campaign_list.html", {"page": page})


@public_page("submissions")
def campaign_detail(request, slug):
    campaign = _visible_campaign(request, slug)
    today = timezone.localdate()
    mine, follows = [], False
    if request.user.is_authenticated:
        mine = selectors.member_submissions(member=request.user).filter(campaign=campaign)
        follows = selectors.member_follows_campaign(member=request.user, campaign=campaign)
    return render(
        request,
        "submissions/campaign_detail.html",
        {
            "campaign": campaign,
            "rules": selectors.campaign_rules_with_progress(campaign=campaign),
            "activity_chart": figures.campaign_chart(campaign=campaign, today=today),
            "days_left": figures.days_left(campaign=campaign, today=today),
            "my_submissions": mine,
            "follows": follows,
        },
    )


@login_required
@require_POST
def campaign_subscribe(request, slug):
    campaign = _visible_campaign(request, slug)
    try:
        services.campaign_subscribe(campaign=campaign, member=request.user)
    except SubmissionsError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("We will remind you a week before %(campaign)s ends.") % {"campaign": campaign.title},
        )
    return redirect(campaign)


@login_required
@require_POST
def campaign_unsubscribe(request, slug):
    campaign = _visible_campaign(request, slug)
    services.campaign_unsubscribe(campaign=campaign, member=request.user)
    messages.success(
        request,
        _("You will not be reminded of %(campaign)s.") % {"campaign": campaign.title},
    )
    return redirect(campaign)


# --- Submitting ---------------------------------------------------------------------------


@login_required
def submission_create(request, slug):
    campaign = _visible_campaign(request, slug)
    if not campaign.is_open:
        messages.error(request, _("This campaign is not accepting submissions now."))
        return redirect(campaign)
    form = SubmissionForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_create(
                campaign=campaign, author=request.user, **form.cleaned_data
            )
        except SubmissionsError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you! “%(title)s” is waiting for review.") % {"title": submission.title},
            )
            return redirect(submission)
    return render(request, "submissions/submission_form.html", {"form": form, "campaign": campaign})


@login_required
def submission_edit(request, pk):
    submission = _own_submission(request, pk)
    if not submission.is_editable:
        messages.error(request, _("You can edit a submission only while changes are requested."))
        return redirect(submission)
    latest = selectors.submission_history(submission=submission).last()
    form = SubmissionForm(request.POST or None, instance=submission, campaign=submission.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_resubmit(
                submission=submission, author=request.user, **form.cleaned_data
            )
        except SubmissionsError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your changes are saved and sent back for review."))
            return redirect("submissions:submission_detail", pk=submission.pk)
    return render(
        request,
        "submissions/submission_form.html",
        {
            "form": form,
            "campaign": submission.campaign,
            "submission": submission,
            "request_comment": latest.comment if latest else "",
        },
    )


@login_required
@require_POST
def submission_withdraw(request, pk):
    submission = _own_submission(request, pk)
    try:
        services.submission_withdraw(submission=submission, author=request.user)
    except SubmissionsError as error:
        show_error(request, error)
    else:
        messages.success(request, _("“%(title)s” is withdrawn.") % {"title": submission.title})
    return redirect("submissions:submission_detail", pk=submission.pk)


@login_required
def submission_detail(request, pk):
    submission = selectors.submission_for_viewer(pk=pk, user=request.user)
    if submission is None:
        raise Http404
    return render(
        request,
        "submissions/submission_detail.html",
        {
            "submission": submission,
            "history": selectors.submission_history(submission=submission),
            "is_author": submission.author_id == request.user.pk,
            "review_wait": selectors.submission_wait(submission=submission)
            if submission.author_id == request.user.pk
            else None,
        },
    )


@member_page("submissions", query=("page", "state"))
@login_required
def my_submissions(request):
    filterset = MySubmissionsFilter(
        request.GET, queryset=selectors.member_submissions(member=request.user)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    current = filterset.form.cleaned_data.get("state", "") if filterset.form.is_valid() else ""
    return render(
        request,
        "submissions/my_submissions.html",
        {"page": page, "states": SubmissionState.choices, "current_state": current},
    )


# --- Points -------------------------------------------------------------------------------


@member_page("submissions", query=("page",))
@login_required
def points(request):
    history = selectors.points_history(member=request.user)
    page = Paginator(history, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "submissions/points.html",
        {
            "page": page,
            "balance": selectors.points_balance(member=request.user),
            "earned": selectors.points_earned(member=request.user),
            "points_chart": figures.points_chart(member=request.user, today=timezone.localdate()),
        },
    )


# Signed in, the board shows the member their rank: kept for them as their own page.
@public_page("submissions", "members", query=("page",), members=True)
def leaderboard(request, year=None, month=None):
    # Years 2..9998 keep the previous and next periods representable.
    if year is not None and not 1 < year < 9999:
        raise Http404
    try:
        board = selectors.leaderboard(year=year, month=month, viewer=request.user)
    except (ValueError, OverflowError) as error:  # month 13, month 10**20
        raise Http404 from error
    page = Paginator(board, LEADERBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "submissions/leaderboard.html",
        {
            "page": page,
            "position": board.position,
            "period": "month" if month else "year" if year else "all",
            "period_start": board.start if year else None,
            **_neighbour_periods(year, month),
        },
    )


def _neighbour_periods(year, month) -> dict:
    today = timezone.localdate()
    context = {"this_year": today.year, "this_month": today.month}
    if month is not None:
        previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        context.update(previous=previous, following=following)
    elif year is not None:
        context.update(previous=date(year - 1, 1, 1), following=date(year + 1, 1, 1))
    return context


# --- Acknowledgments ----------------------------------------------------------------------


@public_page(*ACKNOWLEDGMENT_TAGS)
def acknowledgments(request, slug):
    campaign = _visible_campaign(request, slug)
    # Thousands of names: the list is rendered once until a selection or a name changes.
    names = cached_result(
        f"acknowledgments:{campaign.pk}",
        ACKNOWLEDGMENT_TAGS,
        lambda: render_to_string(
            "submissions/_acknowledgment_list.html",
            {"people": selectors.campaign_acknowledgments(campaign=campaign)},
        ),
    )
    return render(
        request,
        "submissions/acknowledgments.html",
        {"campaign": campaign, "acknowledgment_list": names},
    )


@public_page(*ACKNOWLEDGMENT_TAGS)
def acknowledgments_markdown(request, slug):
    campaign = _visible_campaign(request, slug)
    text = cached_result(
        f"acknowledgments.md:{campaign.pk}:{get_language()}",
        ACKNOWLEDGMENT_TAGS,
        lambda: render_to_string(
            "submissions/acknowledgments_markdown.txt",
            {"campaign": campaign, "people": selectors.campaign_acknowledgments(campaign=campaign)},
        ),
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-acknowledgments.md"'
    return response
