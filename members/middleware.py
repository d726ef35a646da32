"""Signed-in members see the portal in the language they chose."""

from django.conf import settings
from django.utils import translation


class PreferredLanguageMiddleware:
    """Runs after LocaleMiddleware and authentication; the member's choice wins
    over the browser's Accept-Language and the language cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = dict(settings.LANGUAGES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.preferred_language
            if language in self.supported and language != request.LANGUAGE_CODE:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
