"""The hall of fame (public) and the essay competition's list (its judges only)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from community_portal.core.page_cache import public_page
from recognition import judges, selectors

PAGE_SIZE = 24
FIRST_YEAR = 2000


@public_page("recognition", "members", query=("page",))
def hall_of_fame(request):
    page = Paginator(selectors.stars(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recognition/hall_of_fame.html",
        {"page": page, "years": selectors.years_with_stars()},
    )


@public_page("recognition", "members")
def year(request, year):
    if not FIRST_YEAR <= year <= 9999:
        raise Http404
    stars = list(selectors.stars_of_year(year))
    context = {
        "year": year,
        "year_stars": [star for star in stars if star.kind == "year"],
        "month_stars": [star for star in stars if star.kind == "month"],
        "years": selectors.years_with_stars(),
    }
    return render(request, "recognition/year.html", context)


@login_required
def essays(request):
    """The submissions reviewers sent to the essay competition: for its judges."""
    if not judges.is_judge(request.user):
        raise PermissionDenied
    page = Paginator(selectors.essay_recommendations(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "recognition/essays.html", {"page": page})
