"""Small public views of the open-data app: robots.txt, the sitemaps, the Hugo export."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from community_portal.core.page_cache import public_page
from opendata.export import hugo
from opendata.sitemaps import SITEMAPS

# What a crawler has no business in: sign-in, the admin, members' own pages, actions.
ROBOTS_DISALLOW = [
    "/admin/",
    "/accounts/",
    "/inbox/",
    "/i18n/",
    "/members/me/",
    "/members/profile/",
    "/programs/applications/",
    "/programs/letters/",
    "/partners/apply/",
    "/partners/applications/",
    "/campaigns/mine/",
    "/campaigns/points/",
    "/campaigns/submissions/",
    "/stations/found/",
    "/*/manage/",
]


@cache_control(max_age=86_400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('sitemap_index')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


SITEMAP_TAGS = ("programs", "stations", "submissions", "members", "certificates")


@public_page(*SITEMAP_TAGS)
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")


@public_page(*SITEMAP_TAGS, query=("p",))
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_safe  # api.middleware answers other methods with the API's JSON 405
@public_page(*SITEMAP_TAGS)
def hugo_export(request, language, name):
    """One part of the Hugo export, in one language, as JSON (see opendata/export/hugo.py)."""
    if language not in dict(settings.LANGUAGES) or name not in hugo.EXPORTS:
        raise Http404
    data = hugo.site_data(language, name)
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
