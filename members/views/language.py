"""The language switcher: a signed-in member keeps the choice as their preference.

An anonymous visitor's switch only sets the language cookie, so it needs no CSRF
token: the footer form of a public page carries none, and the cached page is the
same bytes for every visitor (no token to put in, no CSRF cookie to set). A
signed-in member's switch changes their profile, and is checked as any POST is.
"""

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from members.services import member_set_language

_csrf = CsrfViewMiddleware(lambda request: None)


def _checked_view():
    """Stands for a view without ``csrf_exempt`` in the CSRF check below."""


@csrf_exempt
@require_POST
def set_language(request):
    """Switch the language; a signed-in member keeps it as their preference."""
    if request.user.is_authenticated:
        refused = _csrf.process_view(request, _checked_view, (), {})
        if refused is not None:
            return refused
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        member_set_language(user=request.user, language=language)
    return response
