"""Template context every page needs: who the community is."""

from django.conf import settings
from django.templatetags.static import static


def community(request):
    return {
        "community": {
            "name": settings.COMMUNITY_NAME,
            "logo_url": settings.COMMUNITY_LOGO_URL or static("img/logo.svg"),
            "code_of_conduct_url": settings.CODE_OF_CONDUCT_URL,
            "contact_email": settings.CONTACT_EMAIL,
        }
    }
