"""The signature check, against the providers' documented examples."""

from integrations.signatures import sign, signature_is_valid

# GitHub's documentation ("Validating webhook deliveries", testing the validation).
GITHUB_SECRET = "It's a Secret to Everybody"
GITHUB_BODY = b"Hello, World!"
GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_signature_is_githubs_documented_example():
    assert sign(GITHUB_BODY, GITHUB_SECRET) == GITHUB_SIGNATURE
    assert signature_is_valid(body=GITHUB_BODY, header=GITHUB_SIGNATURE, secret=GITHUB_SECRET)


def test_one_changed_byte_fails():
    assert not signature_is_valid(
        body=b"Hello, World?", header=GITHUB_SIGNATURE, secret=GITHUB_SECRET
    )
    assert not signature_is_valid(
        body=GITHUB_BODY, header=GITHUB_SIGNATURE[:-1] + "f", secret=GITHUB_SECRET
    )


def test_no_secret_never_validates():
    assert not signature_is_valid(body=b"", header=sign(b"", ""), secret="")


def test_upper_case_hex_is_not_the_signature():
    # Both providers send lower-case hex; anything else is not what they sent.
    assert not signature_is_valid(
        body=GITHUB_BODY, header=GITHUB_SIGNATURE.upper(), secret=GITHUB_SECRET
    )
