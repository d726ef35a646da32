"""A reminder task sent through Redis to a real Celery worker process (when REDIS_URL is set)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from community_portal.notifications.enums import EmailState
from community_portal.notifications.models import Notification
from community_portal.notifications.services import notify
from members import tasks
from tests.factories.members import CertificateFactory, CertificationLevelFactory, MemberFactory
from tests.workers import sent_emails, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_real_worker_runs_a_reminder_and_sends_each_email_once(worker):
    mail_dir = worker
    today = timezone.localdate()
    level = CertificationLevelFactory(name="Professional")
    for language in ("en", "zh-hans"):
        CertificateFactory(
            holder=MemberFactory(preferred_language=language),
            level=level,
            issued_on=today - timedelta(days=700),
            expires_on=today + timedelta(days=30),
        )
    reminders = Notification.objects.filter(key__startswith="members.cert_expiry:")

    tasks.remind_certificate_expiry.delay()

    def both_sent():
        return reminders.filter(email_state=EmailState.SENT).count() == 2

    assert wait_for(both_sent), "the worker did not run the reminder and deliver it"

    # Beat firing again (or a redelivered task) reminds nobody twice.
    tasks.remind_certificate_expiry.delay()
    with transaction.atomic():
        marker = notify(recipient=MemberFactory(), subject="Hello")
    assert wait_for(lambda: Notification.objects.get(pk=marker.pk).email_state == EmailState.SENT)

    assert reminders.count() == 2
    subjects = sorted(message["Subject"].strip() for message in sent_emails(mail_dir))
    # The date in each reader's own format.
    expires = today + timedelta(days=30)
    with translation.override("en"):
        in_english = date_format(expires, "DATE_FORMAT")
    with translation.override("zh-hans"):
        in_chinese = date_format(expires, "DATE_FORMAT")
    assert subjects == sorted(
        [
            "[Open Source Community] Hello",
            f"[Open Source Community] Your certificate Professional is valid until {in_english}",
            f"[Open Source Community] 你的证书 Professional 有效期至 {in_chinese}",
        ]
    )
