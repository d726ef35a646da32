"""The home page and the language switcher."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from community_portal.core.page_cache import public_page
from members.services import member_set_language


def favicon(request):
    # Resolved per request: the hashed name exists only after collectstatic.
    return redirect(static("img/logo.svg"), permanent=True)


@public_page("programs", "stations", "submissions")
def home(request):
    return render(request, "home.html")


@require_POST
def set_language(request):
    """Switch the language; a signed-in member keeps it as their preference."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        member_set_language(user=request.user, language=language)
    return response
