"""A certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential).

The JSON is published at a stable address per certificate. It names the holder
by their public name and profile address only: never their e-mail address.

Revocation is told by a W3C Bitstring Status List: each credential's
``credentialStatus`` points at one bit of a list credential the site publishes
(bit ``pk % STATUS_LIST_SIZE`` of list ``pk // STATUS_LIST_SIZE``); the bit is 1
once the certificate is revoked. The credential itself never changes when it is
revoked, so a copy signed earlier stays checkable.

Signed copies (VC-JWT, see members/signing.py) of the credential and of the status
lists are served beside the JSON when the site has a key.
"""

import base64
import gzip
from collections.abc import Callable
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from members import signing
from members.enums import CertificationTrack
from members.models import Certificate

# The W3C minimum (16 KiB of bits): a list is too large to tell whose bit is read.
STATUS_LIST_SIZE = 131_072

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _start_of(day) -> str:
    moment = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
    return moment.isoformat()


# What other apps add to a credential's subject (the titles app: the role and period
# of a certificate of service), registered in their AppConfig.ready().
_subject_details: list[Callable[[Certificate], dict]] = []


def register_subject_details(details: Callable[[Certificate], dict]) -> None:
    if details not in _subject_details:
        _subject_details.append(details)


_ACHIEVEMENT_TYPES = {
    CertificationTrack.CERTIFICATION: "Certification",
    CertificationTrack.MEMBER_BADGE: "Badge",
    CertificationTrack.SERVICE: "CommunityService",
}


def open_badge_credential(certificate: Certificate) -> dict:
    level = certificate.level
    holder = certificate.holder
    achievement = {
        "id": absolute(reverse("members:certification_level", kwargs={"slug": level.slug})),
        "type": ["Achievement"],
        "achievementType": _ACHIEVEMENT_TYPES.get(level.track, "Badge"),
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
    for details in _subject_details:
        credential["credentialSubject"].update(details(certificate))
    credential["credentialStatus"] = credential_status(certificate)
    return credential


def linkedin_add_to_profile_url(certificate: Certificate, verify_url: str) -> str:
    """LinkedIn's "Add to profile" link, the certification's fields filled in."""
    level = certificate.level
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": level.badge_name or level.name,
        "organizationName": settings.COMMUNITY_NAME,
        "issueYear": certificate.issued_on.year,
        "issueMonth": certificate.issued_on.month,
        "certUrl": verify_url,
        "certId": certificate.number,
    }
    if certificate.expires_on is not None:
        params["expirationYear"] = certificate.expires_on.year
        params["expirationMonth"] = certificate.expires_on.month
    return f"https://www.linkedin.com/profile/add?{urlencode(params)}"


# --- Revocation: the Bitstring Status List -------------------------------------------------


def status_position(certificate: Certificate) -> tuple[int, int]:
    """(list number, bit index) of the certificate's revocation bit."""
    return divmod(certificate.pk, STATUS_LIST_SIZE)


def status_list_url(number: int) -> str:
    return absolute(reverse("members:certificate_status_list", args=[number]))


def credential_status(certificate: Certificate) -> dict:
    number, index = status_position(certificate)
    url = status_list_url(number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def encoded_status_list(revoked_indexes) -> str:
    """The bits, GZIP-compressed and multibase base64url (``u`` prefix, no padding).

    Bit 0 is the first (most significant) bit of the first byte.
    """
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def status_list_credential(number: int) -> dict:
    start = number * STATUS_LIST_SIZE
    revoked = (
        Certificate.objects.revoked()
        .filter(pk__gte=start, pk__lt=start + STATUS_LIST_SIZE)
        .values_list("pk", flat=True)
    )
    url = status_list_url(number)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": absolute("/"),
        "validFrom": timezone.now().replace(microsecond=0).isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_status_list(pk - start for pk in revoked),
        },
    }


# --- Signed copies (VC-JWT) -------------------------------------------------------------------


def _epoch(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp())


def signed_credential(credential: dict) -> str | None:
    """The credential as a VC-JWT (Open Badges 3.0 §8.2); None without a key."""
    claims = {
        "iss": credential["issuer"]["id"]
        if isinstance(credential["issuer"], dict)
        else credential["issuer"],
        "jti": credential["id"],
        "nbf": _epoch(credential["validFrom"]),
        "vc": credential,
    }
    subject = credential["credentialSubject"].get("id")
    if subject:
        claims["sub"] = subject
    if "validUntil" in credential:
        claims["exp"] = _epoch(credential["validUntil"])
    return signing.sign_claims(claims)
