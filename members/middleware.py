"""Signed-in members see the portal in the language they chose; ``?lang=`` picks one
for a single page (the address each language's version of a page has: the
``hreflang`` alternates and the sitemap point there)."""

from django.conf import settings
from django.utils import translation

# The query parameter that names a page's language (also read by the page cache).
LANGUAGE_PARAMETER = "lang"


class PreferredLanguageMiddleware:
    """Runs after LocaleMiddleware and authentication; ``?lang=`` wins over the
    member's choice, which wins over the browser's Accept-Language and the
    language cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = dict(settings.LANGUAGES)

    def __call__(self, request):
        asked = request.GET.get(LANGUAGE_PARAMETER)
        if asked in self.supported:
            # The address names its language: it wins, for this request only.
            translation.activate(asked)
            request.LANGUAGE_CODE = asked
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.preferred_language
            if language in self.supported and language != request.LANGUAGE_CODE:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
