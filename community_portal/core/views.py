"""The home page and the favicon."""

from django.shortcuts import redirect, render
from django.templatetags.static import static

from community_portal.core.page_cache import public_page


def favicon(request):
    # Resolved per request: the hashed name exists only after collectstatic.
    return redirect(static("img/logo.svg"), permanent=True)


@public_page("members", "programs", "recognition", "stations", "submissions")
def home(request):
    return render(request, "home.html")
