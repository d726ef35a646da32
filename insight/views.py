"""The community health dashboard and its CSV downloads: for reviewers and maintainers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from community_portal.core.charts import chart_csv
from community_portal.core.page_cache import cached_result, member_page
from community_portal.core.templatetags.charts import chart as chart_tag
from community_portal.core.workflow import is_reviewer
from insight import figures
from insight.forms import DashboardForm
from insight.selectors import CACHE_TAGS, community_health_cached


def _read(request):
    """The form, the period and the measures the query string asks for (reviewers only)."""
    if not is_reviewer(request.user):
        raise PermissionDenied
    form = DashboardForm(request.GET or None)
    period = form.chosen_period()
    data = community_health_cached(period, form.chosen_filters())
    return form, period, data


def _drawn(request, period, data) -> dict[str, str]:
    """Each chart as HTML (drawing, table, CSV link), kept like the measures it shows."""
    query = request.GET.urlencode()

    def draw():
        drawn = {}
        for slug, one in figures.charts(data, period).items():
            url = reverse("insight:chart_csv", args=[slug]) + (f"?{query}" if query else "")
            drawn[slug] = chart_tag(one, url)
        return drawn

    name = ":".join(["insight-html", get_language() or "", timezone.localdate().isoformat(), query])
    return cached_result(name, CACHE_TAGS, draw)


# The reviewer's own copy, until the content or they change (their rights included).
reviewers_copy = member_page(
    *CACHE_TAGS, query=("period", "start", "end", "station", "campaign", "program")
)


@reviewers_copy
@login_required
def dashboard(request):
    form, period, data = _read(request)
    return render(
        request,
        "insight/dashboard.html",
        {
            "form": form,
            "period": period,
            "previous": period.previous,
            "figures": figures.figures(data),
            "charts": _drawn(request, period, data),
        },
    )


@reviewers_copy
@login_required
def chart_csv_download(request, slug):
    _form, period, data = _read(request)
    chart = figures.charts(data, period).get(slug)
    if chart is None:
        raise Http404
    response = HttpResponse(chart_csv(chart), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{period.key()}.csv"'
    return response
