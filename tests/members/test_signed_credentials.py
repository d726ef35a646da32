"""Signed Open Badges credentials, checked the way another party would: PyJWT verifies
the VC-JWT against the key published at /.well-known/, and the revocation bit is read
from the published Bitstring Status List."""

import base64
import gzip
import json
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.core.management import call_command
from django.urls import reverse

from community_portal.core.formatting import machine_time
from members.services.certifications import certificate_revoke
from members.signing import new_private_key_text
from tests.factories.members import CertificateFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signing_key(settings):
    settings.OPEN_BADGES_SIGNING_KEY = new_private_key_text()
    return settings.OPEN_BADGES_SIGNING_KEY


def _path(url: str) -> str:
    return urlsplit(url).path


def _verify(client, token: str) -> dict:
    """What a verifier does: find the key by the token's kid in the published set."""
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    published = next(key for key in keys if key["kid"] == kid)
    key = jwt.PyJWK(published)
    return jwt.decode(token, key.key, algorithms=["EdDSA"], options={"verify_aud": False})


def _revoked(client, status: dict) -> bool:
    token = client.get(_path(status["statusListCredential"]).replace(".json", ".jwt")).content
    status_list = _verify(client, token.decode())["vc"]
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    data = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    index = int(status["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_signed_credential_verifies_with_the_published_key_and_is_not_revoked(client):
    certificate = CertificateFactory()

    response = client.get(reverse("members:certificate_credential_jwt", args=[certificate.number]))
    claims = _verify(client, response.content.decode())

    assert response["Content-Type"] == "application/jwt"
    credential = claims["vc"]
    assert "OpenBadgeCredential" in credential["type"]
    assert claims["jti"] == credential["id"]
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert credential["credentialStatus"]["statusPurpose"] == "revocation"
    assert _revoked(client, credential["credentialStatus"]) is False


def test_revoked_certificate_is_revoked_in_the_status_list_and_its_signature_still_holds(client):
    certificate = CertificateFactory()
    other = CertificateFactory()
    token = client.get(
        reverse("members:certificate_credential_jwt", args=[certificate.number])
    ).content.decode()

    certificate_revoke(certificate=certificate, revoked_by=ReviewerFactory(), reason="Cheated.")

    status = _verify(client, token)["vc"]["credentialStatus"]
    assert _revoked(client, status) is True
    other_token = client.get(
        reverse("members:certificate_credential_jwt", args=[other.number])
    ).content.decode()
    assert _revoked(client, _verify(client, other_token)["vc"]["credentialStatus"]) is False


def test_tampered_credential_fails_verification(client):
    certificate = CertificateFactory()
    token = client.get(
        reverse("members:certificate_credential_jwt", args=[certificate.number])
    ).content.decode()
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["credentialSubject"]["achievement"]["name"] = "Master"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    with pytest.raises(jwt.InvalidSignatureError):
        _verify(client, f"{header}.{forged}.{signature}")


def test_json_credential_carries_its_status_entry(client):
    certificate = CertificateFactory()

    credential = client.get(
        reverse("members:certificate_credential", args=[certificate.number])
    ).json()

    status = credential["credentialStatus"]
    assert status["statusListIndex"] == str(certificate.pk)
    assert client.get(_path(status["statusListCredential"])).json()["type"] == [
        "VerifiableCredential",
        "BitstringStatusListCredential",
    ]


def test_did_document_publishes_the_same_key(client):
    did = client.get("/.well-known/did.json").json()
    jwks = client.get("/.well-known/jwks.json").json()

    method = did["verificationMethod"][0]
    assert did["id"].startswith("did:web:")
    assert method["id"] == jwks["keys"][0]["kid"]
    assert method["publicKeyJwk"]["x"] == jwks["keys"][0]["x"]
    assert did["assertionMethod"] == [method["id"]]


def test_without_a_key_nothing_is_signed_and_no_key_is_published(client, settings):
    settings.OPEN_BADGES_SIGNING_KEY = ""
    certificate = CertificateFactory()

    response = client.get(reverse("members:certificate_credential_jwt", args=[certificate.number]))

    assert response.status_code == 404
    assert client.get("/.well-known/jwks.json").json() == {"keys": []}


def test_create_signing_key_prints_a_usable_key(capsys, settings, client):
    call_command("create_signing_key")
    line = capsys.readouterr().out.strip()
    assert line.startswith("OPEN_BADGES_SIGNING_KEY=")
    settings.OPEN_BADGES_SIGNING_KEY = line.split("=", 1)[1]
    certificate = CertificateFactory()

    token = client.get(
        reverse("members:certificate_credential_jwt", args=[certificate.number])
    ).content.decode()

    assert _verify(client, token)["vc"]["id"].endswith("credential.json")


def test_revoked_certificate_page_shows_date_and_reason_and_offers_no_sharing(client):
    certificate = CertificateFactory()
    certificate_revoke(
        certificate=certificate, revoked_by=ReviewerFactory(), reason="Exam answers copied."
    )

    page = client.get(certificate.get_absolute_url()).content.decode()

    assert "This certificate was revoked." in page
    assert "Exam answers copied." in page
    assert f'datetime="{machine_time(certificate.revoked_at)}"' in page
    assert "linkedin.com" not in page


def test_certificate_page_leads_with_the_badge_and_offers_linkedin_and_a_share_link(client):
    from tests.opendata.test_discovery import _uploaded

    certificate = CertificateFactory(level__badge_image=_uploaded("badge.png"))

    page = client.get(certificate.get_absolute_url()).content.decode()

    assert page.index('class="certificate-badge"') < page.index("<h1>")
    linkedin = page.split('href="https://www.linkedin.com/profile/add?', 1)[1].split('"', 1)[0]
    params = parse_qs(linkedin.replace("&amp;", "&"))
    assert params["startTask"] == ["CERTIFICATION_NAME"]
    assert params["name"] == [certificate.level.badge_name]
    assert params["certId"] == [certificate.number]
    assert params["issueYear"] == [str(certificate.issued_on.year)]
    assert params["issueMonth"] == [str(certificate.issued_on.month)]
    assert params["certUrl"][0].endswith(certificate.get_absolute_url())
    # The link is there to select without JavaScript; the copy button only with it.
    assert f'value="{params["certUrl"][0]}" readonly' in page
    assert 'data-copy="share-link"' in page
