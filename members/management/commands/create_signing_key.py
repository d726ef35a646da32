"""Prints a new Ed25519 key for signing certificates, as the environment line to set."""

from django.core.management.base import BaseCommand

from members.signing import load_key, new_private_key_text, public_jwk


class Command(BaseCommand):
    help = (
        "Create an Ed25519 key that signs Open Badges credentials. Put the printed line "
        "in the site's environment; the public key is then published at "
        "/.well-known/jwks.json and /.well-known/did.json."
    )

    def handle(self, *args, **options):
        text = new_private_key_text()
        self.stdout.write(f"OPEN_BADGES_SIGNING_KEY={text}")
        self.stderr.write(
            f"Key id: {public_jwk(load_key(text))['kid']}. Keep the key secret. To change "
            "it later, use rotate_signing_key: a key simply replaced makes earlier signed "
            "copies unverifiable."
        )
