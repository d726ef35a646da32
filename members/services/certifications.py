"""Certification applications, moved step by step, and the certificates they produce.

The steps follow seed 001 §1.2: eligibility review → test score → project
evaluation → issue or reject. Each step is one function here; it checks the
step against ``APPLICATION_TABLE``, records it in the application's
history and tells the applicant. A certificate's state (valid, expired,
revoked) follows from its dates and revocation, so nothing has to run at
midnight to expire it.
"""

import base64
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.messages import content
from community_portal.core.workflow import (
    INVOLVED,
    NOT_REVIEWER,
    REVIEWER,
    change_state,
    is_reviewer,
    notify_reviewers,
)
from community_portal.notifications.services import notify
from community_portal.webhooks import events as webhook_events
from members.enums import (
    APPLICATION_TABLE,
    ApplicationAction,
    ApplicationState,
    CertificateEventKind,
    CertificateState,
)
from members.errors import CertificationError
from members.models import (
    Certificate,
    CertificateEvent,
    CertificationApplication,
    CertificationApplicationStep,
    CertificationLevel,
    User,
)
from members.selectors.certifications import member_holds_valid
from members.services.common import label, required_text

# 10 random bytes: 80 bits, written as 16 base-32 characters in four groups.
CERTIFICATE_NUMBER_BYTES = 10


def new_certificate_number() -> str:
    """An unguessable certificate number such as ``K7QF-2MZB-XD4N-P3AW``."""
    text = base64.b32encode(secrets.token_bytes(CERTIFICATE_NUMBER_BYTES)).decode()
    return "-".join(text[start : start + 4] for start in range(0, len(text), 4))


@transaction.atomic
def certification_application_submit(
    *, applicant: User, level: CertificationLevel, motivation: str
) -> CertificationApplication:
    motivation = required_text(
        motivation, error=CertificationError, message=_("Tell the reviewers what qualifies you.")
    )
    # One applicant at a time: the open-application check below cannot race.
    User.objects.select_for_update(of=("self",)).filter(pk=applicant.pk).first()
    if not level.is_open:
        raise CertificationError(_("This level does not take applications at the moment."))
    if member_holds_valid(applicant, level):
        raise CertificationError(
            _("You already hold a valid certificate of this level; ask for its renewal instead.")
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            application = CertificationApplication.objects.create(
                applicant=applicant,
                level=level,
                motivation=motivation,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:
        raise CertificationError(
            _("You already have an open application for this level.")
        ) from None
    CertificationApplicationStep.objects.create(
        application=application,
        action=ApplicationAction.APPLY,
        from_state="",
        to_state=application.state,
        actor=applicant,
        created_at=now,
    )
    notify_reviewers(
        actor=applicant,
        subject=gettext_noop("%(member)s applies for %(level)s"),
        body=gettext_noop("A certification application waits for its eligibility review."),
        params={"member": applicant.public_name, "level": content(level, "name")},
        url=reverse("admin:members_certificationapplication_change", args=[application.pk]),
    )
    return application


# The state each step leads to, in the application's table.
_STEP_TARGETS = {
    ApplicationAction.CONFIRM_ELIGIBILITY: ApplicationState.TEST,
    ApplicationAction.PASS_TEST: ApplicationState.PROJECT_EVALUATION,
    ApplicationAction.FAIL_TEST: ApplicationState.REJECTED,
    ApplicationAction.EVALUATE_PROJECT: ApplicationState.DECISION,
    ApplicationAction.ISSUE: ApplicationState.ISSUED,
    ApplicationAction.REJECT: ApplicationState.REJECTED,
    ApplicationAction.WITHDRAW: ApplicationState.WITHDRAWN,
}


def _advance(
    application: CertificationApplication,
    *,
    action: ApplicationAction,
    actor: User,
    comment: str = "",
    notify_applicant: bool = True,
    **changes,
) -> CertificationApplication:
    """Take one step with the one workflow step (lock, table, reviewer, involved, save,
    history), then tell the applicant. Runs inside the caller's transaction."""
    now = timezone.now()
    role = "applicant" if action == ApplicationAction.WITHDRAW else REVIEWER
    locked, _source = change_state(
        application,
        table=APPLICATION_TABLE,
        target=_STEP_TARGETS[action],
        actor=actor,
        role=role,
        error=CertificationError,
        queryset=CertificationApplication.objects.select_related("applicant", "level"),
        may_act=(lambda user, row: row.applicant_id == user.pk) if role == "applicant" else None,
        not_allowed=_("Only the applicant can withdraw an application."),
        involved=lambda row: [row.applicant_id],
        refused_move=lambda row, source: (
            _("This step is not possible: the application is at “%(state)s”.")
            % {"state": ApplicationState(source).label}
        ),
        comment=comment,
        changes={"updated_at": now, **changes},
        history=CertificationApplicationStep,
        history_fields=lambda row: {"application": row, "action": action},
        now=now,
    )
    if notify_applicant:
        notify(
            recipient=locked.applicant,
            actor=actor,
            subject=gettext_noop("Your application for %(level)s: %(step)s"),
            body=gettext_noop("Next: %(state)s. %(comment)s"),
            params={
                "level": content(locked.level, "name"),
                "step": label(action),
                "state": label(ApplicationState(locked.state)),
                "comment": comment,
            },
            url=reverse("members:certifications"),
        )
    application.state = locked.state
    return locked


@transaction.atomic
def certification_application_confirm_eligibility(
    *, application: CertificationApplication, reviewer: User, comment: str = ""
) -> CertificationApplication:
    return _advance(
        application,
        action=ApplicationAction.CONFIRM_ELIGIBILITY,
        actor=reviewer,
        comment=comment.strip(),
    )


@transaction.atomic
def certification_application_record_test_score(
    *, application: CertificationApplication, reviewer: User, score: int, comment: str = ""
) -> CertificationApplication:
    """A score at or above the level's pass mark moves on to the project evaluation;
    below it, the application is rejected."""
    if not 0 <= score <= 100:
        raise CertificationError(_("A test score is between 0 and 100."))
    passed = score >= application.level.pass_mark
    return _advance(
        application,
        action=ApplicationAction.PASS_TEST if passed else ApplicationAction.FAIL_TEST,
        actor=reviewer,
        comment=comment.strip(),
        test_score=score,
    )


@transaction.atomic
def certification_application_evaluate_project(
    *, application: CertificationApplication, reviewer: User, comment: str
) -> CertificationApplication:
    comment = required_text(
        comment, error=CertificationError, message=_("Write the project evaluation.")
    )
    return _advance(
        application, action=ApplicationAction.EVALUATE_PROJECT, actor=reviewer, comment=comment
    )


@transaction.atomic
def certification_application_reject(
    *, application: CertificationApplication, reviewer: User, reason: str
) -> CertificationApplication:
    reason = required_text(
        reason, error=CertificationError, message=_("Give the applicant a reason.")
    )
    return _advance(application, action=ApplicationAction.REJECT, actor=reviewer, comment=reason)


@transaction.atomic
def certification_application_withdraw(
    *, application: CertificationApplication, applicant: User
) -> CertificationApplication:
    return _advance(
        application,
        action=ApplicationAction.WITHDRAW,
        actor=applicant,
        notify_applicant=False,
    )


@transaction.atomic
def certification_application_issue(
    *, application: CertificationApplication, reviewer: User, comment: str = ""
) -> Certificate:
    """The last step: the certificate is issued today, valid for the level's validity."""
    locked = _advance(
        application,
        action=ApplicationAction.ISSUE,
        actor=reviewer,
        comment=comment.strip(),
        notify_applicant=False,
    )
    issued_on = timezone.localdate()
    certificate = Certificate.objects.create(
        number=new_certificate_number(),
        holder=locked.applicant,
        level=locked.level,
        application=locked,
        issued_on=issued_on,
        expires_on=locked.level.expiry_for(issued_on),
    )
    CertificateEvent.objects.create(
        certificate=certificate,
        kind=CertificateEventKind.ISSUED,
        actor=reviewer,
        comment=comment.strip(),
        expires_after=certificate.expires_on,
    )
    notify(
        recipient=locked.applicant,
        actor=reviewer,
        subject=gettext_noop("Your certificate is issued: %(level)s"),
        body=gettext_noop(
            "Congratulations! Certificate %(number)s is on your profile; anyone can verify it "
            "by its number."
        ),
        params={"level": content(locked.level, "name"), "number": certificate.number},
        url=certificate.get_absolute_url(),
    )
    webhook_events.certificate_issued(certificate)
    return certificate


def _lock_certificate(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("holder", "level")
        .get(pk=certificate.pk)
    )


def _refresh(certificate: Certificate, locked: Certificate, fields: list[str]) -> None:
    for field in fields:
        setattr(certificate, field, getattr(locked, field))


@transaction.atomic
def certificate_request_renewal(
    *, certificate: Certificate, holder: User, note: str
) -> Certificate:
    """The holder asks the reviewers to renew a certificate before it expires."""
    note = required_text(
        note, error=CertificationError, message=_("Tell the reviewers how you kept up to date.")
    )
    locked = _lock_certificate(certificate)
    if locked.holder_id != holder.pk:
        raise CertificationError(_("Only the holder can ask for a renewal."))
    _check_renewable(locked)
    if locked.renewal_requested_at is not None:
        raise CertificationError(_("You already asked for this renewal."))
    locked.renewal_requested_at = timezone.now()
    locked.renewal_note = note
    locked.save(update_fields=["renewal_requested_at", "renewal_note"])
    CertificateEvent.objects.create(
        certificate=locked,
        kind=CertificateEventKind.RENEWAL_REQUESTED,
        actor=holder,
        comment=note,
        expires_before=locked.expires_on,
    )
    notify_reviewers(
        actor=holder,
        subject=gettext_noop("%(member)s asks to renew %(level)s"),
        body=gettext_noop("Certificate %(number)s is valid until %(date)s."),
        params={
            "member": holder.public_name,
            "level": content(locked.level, "name"),
            "number": locked.number,
            "date": date_param(locked.expires_on),
        },
        url=reverse("admin:members_certificate_change", args=[locked.pk]),
    )
    _refresh(certificate, locked, ["renewal_requested_at", "renewal_note"])
    return locked


def _check_renewable(locked: Certificate) -> None:
    if locked.is_lifetime:
        raise CertificationError(_("A lifetime certificate never needs renewing."))
    state = locked.state_on(timezone.localdate())
    if state == CertificateState.REVOKED:
        raise CertificationError(_("A revoked certificate cannot be renewed."))
    if state == CertificateState.EXPIRED:
        raise CertificationError(
            _("This certificate has expired; only a valid certificate can be renewed.")
        )


@transaction.atomic
def certificate_renew(*, certificate: Certificate, renewed_by: User, note: str = "") -> Certificate:
    """Extend a valid certificate by its level's validity, counted from the day after
    it would have expired.

    A certificate is renewed at most one period ahead: once its last day is at or
    beyond that of a certificate issued today, it is refused. So two Renew
    clicks, or two reviewers, extend it once: the second waits for the row lock,
    re-reads the new last day and is refused with a message.
    """
    locked = _lock_certificate(certificate)
    _check_renewable(locked)
    if locked.holder_id == renewed_by.pk:
        raise CertificationError(INVOLVED)
    if not is_reviewer(renewed_by):
        raise CertificationError(NOT_REVIEWER)
    before = locked.expires_on
    if locked.level.is_lifetime:
        raise CertificationError(
            _("The level is now lifetime; ask an administrator to correct the certificate.")
        )
    if before >= locked.level.expiry_for(timezone.localdate()):
        raise CertificationError(
            _(
                "This certificate is already valid for a full period, until %(date)s: "
                "it was renewed or issued recently."
            )
            % {"date": date_format(before)}
        )
    locked.expires_on = locked.level.expiry_for(before + timedelta(days=1))
    locked.renewal_requested_at = None
    locked.renewal_note = ""
    locked.save(update_fields=["expires_on", "renewal_requested_at", "renewal_note"])
    CertificateEvent.objects.create(
        certificate=locked,
        kind=CertificateEventKind.RENEWED,
        actor=renewed_by,
        comment=note.strip(),
        expires_before=before,
        expires_after=locked.expires_on,
    )
    notify(
        recipient=locked.holder,
        actor=renewed_by,
        subject=gettext_noop("Your certificate %(level)s is renewed"),
        body=gettext_noop("Certificate %(number)s is now valid until %(date)s."),
        params={
            "level": content(locked.level, "name"),
            "number": locked.number,
            "date": date_param(locked.expires_on),
        },
        url=locked.get_absolute_url(),
    )
    _refresh(certificate, locked, ["expires_on", "renewal_requested_at", "renewal_note"])
    webhook_events.certificate_renewed(locked)
    return locked


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, revoked_by: User, reason: str) -> Certificate:
    reason = required_text(
        reason, error=CertificationError, message=_("A revocation needs a reason.")
    )
    locked = _lock_certificate(certificate)
    if locked.revoked_at is not None:
        raise CertificationError(_("This certificate is already revoked."))
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason
    locked.renewal_requested_at = None
    locked.save(update_fields=["revoked_at", "revocation_reason", "renewal_requested_at"])
    CertificateEvent.objects.create(
        certificate=locked,
        kind=CertificateEventKind.REVOKED,
        actor=revoked_by,
        comment=reason,
        expires_before=locked.expires_on,
    )
    notify(
        recipient=locked.holder,
        actor=revoked_by,
        subject=gettext_noop("Your certificate %(level)s is revoked"),
        body=gettext_noop("Certificate %(number)s is no longer valid. Reason: %(reason)s"),
        params={"level": content(locked.level, "name"), "number": locked.number, "reason": reason},
        url=locked.get_absolute_url(),
    )
    _refresh(certificate, locked, ["revoked_at", "revocation_reason", "renewal_requested_at"])
    webhook_events.certificate_revoked(locked)
    return locked
