"""Site 1 of the sites framework follows the settings: the community's name, SITE_URL's host.

allauth and Django's own e-mails ("Hello from ...", password reset) read the
current Site; every other absolute link is built from SITE_URL. Updated on every
``migrate`` (which ``make run`` and every deployment run), so the two never
disagree and never say example.com.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_domain() -> str:
    """The host (and port) of SITE_URL, as the sites framework stores it."""
    return urlsplit(settings.SITE_URL).netloc[:100] or "localhost"


def sync_site(using="default", **kwargs) -> None:
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": site_domain(), "name": settings.COMMUNITY_NAME[:50]},
    )
