"""Notifications, most of them read, each one already emailed."""

from datetime import timedelta

from bench.dataset.rows import copy_rows, first_id, skewed


def load_notifications(rng, count, active, bench_member_id, ref_now) -> int:
    first = first_id("notifications_notification")
    bench_share = min(80, max(3, count // 500))

    def rows():
        for n in range(count):
            recipient = bench_member_id if n < bench_share else skewed(rng, active)
            created = ref_now - timedelta(days=rng.uniform(0, 365))
            read = created + timedelta(hours=5) if rng.random() < 0.6 else None
            yield (
                first + n,
                None,
                "%(campaign)s ends on %(date)s",
                "You asked to be reminded: %(campaign)s accepts submissions until "
                "the end of %(date)s.",
                '{"campaign": "Community writing campaign", "date": "2026-01-31"}',
                "/campaigns/",
                created,
                read,
                "sent",
                1,
                None,
                None,
                created + timedelta(seconds=30),
                "",
                None,
                recipient,
            )

    copy_rows(
        "notifications_notification",
        [
            "id",
            "key",
            "subject",
            "body",
            "params",
            "url",
            "created_at",
            "read_at",
            "email_state",
            "email_attempts",
            "email_claimed_until",
            "email_next_attempt_at",
            "emailed_at",
            "email_last_error",
            "actor_id",
            "recipient_id",
        ],
        rows(),
    )
    return first + count - 1
