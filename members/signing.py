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

**Rotation.** ``OPEN_BADGES_RETIRED_KEYS`` lists earlier keys by their public part
only (the JWK's ``x``, comma-separated): they sign nothing any more but stay
published, after the current key, so that copies signed with them still verify
(a ``kid`` is the key's thumbprint, so it stays the same). ``manage.py
rotate_signing_key`` prints a new key and the list with the current key added.
"""

import base64
import functools
import hashlib
import json
from urllib.parse import quote, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
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


@functools.cache
def load_public_key(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(_b64url_decode(text.strip()))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"OPEN_BADGES_RETIRED_KEYS: {text.strip()!r} is not a base64url Ed25519 "
            "public key (the x of a JWK, as `manage.py rotate_signing_key` prints it)."
        ) from error


def retired_keys() -> list[Ed25519PublicKey]:
    """Earlier keys, kept to verify what they signed (newest first, as listed)."""
    texts = getattr(settings, "OPEN_BADGES_RETIRED_KEYS", ())
    if isinstance(texts, str):
        texts = texts.split(",")
    return [load_public_key(text) for text in texts if text.strip()]


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The public key as OPEN_BADGES_RETIRED_KEYS lists it (the JWK's x)."""
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    return _b64url(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def verification_keys() -> list[Ed25519PublicKey]:
    """Every published key: the current one first, then the retired ones, once each."""
    current = signing_key()
    keys, seen = [], set()
    for key in ([current.public_key()] if current else []) + retired_keys():
        if public_key_text(key) not in seen:
            seen.add(public_key_text(key))
            keys.append(key)
    return keys


def public_jwk(key: Ed25519PrivateKey | Ed25519PublicKey) -> dict:
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": public_key_text(key)}
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
    return {"keys": [public_jwk(key) for key in verification_keys()]}


def did_document() -> dict:
    """Every published key may verify an assertion: what a retired key signed stays valid."""
    did = issuer_did()
    methods = []
    for key in verification_keys():
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
