"""The delivery guarantees of the notification pipeline."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from celery.exceptions import Retry
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from community_portal.notifications import delivery, services, tasks
from community_portal.notifications.enums import DeliveryOutcome, EmailState
from community_portal.notifications.messages import message_lines, render_message, translatable
from community_portal.notifications.models import Notification
from community_portal.notifications.services import PlannedNotification, notify_each
from members.services import member_welcome
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db

SEND = "django.core.mail.EmailMultiAlternatives.send"


def test_notification_is_delivered_after_commit_not_before(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = services.notify(recipient=member, subject="Your application was approved")
        assert Notification.objects.filter(pk=notification.pk).exists()
        assert mailoutbox == []

    notification.refresh_from_db()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert notification.email_state == EmailState.SENT
    assert notification.emailed_at is not None


def test_rolled_back_change_stores_and_sends_nothing(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify(recipient=member, subject="Your application was approved")
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_email_is_written_in_the_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    member = MemberFactory(preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        member_welcome(user=member)

    assert len(mailoutbox) == 1
    assert "欢迎加入" in mailoutbox[0].subject
    assert "你的电子邮箱地址已验证" in mailoutbox[0].body


def test_translatable_parameter_is_translated_when_rendered(member):
    notification = Notification(
        recipient=member,
        subject="Welcome to %(community)s",
        params={"community": translatable("Simplified Chinese")},
    )

    with translation.override("en"):
        assert notification.subject_text == "Welcome to Simplified Chinese"
    with translation.override("zh-hans"):
        assert notification.subject_text == "欢迎加入 简体中文"


def test_translatable_parameter_with_a_message_context(member):
    notification = Notification(
        recipient=member,
        subject="Welcome to %(community)s",
        params={"community": translatable("deputy lead", context="station role")},
    )

    with translation.override("zh-hans"):
        assert notification.subject_text == "欢迎加入 副站长"


def test_email_links_back_to_the_portal_with_a_stable_message_id(
    member, send_notification, mailoutbox, settings
):
    settings.SITE_URL = "https://portal.example.org"
    notification = send_notification(member, url="/programs/1/")

    message = mailoutbox[0]
    assert "https://portal.example.org/programs/1/" in message.body
    assert (
        message.extra_headers["Message-ID"]
        == f"<notification-{notification.pk}@portal.example.org>"
    )


def test_address_that_is_not_verified_gets_no_email_but_the_inbox_does(
    send_notification, mailoutbox
):
    member = MemberFactory(verified_email=False)
    notification = send_notification(member)

    assert mailoutbox == []
    assert notification.email_state == EmailState.SKIPPED
    assert list(Notification.objects.for_recipient(member)) == [notification]


def test_task_run_twice_delivers_once(member, send_notification, mailoutbox):
    notification = send_notification(member)

    outcome = tasks.deliver_notification.apply(args=[notification.pk]).get()

    assert outcome == DeliveryOutcome.ALREADY_DONE
    assert len(mailoutbox) == 1


def test_notification_claimed_by_another_worker_is_left_alone(member, mailoutbox):
    notification = Notification.objects.create(
        recipient=member,
        subject="Your application was approved",
        email_claimed_until=timezone.now() + timedelta(minutes=5),
        email_attempts=1,
    )

    outcome = delivery.notification_deliver_email(notification_id=notification.pk)

    assert outcome == DeliveryOutcome.BUSY
    assert mailoutbox == []


def test_failed_delivery_is_recorded_with_backoff(member, send_notification, mailoutbox):
    with mock.patch(SEND, side_effect=smtplib.SMTPServerDisconnected("mail server down")):
        notification = send_notification(member)

    assert notification.email_state == EmailState.PENDING
    assert notification.email_attempts == 1
    assert "mail server down" in notification.email_last_error
    assert notification.email_claimed_until is None
    wait = notification.email_next_attempt_at - timezone.now()
    assert timedelta(seconds=55) < wait <= timedelta(seconds=60)


def test_retry_delay_doubles_and_is_capped():
    delays = [delivery.retry_delay(attempt) for attempt in range(tasks.MAX_RETRIES + 3)]

    assert delays[:4] == [60, 120, 240, 480]
    assert max(delays) == delivery.RETRY_CAP_SECONDS
    assert delays == sorted(delays)


@pytest.mark.parametrize("retries", [0, 3])
def test_failed_task_retries_with_backoff(member, retries):
    notification = Notification.objects.create(recipient=member, subject="Hello")
    tasks.deliver_notification.push_request(retries=retries, is_eager=False)
    try:
        with (
            mock.patch(SEND, side_effect=smtplib.SMTPServerDisconnected("down")),
            mock.patch.object(tasks.deliver_notification, "retry", side_effect=Retry) as retry,
            pytest.raises(Retry),
        ):
            tasks.deliver_notification.run(notification.pk)
    finally:
        tasks.deliver_notification.pop_request()

    retry.assert_called_once_with(countdown=delivery.retry_delay(retries))


def test_task_stops_retrying_after_the_last_retry(member):
    notification = Notification.objects.create(recipient=member, subject="Hello")
    tasks.deliver_notification.push_request(retries=tasks.MAX_RETRIES, is_eager=False)
    try:
        with (
            mock.patch(SEND, side_effect=smtplib.SMTPServerDisconnected("down")),
            mock.patch.object(tasks.deliver_notification, "retry") as retry,
        ):
            outcome = tasks.deliver_notification.run(notification.pk)
    finally:
        tasks.deliver_notification.pop_request()

    assert outcome == DeliveryOutcome.FAILED
    retry.assert_not_called()


def test_broker_down_at_commit_loses_nothing_and_the_sweep_delivers(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(
            tasks.deliver_notification, "delay", side_effect=OperationalError("Redis is down")
        ),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        notification = services.notify(recipient=member, subject="Hello")

    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.email_state == EmailState.PENDING

    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert delivery.notifications_requeue_undelivered() == 1

    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert len(mailoutbox) == 1


def test_sweep_leaves_fresh_notifications_to_their_own_task(member):
    Notification.objects.create(recipient=member, subject="Hello")

    assert delivery.notifications_requeue_undelivered() == 0


def test_worker_killed_mid_send_is_redelivered_after_its_claim_expires(member, mailoutbox):
    now = timezone.now()
    notification = Notification.objects.create(
        recipient=member,
        subject="Hello",
        created_at=now - timedelta(minutes=5),
        email_claimed_until=now + delivery.CLAIM_LEASE,
        email_attempts=1,
    )

    assert delivery.notifications_requeue_undelivered() == 0

    with time_machine.travel(now + delivery.CLAIM_LEASE + timedelta(seconds=1)):
        assert delivery.notifications_requeue_undelivered() == 1

    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert notification.email_attempts == 2
    assert len(mailoutbox) == 1


def test_sweep_waits_for_the_backoff_of_a_failed_notification(member, mailoutbox):
    now = timezone.now()
    Notification.objects.create(
        recipient=member,
        subject="Hello",
        created_at=now - timedelta(hours=1),
        email_attempts=3,
        email_next_attempt_at=now + timedelta(minutes=8),
    )

    assert delivery.notifications_requeue_undelivered() == 0
    with time_machine.travel(now + timedelta(minutes=9)):
        assert delivery.notifications_requeue_undelivered() == 1
    assert len(mailoutbox) == 1


def test_sweep_never_resends_what_was_delivered(member, send_notification, mailoutbox):
    send_notification(member)

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert delivery.notifications_requeue_undelivered() == 0
    assert len(mailoutbox) == 1


def test_notification_with_a_key_is_created_once(member, send_notification, mailoutbox):
    first = send_notification(member, key="reminder:42")
    second = send_notification(member, key="reminder:42")

    assert first is not None
    assert second is None
    assert Notification.objects.filter(key="reminder:42").count() == 1
    assert len(mailoutbox) == 1


def test_notify_many_skips_recipients_already_notified_for_the_occasion(
    mailoutbox, django_capture_on_commit_callbacks
):
    members = MemberFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipient=members[0], subject="Hello", key=f"digest:1:{members[0].pk}")
    with django_capture_on_commit_callbacks(execute=True):
        created = services.notify_many(recipients=members, subject="Hello", key_prefix="digest:1")

    assert created == 2
    assert Notification.objects.count() == 3
    assert sorted(message.to[0] for message in mailoutbox) == sorted(m.email for m in members)


def test_notify_many_query_count_does_not_grow_with_recipients(django_capture_on_commit_callbacks):
    def queries_for(count, occasion):
        members = MemberFactory.create_batch(count, verified_email=False)
        with CaptureQueriesContext(connection) as captured:
            services.notify_many(recipients=members, subject="Hello", key_prefix=occasion)
        assert Notification.objects.filter(key__startswith=f"{occasion}:").count() == count
        return len(captured)

    assert queries_for(10, "campaign:1") == queries_for(1000, "campaign:2")


def test_only_idempotent_tasks_are_acknowledged_late(settings):
    from community_portal.celery import app

    app.loader.import_default_modules()  # every app's tasks.py, as a worker loads them
    late = {
        name
        for name, task in app.tasks.items()
        if not name.startswith("celery.") and getattr(task, "acks_late", False)
    }
    # Delivery claims each notification (and each webhook and chat delivery); a
    # reminder's notifications carry unique keys.
    assert late == {
        "community_portal.chat.tasks.deliver_chat",
        "community_portal.notifications.tasks.deliver_notification",
        "community_portal.notifications.tasks.deliver_notifications",
        "community_portal.notifications.tasks.remind_overdue_reviews",
        "community_portal.notifications.tasks.send_daily_digests",
        "community_portal.webhooks.tasks.deliver_webhooks",
        "community_portal.notifications.tasks.escalate_stalled_reviews",
        "community_portal.core.tasks.preload_calendar",
        "members.tasks.remind_certificate_expiry",
        "members.tasks.remind_volunteer_answers",
        "members.tasks.remind_newly_qualified",
        "partners.tasks.remind_partner_evaluations",
        "programs.tasks.remind_program_deadlines",
        # A nomination is unique per member and month: a second run creates nothing.
        "recognition.tasks.nominate_last_month",
        "stations.tasks.remind_events",
        "stations.tasks.remind_station_health",
        "submissions.tasks.remind_campaign_ends",
    }
    for name in late:
        assert app.tasks[name].reject_on_worker_lost is True
    assert settings.CELERY_TASK_ACKS_LATE is False
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > delivery.RETRY_CAP_SECONDS
    assert visibility > tasks.deliver_notification.time_limit


def test_killed_workers_claims_are_retried_within_two_minutes(settings):
    lease = delivery.CLAIM_LEASE.total_seconds()
    sweep = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-undelivered"]["schedule"]
    # A live worker keeps its claim through a slow SMTP exchange...
    assert lease >= settings.EMAIL_TIMEOUT * 3
    # ...and a killed one's expires, and the next sweep queues it again.
    assert lease + sweep <= 2 * 60


def test_notify_each_stores_each_its_own_text_once_per_key(
    django_capture_on_commit_callbacks, mailoutbox
):
    first, second = MemberFactory.create_batch(2)
    services.notify(recipient=first, subject="Hello %(name)s", params={"name": "A"}, key="k:1")
    planned = [
        PlannedNotification(
            recipient_id=first.pk, subject="Hello %(name)s", params={"name": "A"}, key="k:1"
        ),
        PlannedNotification(
            recipient_id=second.pk, subject="Hello %(name)s", params={"name": "B"}, key="k:2"
        ),
        PlannedNotification(
            recipient_id=second.pk, subject="Hello %(name)s", params={"name": "C"}, key="k:2"
        ),
        PlannedNotification(recipient_id=second.pk, subject="Hello %(name)s", params={"name": "D"}),
    ]

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        created = notify_each(planned)

    assert [item.params["name"] for item in created] == ["B", "D"]
    assert sorted(n.subject_text for n in Notification.objects.filter(recipient=second)) == [
        "Hello B",
        "Hello D",
    ]
    assert len(mailoutbox) == 2


def test_message_lines_are_translated_line_by_line(member):
    notification = Notification(
        recipient=member,
        subject="Welcome to %(community)s",
        params={
            "community": message_lines(
                [
                    ("Welcome to %(community)s", {"community": translatable("Simplified Chinese")}),
                    ("Welcome to %(community)s", {"community": "Portal"}),
                ]
            )
        },
    )

    with translation.override("en"):
        assert notification.subject_text == (
            "Welcome to Welcome to Simplified Chinese\nWelcome to Portal"
        )
    with translation.override("zh-hans"):
        assert notification.subject_text == "欢迎加入 欢迎加入 简体中文\n欢迎加入 Portal"


def test_message_lines_survive_the_json_round_trip(member):
    params = {"items": message_lines([("Welcome to %(community)s", {"community": "A"})])}
    notification = Notification.objects.create(recipient=member, subject="%(items)s", params=params)
    notification.refresh_from_db()

    with translation.override("en"):
        assert notification.subject_text == render_message("%(items)s", params) == "Welcome to A"


def test_links_in_the_text_are_clickable_in_the_html_email(member, send_notification, mailoutbox):
    send_notification(
        member,
        body="%(items)s",
        params={"items": "Northwind <b>Data</b>: https://portal.example.org/admin/programs/1/"},
    )

    html = mailoutbox[0].alternatives[0][0]
    assert '<a href="https://portal.example.org/admin/programs/1/"' in html
    assert "&lt;b&gt;Data&lt;/b&gt;" in html


def test_attempt_is_recorded_before_the_message_is_sent(member, mailoutbox):
    notification = Notification.objects.create(recipient=member, subject="Hello")
    seen_while_sending = []
    original_send = delivery.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        seen_while_sending.append(Notification.objects.get(pk=notification.pk))
        return original_send(message, *args, **kwargs)

    with mock.patch.object(delivery.EmailMultiAlternatives, "send", send):
        delivery.notification_deliver_email(notification_id=notification.pk)

    [during] = seen_while_sending
    assert during.email_attempts == 1
    assert during.email_last_attempt_at is not None
    assert during.email_claimed_until <= timezone.now() + delivery.CLAIM_LEASE
    assert during.email_state == EmailState.PENDING
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert notification.email_claimed_until is None


def test_batch_is_sent_over_one_connection_marks_written_a_few_at_a_time(mailoutbox, monkeypatch):
    monkeypatch.setattr(delivery, "MARK_BATCH", 2)
    members = MemberFactory.create_batch(3)
    sent_already = Notification.objects.create(
        recipient=members[0], subject="Hello", email_state=EmailState.SENT
    )
    held = Notification.objects.create(
        recipient=members[1],
        subject="Hello",
        email_claimed_until=timezone.now() + timedelta(seconds=30),
    )
    unverified = Notification.objects.create(
        recipient=MemberFactory(verified_email=False), subject="Hello"
    )
    fresh = [Notification.objects.create(recipient=m, subject="Hello") for m in members]
    states_at_each_send = []
    original_send = delivery.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        states_at_each_send.append(
            sorted(
                Notification.objects.filter(pk__in=[n.pk for n in fresh]).values_list(
                    "email_state", flat=True
                )
            )
        )
        return original_send(message, *args, **kwargs)

    ids = [sent_already.pk, held.pk, unverified.pk] + [n.pk for n in fresh]
    with (
        mock.patch.object(delivery.EmailMultiAlternatives, "send", send),
        mock.patch.object(delivery, "get_connection", wraps=delivery.get_connection) as opened,
    ):
        outcomes = delivery.notifications_deliver_emails(notification_ids=ids)

    assert outcomes == {
        sent_already.pk: DeliveryOutcome.ALREADY_DONE,
        held.pk: DeliveryOutcome.BUSY,
        unverified.pk: DeliveryOutcome.SKIPPED,
        **{n.pk: DeliveryOutcome.SENT for n in fresh},
    }
    assert opened.call_count == 1
    # The marks are written two at a time, the last one at the end of the batch.
    assert states_at_each_send == [
        ["pending", "pending", "pending"],
        ["pending", "pending", "pending"],
        ["pending", "sent", "sent"],
    ]
    assert set(
        Notification.objects.filter(pk__in=[n.pk for n in fresh]).values_list(
            "email_state", flat=True
        )
    ) == {EmailState.SENT}
    assert sorted(message.to[0] for message in mailoutbox) == sorted(m.email for m in members)


def test_batch_stops_after_two_failures_in_a_row_and_backs_off_the_rest(mailoutbox):
    notifications = [
        Notification.objects.create(recipient=member, subject="Hello")
        for member in MemberFactory.create_batch(4)
    ]

    with mock.patch(SEND, side_effect=smtplib.SMTPServerDisconnected("down")) as send:
        outcomes = delivery.notifications_deliver_emails(
            notification_ids=[n.pk for n in notifications]
        )

    assert send.call_count == 2
    assert set(outcomes.values()) == {DeliveryOutcome.FAILED}
    for notification in notifications:
        notification.refresh_from_db()
        assert notification.email_state == EmailState.PENDING
        assert notification.email_claimed_until is None
        assert notification.email_next_attempt_at > timezone.now()


def test_batch_delivery_costs_the_same_statements_for_2_and_20_messages(mailoutbox):
    def queries_for(count):
        notifications = [
            Notification.objects.create(recipient=member, subject="Hello")
            for member in MemberFactory.create_batch(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            delivery.notifications_deliver_emails(notification_ids=[n.pk for n in notifications])
        assert set(
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).values_list(
                "email_state", flat=True
            )
        ) == {EmailState.SENT}
        return len(captured)

    # The sent marks of a batch are one round trip (executemany), not one each.
    assert queries_for(2) == queries_for(20)


def test_sent_marks_are_flushed_every_mark_batch_and_keep_each_send_time(mailoutbox, monkeypatch):
    monkeypatch.setattr(delivery, "MARK_BATCH", 3)
    notifications = [
        Notification.objects.create(recipient=member, subject="Hello")
        for member in MemberFactory.create_batch(7)
    ]
    start = timezone.now()
    original_send = delivery.EmailMultiAlternatives.send
    clock = time_machine.travel(start, tick=False)
    traveller = clock.start()

    def send(message, *args, **kwargs):
        traveller.shift(timedelta(seconds=1))
        return original_send(message, *args, **kwargs)

    try:
        with mock.patch.object(delivery.EmailMultiAlternatives, "send", send):
            outcomes = delivery.notifications_deliver_emails(
                notification_ids=[n.pk for n in notifications]
            )
    finally:
        clock.stop()

    assert set(outcomes.values()) == {DeliveryOutcome.SENT}
    assert len(mailoutbox) == 7
    times = list(
        Notification.objects.filter(pk__in=[n.pk for n in notifications])
        .order_by("pk")
        .values_list("emailed_at", flat=True)
    )
    assert times == sorted(set(times))  # each its own, in sending order


def test_worker_killed_before_its_marks_are_written_resends_after_the_claim(mailoutbox):
    notifications = [
        Notification.objects.create(recipient=m, subject="Hello")
        for m in MemberFactory.create_batch(3)
    ]
    ids = [n.pk for n in notifications]
    original_send = delivery.EmailMultiAlternatives.send
    sent = []

    def send_then_die(message, *args, **kwargs):
        result = original_send(message, *args, **kwargs)
        sent.append(message)
        if len(sent) == 2:
            raise SystemExit("killed")
        return result

    with (
        mock.patch.object(delivery.EmailMultiAlternatives, "send", send_then_die),
        mock.patch.object(delivery._SentMarks, "close", lambda self: None),
        pytest.raises(SystemExit),
    ):
        delivery.notifications_deliver_emails(notification_ids=ids)

    # Nothing was marked; the claim keeps another worker off until it expires.
    assert set(Notification.objects.filter(pk__in=ids).values_list("email_state", flat=True)) == {
        EmailState.PENDING
    }
    assert set(delivery.notifications_deliver_emails(notification_ids=ids).values()) == {
        DeliveryOutcome.BUSY
    }
    with time_machine.travel(timezone.now() + delivery.CLAIM_LEASE + timedelta(seconds=1)):
        outcomes = delivery.notifications_deliver_emails(notification_ids=ids)
    assert set(outcomes.values()) == {DeliveryOutcome.SENT}
    # The duplicates carry the first attempt's Message-ID.
    first_ids = {message.extra_headers["Message-ID"] for message in sent}
    assert first_ids <= {message.extra_headers["Message-ID"] for message in mailoutbox}


def test_long_batch_renews_its_claim_and_keeps_it(mailoutbox):
    notifications = [
        Notification.objects.create(recipient=m, subject="Hello")
        for m in MemberFactory.create_batch(2)
    ]
    start = timezone.now()
    original_send = delivery.EmailMultiAlternatives.send
    clock = time_machine.travel(start, tick=False)
    traveller = clock.start()

    def slow_send(message, *args, **kwargs):
        traveller.shift(delivery.CLAIM_LEASE * 0.6)  # a slow mail server
        return original_send(message, *args, **kwargs)

    try:
        with mock.patch.object(delivery.EmailMultiAlternatives, "send", slow_send):
            outcomes = delivery.notifications_deliver_emails(
                notification_ids=[n.pk for n in notifications]
            )
    finally:
        clock.stop()

    assert set(outcomes.values()) == {DeliveryOutcome.SENT}
    assert len(mailoutbox) == 2
