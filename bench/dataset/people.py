"""Members (each with a verified address) and their certificates."""

import string
from datetime import date, timedelta

from bench.dataset.rows import copy_rows, first_id, skewed
from bench.dataset.vocabulary import CITIES, GIVEN, NUMBER_ALPHABET, SURNAMES


def load_members(rng, count, ref_now, tiers) -> list[int]:
    first = first_id("members_user")
    ids = list(range(first, first + count))
    tier_choices = [tiers.get("user")] * 70 + [tiers.get("contributor")] * 22
    tier_choices += [tiers.get("core_contributor")] * 8

    def rows():
        for member_id in ids:
            username = f"m{member_id:07d}"
            name = ""
            if rng.random() < 0.7:
                name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            joined = ref_now - timedelta(days=rng.random() * 4 * 365)
            yield (
                member_id,
                "!" + "".join(rng.choices(string.ascii_letters, k=20)),  # unusable password
                None,
                False,
                username,
                "",
                "",
                False,
                True,
                joined,
                f"{username}@example.net",
                name,
                "zh-hans" if rng.random() < 0.7 else "en",
                "",
                "Contributor to the community." if rng.random() < 0.3 else "",
                rng.choice(CITIES) if rng.random() < 0.7 else "",
                "",
                "",
                "",
                rng.choice(tier_choices),
            )

    copy_rows(
        "members_user",
        [
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "is_staff",
            "is_active",
            "date_joined",
            "email",
            "display_name",
            "preferred_language",
            "avatar",
            "bio",
            "city",
            "github_handle",
            "languages",
            "organization",
            "tier_id",
        ],
        rows(),
    )
    first_address = first_id("account_emailaddress")
    copy_rows(
        "account_emailaddress",
        ["id", "email", "verified", "primary", "user_id"],
        (
            (first_address + n, f"m{member_id:07d}@example.net", True, True, member_id)
            for n, member_id in enumerate(ids)
        ),
    )
    return ids


def _certificate_number(rng) -> str:
    return "-".join("".join(rng.choices(NUMBER_ALPHABET, k=4)) for _ in range(4))


def load_certificates(rng, count, levels, active, ref_now) -> str:
    first = first_id("members_certificate")
    today = ref_now.date()
    numbers = set()
    rows = []
    shown = ""
    for n in range(count):
        number = _certificate_number(rng)
        while number in numbers:
            number = _certificate_number(rng)
        numbers.add(number)
        level_id, years = levels[n % len(levels)]
        issued = today - timedelta(days=rng.randint(0, 5 * 365))
        expires = _years_later(issued, years) - timedelta(days=1) if years else None
        revoked = n % 50 == 49
        if not shown and not revoked and (expires is None or expires >= today):
            shown = number
        rows.append(
            (
                first + n,
                number,
                issued,
                expires,
                ref_now - timedelta(days=1) if revoked else None,
                "Issued by mistake." if revoked else "",
                None,
                "",
                skewed(rng, active),
                None,
                level_id,
            )
        )
    copy_rows(
        "members_certificate",
        [
            "id",
            "number",
            "issued_on",
            "expires_on",
            "revoked_at",
            "revocation_reason",
            "renewal_requested_at",
            "renewal_note",
            "holder_id",
            "application_id",
            "level_id",
        ],
        rows,
    )
    return shown


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29
        return date(day.year + years, 3, 1)
