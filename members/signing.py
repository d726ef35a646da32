"""The community's Ed25519 key: it signs Open Badges credentials and their status lists.

The proof is a VC-JWT (Open Badges 3.0 §8.2, "JSON Web Token Proof Format"): a
compact JWS with ``alg: EdDSA`` whose ``vc`` claim is the credential. It was chosen
over an embedded ``eddsa-rdfc-2022`` Data Integrity proof because that one needs RDF
dataset canonicalisation of the JSON-LD (fetching and caching remote contexts); a
JWS signs the exact bytes, and any JOSE library (PyJWT, jose, panva/jose) verifies
it against the published key without knowing JSON-LD.

The private key comes from the environment (``OPEN_BADGES_SIGNING_KEY``: the 32-byte
seed, base64url; ``manage.py create_signing_key`` makes one). The public key is
published as a JWK set at ``/.well-known/jwks.json`` and as the ``did:web`` DID
document at ``/.well-known/did.json``; the JWS header's ``kid`` is the DID URL of the
key (``did:web:<host>#<JWK thumbprint>``), which also names it in the JWK set.
Without a key the portal signs nothing and publishes an empty key set.
"""

import base64
import functools
import hashlib
import json
from urllib.parse import quote, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_private_key_text() -> str:
    """A fresh key, as OPEN_BADGES_SIGNING_KEY holds it."""
    key = Ed25519PrivateKey.generate()
    return _b64url(
        key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
    )


@functools.cache
def load_key(text: str) -> Ed25519PrivateKey:
    try:
        seed = _b64url_decode(text.strip())
        return Ed25519PrivateKey.from_private_bytes(seed)
    except ValueError as error:
        raise ImproperlyConfigured(
            "OPEN_BADGES_SIGNING_KEY is not a base64url Ed25519 key: "
            "make one with `manage.py create_signing_key`."
        ) from error


def signing_key() -> Ed25519PrivateKey | None:
    text = getattr(settings, "OPEN_BADGES_SIGNING_KEY", "")
    return load_key(text) if text else None


def public_jwk(key: Ed25519PrivateKey) -> dict:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw)}
    # RFC 7638 thumbprint: the required members, sorted, no spaces.
    canonical = json.dumps(jwk, sort_keys=True, separators=(",", ":")).encode()
    thumbprint = _b64url(hashlib.sha256(canonical).digest())
    return {**jwk, "kid": key_id(thumbprint), "use": "sig", "alg": "EdDSA"}


def issuer_did() -> str:
    """did:web of the site (the port, if any, percent-encoded as did:web asks)."""
    parts = urlsplit(settings.SITE_URL)
    return "did:web:" + quote(parts.netloc, safe="") + parts.path.replace("/", ":").rstrip(":")


def key_id(thumbprint: str) -> str:
    return f"{issuer_did()}#{thumbprint}"


def jwk_set() -> dict:
    key = signing_key()
    return {"keys": [public_jwk(key)] if key else []}


def did_document() -> dict:
    did = issuer_did()
    key = signing_key()
    methods = []
    if key is not None:
        jwk = public_jwk(key)
        public = {name: jwk[name] for name in ("kty", "crv", "x")}
        methods.append(
            {"id": jwk["kid"], "type": "JsonWebKey", "controller": did, "publicKeyJwk": public}
        )
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def sign_claims(claims: dict) -> str | None:
    """A compact JWS (EdDSA) of ``claims``; None when the portal has no key."""
    key = signing_key()
    if key is None:
        return None
    return jwt.encode(
        claims, key, algorithm="EdDSA", headers={"kid": public_jwk(key)["kid"], "typ": "JWT"}
    )
