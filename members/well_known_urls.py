"""The issuer's public keys, mounted at /.well-known/ (members/signing.py)."""

from django.urls import path

from members.views import certifications

urlpatterns = [
    path("jwks.json", certifications.jwks, name="jwks"),
    path("did.json", certifications.did_document, name="did_document"),
]
