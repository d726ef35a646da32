"""The language switcher: a signed-in member keeps the choice as their preference."""

from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from members.services import member_set_language


@require_POST
def set_language(request):
    """Switch the language; a signed-in member keeps it as their preference."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        member_set_language(user=request.user, language=language)
    return response
