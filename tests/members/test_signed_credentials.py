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


# --- Key rotation ------------------------------------------------------------------------


def _rotate(capsys, settings, *arguments):
    """Run rotate_signing_key and put the two lines it prints in the settings."""
    capsys.readouterr()
    call_command("rotate_signing_key", *arguments)
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    assert set(lines) == {"OPEN_BADGES_SIGNING_KEY", "OPEN_BADGES_RETIRED_KEYS"}
    settings.OPEN_BADGES_SIGNING_KEY = lines["OPEN_BADGES_SIGNING_KEY"]
    retired = lines["OPEN_BADGES_RETIRED_KEYS"].split(",")
    settings.OPEN_BADGES_RETIRED_KEYS = [key for key in retired if key]


def _signed(client, certificate) -> str:
    url = reverse("members:certificate_credential_jwt", args=[certificate.number])
    return client.get(url).content.decode()


def test_a_credential_signed_before_a_rotation_still_verifies_and_new_ones_use_the_new_key(
    capsys, settings, client
):
    settings.PAGE_CACHE_ENABLED = False
    certificate = CertificateFactory()
    before = _signed(client, certificate)
    old_kid = jwt.get_unverified_header(before)["kid"]

    _rotate(capsys, settings)
    after = _signed(client, certificate)

    new_kid = jwt.get_unverified_header(after)["kid"]
    assert new_kid != old_kid
    assert _verify(client, before)["vc"]["id"] == _verify(client, after)["vc"]["id"]
    jwks = client.get("/.well-known/jwks.json").json()
    assert [key["kid"] for key in jwks["keys"]] == [new_kid, old_kid]
    did = client.get("/.well-known/did.json").json()
    assert [m["id"] for m in did["verificationMethod"]] == [new_kid, old_kid]
    assert did["assertionMethod"] == [new_kid, old_kid]


def test_a_second_rotation_keeps_every_earlier_key_until_one_is_forgotten(capsys, settings, client):
    settings.PAGE_CACHE_ENABLED = False
    certificate = CertificateFactory()
    first = _signed(client, certificate)
    _rotate(capsys, settings)
    second = _signed(client, certificate)
    _rotate(capsys, settings)
    third = _signed(client, certificate)

    for token in (first, second, third):
        assert _verify(client, token)["vc"]["credentialSubject"]

    first_kid = jwt.get_unverified_header(first)["kid"]
    _rotate(capsys, settings, "--forget", first_kid)
    kids = [key["kid"] for key in client.get("/.well-known/jwks.json").json()["keys"]]
    assert first_kid not in kids and len(kids) == 3
    with pytest.raises(StopIteration):  # no published key has the first token's kid
        _verify(client, first)
    assert _verify(client, third)["vc"]["credentialSubject"]


def test_the_status_list_is_signed_with_the_current_key_after_a_rotation(capsys, settings, client):
    settings.PAGE_CACHE_ENABLED = False
    certificate = CertificateFactory()
    _rotate(capsys, settings)
    credential = _verify(client, _signed(client, certificate))["vc"]

    status_list = client.get(
        _path(credential["credentialStatus"]["statusListCredential"]).replace(".json", ".jwt")
    ).content.decode()

    current = client.get("/.well-known/jwks.json").json()["keys"][0]["kid"]
    assert jwt.get_unverified_header(status_list)["kid"] == current
    assert _revoked(client, credential["credentialStatus"]) is False


def test_a_retired_key_that_is_not_a_public_key_is_a_configuration_error(settings, client):
    from django.core.exceptions import ImproperlyConfigured

    settings.OPEN_BADGES_RETIRED_KEYS = ["not a key"]

    with pytest.raises(ImproperlyConfigured, match="OPEN_BADGES_RETIRED_KEYS"):
        client.get("/.well-known/jwks.json")
