"""The site's URLs: each domain app mounts its own ``urls.py`` here."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve as static_serve

from community_portal.core import views as core_views

# The admin logs in through allauth, so its rate limits (failed logins per
# account and per address) protect the admin too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = settings.COMMUNITY_NAME
admin.site.site_title = settings.COMMUNITY_NAME
# The admin's index links to the community health dashboard.
admin.site.index_template = "admin/portal_index.html"

urlpatterns = [
    path("", core_views.home, name="home"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin).
    path("favicon.ico", core_views.favicon),
    # robots.txt, sitemap.xml and its sections.
    path("", include("opendata.discovery_urls")),
    # The public keys that verify signed certificates.
    path(".well-known/", include("members.well_known_urls")),
    # The language switcher belongs to members: a member keeps the choice.
    path("i18n/setlang/", include("members.language_urls")),
    # Before allauth's: the member's personal access tokens for the API.
    path("accounts/api-tokens/", include("api.urls")),
    path("accounts/", include("allauth.urls")),
    # The static-site export as JSON, beside the read API (before its catch-all).
    path("api/v1/exports/", include("opendata.export_urls")),
    path("api/", include("api.api_urls")),
    path("inbox/", include("community_portal.notifications.urls")),
    path("members/", include("members.urls")),
    path("programs/", include("programs.urls")),
    path("stations/", include("stations.urls")),
    path("campaigns/", include("submissions.urls")),
    path("store/", include("store.urls")),
    path("members/me/service/", include("titles.urls")),
    path("partners/", include("partners.urls")),
    path("stars/", include("recognition.urls")),
    path("feeds/", include("opendata.urls")),
    # GitHub and Discourse webhooks in, and the drafts they find for members.
    path("integrations/", include("integrations.urls")),
    # The community health dashboard for reviewers.
    path("insight/", include("insight.urls")),
    path("admin/", admin.site.urls),
]

# Uploads are re-encoded images (see each app's forms); the site serves them
# itself so a one-machine deployment needs no extra web server. A front proxy
# may take /media/ over.
urlpatterns += [
    re_path(
        r"^media/(?P<path>.*)$",
        static_serve,
        {"document_root": settings.MEDIA_ROOT},
        name="media",
    ),
]
