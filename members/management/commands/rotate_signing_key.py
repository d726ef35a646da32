"""Prints a new signing key and the retired keys with the current one added."""

from django.conf import settings
from django.core.management.base import BaseCommand

from members.signing import (
    load_key,
    new_private_key_text,
    public_jwk,
    public_key_text,
    retired_keys,
    signing_key,
)


class Command(BaseCommand):
    help = (
        "Rotate the key that signs Open Badges credentials: prints a new "
        "OPEN_BADGES_SIGNING_KEY and OPEN_BADGES_RETIRED_KEYS with the current key's "
        "public part added, so that credentials signed before keep verifying. Put both "
        "lines in the site's environment and restart it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--forget",
            action="append",
            default=[],
            metavar="KID",
            help="Stop publishing this retired key (its key id, as in /.well-known/jwks.json): "
            "what it signed no longer verifies.",
        )

    def handle(self, *args, forget, **options):
        current = signing_key()
        kept = ([current.public_key()] if current else []) + retired_keys()
        kept = [key for key in kept if public_jwk(key)["kid"] not in forget]
        texts = list(dict.fromkeys(public_key_text(key) for key in kept))
        new = new_private_key_text()
        self.stdout.write(f"OPEN_BADGES_SIGNING_KEY={new}")
        self.stdout.write(f"OPEN_BADGES_RETIRED_KEYS={','.join(texts)}")
        old = public_jwk(current)["kid"] if current else "none"
        self.stderr.write(
            f"New key id: {public_jwk(load_key(new))['kid']} (signs from now on). "
            f"Previous key: {old}; {len(texts)} retired key(s) stay published for "
            f"verification at {settings.SITE_URL}/.well-known/jwks.json."
        )
