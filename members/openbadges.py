"""A certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential).

The JSON is published at a stable address per certificate. It names the holder
by their public name and profile address only: never their e-mail address. It
carries no cryptographic proof (the portal keeps no signing keys); it is
"hosted" verification: the credential is authentic because the community's own
site serves it, and the verification page says whether it is still valid.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from members.enums import CertificationTrack
from members.models import Certificate

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _start_of(day) -> str:
    moment = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
    return moment.isoformat()


def open_badge_credential(certificate: Certificate) -> dict:
    level = certificate.level
    holder = certificate.holder
    achievement = {
        "id": absolute(reverse("members:certification_level", kwargs={"slug": level.slug})),
        "type": ["Achievement"],
        "achievementType": (
            "Certification" if level.track == CertificationTrack.CERTIFICATION else "Badge"
        ),
        "name": level.badge_name or level.name,
        "description": level.description or level.name,
        "criteria": {"narrative": level.requirements},
    }
    if level.badge_image:
        achievement["image"] = {"id": absolute(level.badge_image.url), "type": "Image"}
    credential = {
        "@context": CONTEXT,
        "id": absolute(reverse("members:certificate_credential", args=[certificate.number])),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{level.badge_name or level.name} · {certificate.number}",
        "issuer": {
            "id": absolute("/"),
            "type": ["Profile"],
            "name": settings.COMMUNITY_NAME,
            "url": absolute("/"),
        },
        "validFrom": _start_of(certificate.issued_on),
        "credentialSubject": {
            "id": absolute(holder.get_absolute_url()),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": holder.public_name,
                }
            ],
            "achievement": achievement,
        },
        "evidence": [
            {
                "id": absolute(certificate.get_absolute_url()),
                "type": ["Evidence"],
                "name": f"Verification page of certificate {certificate.number}",
            }
        ],
    }
    if certificate.expires_on is not None:
        # Valid through its last day: the credential ends when the next day begins.
        credential["validUntil"] = _start_of(certificate.expires_on + timedelta(days=1))
    return credential
