"""Certificates: expiry per level at the boundaries, renewal, revocation, public pages."""

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse

from community_portal.notifications.models import Notification
from members.enums import CertificateState
from members.errors import CertificationError
from members.models import Certificate, CertificateEvent
from members.models.certifications import add_years, period_end
from members.services.certifications import (
    certificate_renew,
    certificate_request_renewal,
    certificate_revoke,
    certification_application_confirm_eligibility,
    certification_application_evaluate_project,
    certification_application_issue,
    certification_application_record_test_score,
    new_certificate_number,
)
from tests.factories.members import (
    CertificateFactory,
    CertificationApplicationFactory,
    CertificationLevelFactory,
    MemberFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 12):
    """A moment on a local (Asia/Shanghai) day."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def issue(level, reviewer, day: date) -> Certificate:
    """Walk an application through every step and issue its certificate on ``day``."""
    application = CertificationApplicationFactory(level=level)
    with time_machine.travel(at(day), tick=False):
        certification_application_confirm_eligibility(application=application, reviewer=reviewer)
        certification_application_record_test_score(
            application=application, reviewer=reviewer, score=90
        )
        certification_application_evaluate_project(
            application=application, reviewer=reviewer, comment="Solid project"
        )
        return certification_application_issue(application=application, reviewer=reviewer)


# --- Expiry at the boundaries, for every level -----------------------------------------

LEVELS = [
    # name, validity in years, issued on, last valid day, first expired day
    ("foundation", 2, date(2026, 3, 15), date(2028, 3, 14), date(2028, 3, 15)),
    ("professional", 3, date(2026, 3, 15), date(2029, 3, 14), date(2029, 3, 15)),
    ("expert", 5, date(2026, 3, 15), date(2031, 3, 14), date(2031, 3, 15)),
    ("foundation-new-year", 2, date(2026, 1, 1), date(2027, 12, 31), date(2028, 1, 1)),
]


@pytest.mark.parametrize(
    ("name", "years", "issued_on", "last_valid", "first_expired"),
    LEVELS,
    ids=[r[0] for r in LEVELS],
)
def test_certificate_is_valid_through_its_last_day_and_expired_the_next(
    reviewer, name, years, issued_on, last_valid, first_expired
):
    level = CertificationLevelFactory(validity_years=years)

    certificate = issue(level, reviewer, issued_on)

    assert (certificate.issued_on, certificate.expires_on) == (issued_on, last_valid)
    with time_machine.travel(at(last_valid, hour=23), tick=False):
        assert certificate.state == CertificateState.VALID
        assert Certificate.objects.valid_on(last_valid).filter(pk=certificate.pk).exists()
    with time_machine.travel(at(first_expired, hour=0), tick=False):
        assert certificate.state == CertificateState.EXPIRED
        assert Certificate.objects.expired_on(first_expired).filter(pk=certificate.pk).exists()


def test_master_certificate_is_lifetime(reviewer):
    level = CertificationLevelFactory(validity_years=None)

    certificate = issue(level, reviewer, date(2026, 3, 15))

    assert certificate.expires_on is None
    with time_machine.travel(at(date(2126, 3, 15)), tick=False):
        assert certificate.state == CertificateState.VALID


def test_issue_date_is_the_local_date_in_shanghai(reviewer):
    level = CertificationLevelFactory(validity_years=2)
    application = CertificationApplicationFactory(level=level, state="decision")

    # 2026-03-14 17:30 UTC is already 2026-03-15 in Shanghai.
    with time_machine.travel(datetime(2026, 3, 14, 17, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        certificate = certification_application_issue(application=application, reviewer=reviewer)

    assert certificate.issued_on == date(2026, 3, 15)


@pytest.mark.parametrize(
    ("start", "years", "anniversary", "last_day"),
    [
        (date(2024, 2, 29), 2, date(2026, 3, 1), date(2026, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29), date(2028, 2, 28)),
        (date(2024, 2, 29), 3, date(2027, 3, 1), date(2027, 2, 28)),
        (date(2024, 3, 1), 2, date(2026, 3, 1), date(2026, 2, 28)),
        (date(2023, 2, 28), 1, date(2024, 2, 28), date(2024, 2, 27)),
    ],
)
def test_february_29_has_its_anniversary_on_march_1_in_common_years(
    start, years, anniversary, last_day
):
    assert add_years(start, years) == anniversary
    assert period_end(start, years) == last_day


def test_certificate_issued_on_february_29_is_valid_through_february_28(reviewer):
    level = CertificationLevelFactory(validity_years=2)

    certificate = issue(level, reviewer, date(2024, 2, 29))

    assert certificate.expires_on == date(2026, 2, 28)
    with time_machine.travel(at(date(2026, 3, 1), hour=0), tick=False):
        assert certificate.state == CertificateState.EXPIRED


# --- Numbers ----------------------------------------------------------------------------


def test_certificate_numbers_carry_80_random_bits_in_four_groups():
    numbers = {new_certificate_number() for _ in range(200)}

    assert len(numbers) == 200
    for number in numbers:
        assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", number)
    # 16 base-32 characters: 16 x 5 = 80 bits.
    assert len(next(iter(numbers)).replace("-", "")) * 5 == 80


def test_database_refuses_a_malformed_number():
    with pytest.raises(IntegrityError):
        CertificateFactory(number="1234")


def test_database_refuses_a_duplicate_number():
    first = CertificateFactory()
    with pytest.raises(IntegrityError):
        CertificateFactory(number=first.number)


def test_database_refuses_an_expiry_before_the_issue_date():
    with pytest.raises(IntegrityError):
        CertificateFactory(issued_on=date(2026, 3, 15), expires_on=date(2026, 3, 14))


def test_database_refuses_a_revocation_without_a_reason():
    certificate = CertificateFactory()
    with pytest.raises(IntegrityError):
        Certificate.objects.filter(pk=certificate.pk).update(revoked_at=datetime.now(SHANGHAI))


# --- Renewal ----------------------------------------------------------------------------


def test_renewal_before_expiry_extends_by_the_levels_validity(
    reviewer, django_capture_on_commit_callbacks
):
    level = CertificationLevelFactory(validity_years=3)
    certificate = CertificateFactory(level=level, issued_on=date(2026, 3, 15))

    with (
        time_machine.travel(at(date(2029, 3, 14)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        certificate_renew(certificate=certificate, renewed_by=reviewer, note="Kept up")

    certificate.refresh_from_db()
    assert certificate.expires_on == date(2032, 3, 14)
    event = CertificateEvent.objects.get(certificate=certificate, kind="renewed")
    assert (event.expires_before, event.expires_after, event.actor) == (
        date(2029, 3, 14),
        date(2032, 3, 14),
        reviewer,
    )
    assert Notification.objects.filter(recipient=certificate.holder).count() == 1


def test_renewal_after_expiry_is_refused(reviewer):
    certificate = CertificateFactory(issued_on=date(2026, 3, 15))

    with time_machine.travel(at(date(2028, 3, 15)), tick=False), pytest.raises(CertificationError):
        certificate_renew(certificate=certificate, renewed_by=reviewer)


def test_lifetime_and_revoked_certificates_are_not_renewed(reviewer):
    lifetime = CertificateFactory(level=CertificationLevelFactory(validity_years=None))
    revoked = CertificateFactory()
    certificate_revoke(certificate=revoked, revoked_by=reviewer, reason="fraud")

    for certificate in (lifetime, revoked):
        with pytest.raises(CertificationError):
            certificate_renew(certificate=certificate, renewed_by=reviewer)


def test_holder_asks_for_renewal_and_reviewers_hear_of_it(
    django_capture_on_commit_callbacks, reviewer
):
    certificate = CertificateFactory()
    client_holder = certificate.holder

    with django_capture_on_commit_callbacks(execute=True):
        certificate_request_renewal(
            certificate=certificate, holder=client_holder, note="Course done"
        )

    certificate.refresh_from_db()
    assert certificate.renewal_requested_at is not None
    assert Notification.objects.filter(recipient=reviewer).count() == 1
    with pytest.raises(CertificationError):
        certificate_request_renewal(certificate=certificate, holder=client_holder, note="again")


def test_renewal_request_of_another_members_certificate_is_not_found(member_client):
    certificate = CertificateFactory()

    response = member_client.post(
        reverse("members:certificate_renewal", args=[certificate.number]), {"note": "mine?"}
    )

    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.renewal_requested_at is None


def test_holder_asks_for_renewal_from_their_page(client):
    certificate = CertificateFactory()
    client.force_login(certificate.holder)

    response = client.post(
        reverse("members:certificate_renewal", args=[certificate.number]),
        {"note": "New course"},
        follow=True,
    )

    assert "Your renewal request is sent to the reviewers." in response.content.decode()


def test_reviewer_cannot_renew_their_own_certificate(reviewer):
    certificate = CertificateFactory(holder=reviewer)

    with pytest.raises(CertificationError):
        certificate_renew(certificate=certificate, renewed_by=reviewer)


# --- Revocation -------------------------------------------------------------------------


def test_revocation_needs_a_reason(reviewer):
    certificate = CertificateFactory()

    with pytest.raises(CertificationError):
        certificate_revoke(certificate=certificate, revoked_by=reviewer, reason="  ")


def test_revocation_makes_the_certificate_revoked_and_tells_the_holder(
    reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    certificate = CertificateFactory()

    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, revoked_by=reviewer, reason="Copied exam")

    certificate.refresh_from_db()
    assert certificate.state == CertificateState.REVOKED
    assert "Copied exam" in mailoutbox[0].body
    with pytest.raises(CertificationError):
        certificate_revoke(certificate=certificate, revoked_by=reviewer, reason="twice")


# --- Public pages -----------------------------------------------------------------------


def test_verification_page_shows_holder_level_dates_and_state(client):
    certificate = CertificateFactory(
        holder=MemberFactory(display_name="Lin Wei", email="lin.secret@example.com"),
        issued_on=date(2026, 3, 15),
    )

    with time_machine.travel(at(date(2026, 6, 1)), tick=False):
        response = client.get(reverse("members:certificate", args=[certificate.number]))

    page = response.content.decode()
    assert "Lin Wei" in page
    assert certificate.level.name in page
    assert "March 15, 2026" in page
    assert "March 14, 2028" in page
    assert "This certificate is valid." in page
    assert "lin.secret" not in page


@pytest.mark.parametrize(
    ("revoke", "day", "says"),
    [
        (False, date(2028, 3, 15), "This certificate has expired."),
        (True, date(2026, 6, 1), "This certificate was revoked."),
    ],
)
def test_verification_page_says_expired_or_revoked(client, reviewer, revoke, day, says):
    certificate = CertificateFactory(issued_on=date(2026, 3, 15))
    if revoke:
        certificate_revoke(certificate=certificate, revoked_by=reviewer, reason="public reason")

    with time_machine.travel(at(day), tick=False):
        page = client.get(
            reverse("members:certificate", args=[certificate.number])
        ).content.decode()

    assert says in page
    # Whoever checks a revoked certificate learns why (issue 13).
    assert ("public reason" in page) is revoke


def test_lookup_by_number_finds_the_certificate_however_it_is_typed(client):
    certificate = CertificateFactory()
    typed = certificate.number.replace("-", " ").lower()

    response = client.get(reverse("members:certificate_verify"), {"number": typed})

    assert response.status_code == 302
    assert response.url == reverse("members:certificate", args=[certificate.number])


@pytest.mark.parametrize("typed", ["AAAA-BBBB-CCCC-DDDD", "", "not a number", "x" * 500])
def test_lookup_of_an_unknown_or_bad_number_gets_a_message(client, typed):
    response = client.get(reverse("members:certificate_verify"), {"number": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert "No certificate has this number" in page or "errorlist" in page


def test_unknown_number_in_the_address_is_not_found(client):
    for name in ("certificate", "certificate_print", "certificate_qr", "certificate_credential"):
        assert (
            client.get(reverse(f"members:{name}", args=["AAAA-BBBB-CCCC-DDDD"])).status_code == 404
        )


def test_printable_certificate_has_the_qr_code_served_by_the_site(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    certificate = CertificateFactory(holder=MemberFactory(email="hidden@example.com"))

    page = client.get(
        reverse("members:certificate_print", args=[certificate.number])
    ).content.decode()
    qr = client.get(reverse("members:certificate_qr", args=[certificate.number]))

    assert f'src="{reverse("members:certificate_qr", args=[certificate.number])}"' in page
    assert f"https://portal.example.org/members/certificates/{certificate.number}/" in page
    assert "hidden@example.com" not in page
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")
    assert b"<script" not in qr.content


def test_open_badges_credential_has_the_shape_of_ob_3(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.COMMUNITY_NAME = "openGemini"
    holder = MemberFactory(display_name="Lin Wei", email="lin.private@example.com")
    certificate = CertificateFactory(holder=holder, issued_on=date(2026, 3, 15))
    url = reverse("members:certificate_credential", args=[certificate.number])

    response = client.get(url)

    assert response["Content-Type"].startswith("application/ld+json")
    credential = json.loads(response.content)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["id"] == f"https://portal.example.org{url}"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["issuer"]["name"] == "openGemini"
    assert credential["validFrom"] == "2026-03-15T00:00:00+08:00"
    assert credential["validUntil"] == "2028-03-15T00:00:00+08:00"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["id"] == f"https://portal.example.org/members/people/{holder.username}/"
    assert subject["identifier"][0]["identityHash"] == "Lin Wei"
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == certificate.level.badge_name
    assert achievement["criteria"]["narrative"] == certificate.level.requirements
    assert "lin.private" not in response.content.decode()


def test_lifetime_credential_has_no_valid_until(client):
    certificate = CertificateFactory(level=CertificationLevelFactory(validity_years=None))

    credential = client.get(
        reverse("members:certificate_credential", args=[certificate.number])
    ).json()

    assert "validUntil" not in credential


@pytest.mark.parametrize("renewals", [1, 50])
def test_verification_page_queries_do_not_grow_with_its_history(
    client, reviewer, django_assert_num_queries, renewals
):
    certificate = CertificateFactory()
    CertificateFactory.create_batch(3, holder=certificate.holder)
    for _ in range(renewals):
        CertificateEvent.objects.create(certificate=certificate, kind="renewed", actor=reviewer)
    url = reverse("members:certificate", args=[certificate.number])

    # the certificate with its holder and level, and its history
    with django_assert_num_queries(2):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("ABCD-EFGH-IJKL-MN0P", "it cannot contain 0"),
        ("ABCD-EFGH-IJKL-MN1P", "it cannot contain 1"),
        ("ABCD-EFGH-IJKL", "this one has 12"),
        ("ABCD-EFGH-IJKL-MNOPQ", "this one has 17"),
    ],
)
def test_a_malformed_number_is_told_what_is_wrong(client, db, typed, says):
    response = client.get(reverse("members:certificate_verify"), {"number": typed})

    assert response.status_code == 200
    assert says in response.content.decode()


def test_a_well_formed_number_nobody_holds_is_told_apart(client, db):
    response = client.get(reverse("members:certificate_verify"), {"number": "aaaa bbbb cccc dddd"})

    page = response.content.decode()
    assert "AAAA-BBBB-CCCC-DDDD is a well-formed number, but no certificate has it." in page
    assert "errorlist" in page  # beside the field
