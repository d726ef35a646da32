"""Notification preferences: the page, the outbox following them, the daily digest and
one-click unsubscribe (RFC 8058)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from community_portal.notifications import digest, preferences, reminders, services
from community_portal.notifications.delivery import build_email
from community_portal.notifications.digest import send_daily_digests
from community_portal.notifications.enums import EmailState
from community_portal.notifications.kinds import KINDS, KINDS_BY_ID, Channel
from community_portal.notifications.models import Notification, NotificationSettings
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("notifications:preferences")
INBOX = reverse("notifications:inbox")

# A kind a member may switch off, not urgent (the digest collects it).
NOT_SELECTED = KINDS_BY_ID["submissions.not_selected"]
# Urgent: never held for the digest.
EVENT_CANCELLED = KINDS_BY_ID["stations.event_cancelled"]
# Mandatory: account and security.
TIER_CHANGED = KINDS_BY_ID["members.tier_changed"]


def params_of(kind):
    return kind.sample_params()


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Notify ``recipient`` of ``kind`` and run the delivery queued on commit."""

    def run(recipient, kind):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            notification = services.notify(
                recipient=recipient, subject=kind.subject, body=kind.body, params=params_of(kind)
            )
        notification.refresh_from_db()
        return notification

    return run


def switch_off(member, kind, channel):
    enabled = {
        (row.kind.id, c)
        for row in preferences.preference_rows(member=member)
        for c, on in row.channels.items()
        if on
    }
    enabled.discard((kind.preference_id, channel))
    preferences.preferences_save(member=member, enabled=enabled, daily_digest=False)


def take_daily_digest(member):
    NotificationSettings.objects.update_or_create(member=member, defaults={"daily_digest": True})


# --- The registry -----------------------------------------------------------------------


def test_every_kind_has_a_category_and_a_label_or_a_kind_it_follows():
    for kind in KINDS:
        assert kind.category
        if kind.preference:
            assert not KINDS_BY_ID[kind.preference].preference
        else:
            assert kind.label


def test_account_messages_are_mandatory():
    assert KINDS_BY_ID["members.welcome"].mandatory
    assert TIER_CHANGED.mandatory
    assert not NOT_SELECTED.mandatory


# --- The page ---------------------------------------------------------------------------


def test_preferences_send_anonymous_visitors_to_sign_in(client):
    response = client.get(PREFERENCES)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_preferences_page_is_in_the_account_settings_menu(member_client):
    response = member_client.get(reverse("account_email"))

    assert PREFERENCES in response.content.decode()


def test_preferences_page_shows_mandatory_kinds_checked_and_disabled(member_client):
    page = member_client.get(PREFERENCES).content.decode()

    assert "Account and security messages always reach you" in page
    assert "Reset your password" in page
    assert str(TIER_CHANGED.label) in page
    assert 'name="enabled" value="members.tier_changed:email"' not in page
    assert 'name="enabled" value="submissions.not_selected:email" ' in page
    # Reviewers' kinds are not shown to a member who never receives them.
    assert "A submission is sent for review" not in page


def test_preferences_page_shows_reviewers_their_kinds(reviewer_client):
    page = reviewer_client.get(PREFERENCES).content.decode()

    assert "A submission is sent for review" in page


def test_saving_preferences_changes_only_my_own(member_client, member, other_member):
    page = member_client.get(PREFERENCES)
    enabled = [
        value
        for value in page.context["form"].fields["enabled"].choices
        if value[0] != "submissions.not_selected:email"
    ]

    response = member_client.post(
        PREFERENCES,
        {"enabled": [value for value, _label in enabled], "daily_digest": "on"},
        follow=True,
    )

    assert "Your notification settings are saved." in response.content.decode()
    assert preferences.takes_daily_digest(member=member)
    mine = {row.kind.id: row.channels for row in preferences.preference_rows(member=member)}
    assert mine["submissions.not_selected"] == {"email": False, "inbox": True}
    assert mine["stations.event_cancelled"] == {"email": True, "inbox": True}
    theirs = {row.kind.id: row.channels for row in preferences.preference_rows(member=other_member)}
    assert theirs["submissions.not_selected"] == {"email": True, "inbox": True}
    assert not preferences.takes_daily_digest(member=other_member)
    assert 'value="submissions.not_selected:email" ' in response.content.decode()
    assert 'value="submissions.not_selected:email" checked' not in response.content.decode()


def test_saving_preferences_keeps_the_reviewers_kinds_a_member_is_not_shown(member_client, member):
    member_client.post(PREFERENCES, {"enabled": []})

    submitted = KINDS_BY_ID["submissions.submitted"]
    chosen = preferences.deliveries([(member.pk, submitted.id), (member.pk, NOT_SELECTED.id)])
    assert chosen[(member.pk, submitted.id)] == preferences.DEFAULT
    assert chosen[(member.pk, NOT_SELECTED.id)].email_state == EmailState.OPTED_OUT


def test_saving_preferences_cannot_switch_off_a_mandatory_kind(member_client, member, send):
    member_client.post(PREFERENCES, {"enabled": []})

    notification = send(member, TIER_CHANGED)

    assert notification.email_state == EmailState.SENT
    assert notification.in_inbox


def test_a_forged_choice_is_refused_beside_the_table(member_client, member):
    response = member_client.post(PREFERENCES, {"enabled": ["members.tier_changed:email", "x:y"]})

    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    assert not NotificationSettings.objects.filter(member=member).exists()


# --- The outbox follows them ------------------------------------------------------------


def test_switched_off_email_is_not_sent_but_stays_in_the_inbox(
    member, member_client, send, mailoutbox
):
    switch_off(member, NOT_SELECTED, Channel.EMAIL)

    notification = send(member, NOT_SELECTED)

    assert mailoutbox == []
    assert notification.email_state == EmailState.OPTED_OUT
    assert notification.kind == "submissions.not_selected"
    assert list(member_client.get(INBOX).context["page"].object_list) == [notification]


def test_switched_off_inbox_is_hidden_but_emailed(member, member_client, send, mailoutbox):
    switch_off(member, NOT_SELECTED, Channel.INBOX)

    notification = send(member, NOT_SELECTED)

    assert len(mailoutbox) == 1
    assert notification.email_state == EmailState.SENT
    assert not notification.in_inbox
    response = member_client.get(INBOX)
    assert list(response.context["page"].object_list) == []
    assert response.context["inbox_unread_count"] == 0


def test_a_variant_follows_the_choice_of_its_kind(member, send, mailoutbox):
    switch_off(member, KINDS_BY_ID["submissions.selected_with_points"], Channel.EMAIL)

    notification = send(member, KINDS_BY_ID["submissions.selected"])

    assert notification.email_state == EmailState.OPTED_OUT
    assert mailoutbox == []


def test_another_members_choice_changes_nothing_for_me(member, other_member, send, mailoutbox):
    switch_off(other_member, NOT_SELECTED, Channel.EMAIL)

    send(member, NOT_SELECTED)

    assert [message.to for message in mailoutbox] == [[member.email]]


def test_notify_many_follows_each_recipients_choice(
    member, other_member, django_capture_on_commit_callbacks, mailoutbox
):
    switch_off(other_member, NOT_SELECTED, Channel.EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        services.notify_many(
            recipients=[member, other_member],
            subject=NOT_SELECTED.subject,
            body=NOT_SELECTED.body,
            params=params_of(NOT_SELECTED),
            key_prefix="not-selected:1",
        )

    assert [message.to for message in mailoutbox] == [[member.email]]
    assert Notification.objects.get(recipient=other_member).email_state == EmailState.OPTED_OUT


def test_notify_many_query_count_is_the_same_for_1_and_50_recipients():
    def queries_for(count, occasion):
        members = MemberFactory.create_batch(count)
        for member in members[::2]:
            switch_off(member, NOT_SELECTED, Channel.EMAIL)
        take_daily_digest(members[-1])
        with CaptureQueriesContext(connection) as captured:
            services.notify_many(
                recipients=members,
                subject=NOT_SELECTED.subject,
                body=NOT_SELECTED.body,
                params=params_of(NOT_SELECTED),
                key_prefix=occasion,
            )
        assert Notification.objects.filter(key__startswith=f"{occasion}:").count() == count
        return len(captured)

    assert queries_for(1, "campaign:1") == queries_for(50, "campaign:2")


def test_a_text_no_kind_lists_is_delivered_as_before(member, send, mailoutbox):
    switch_off(member, NOT_SELECTED, Channel.EMAIL)

    with transaction.atomic():
        notification = services.notify(recipient=member, subject=gettext_noop("Hello"))

    assert notification.kind == ""
    assert notification.email_state == EmailState.PENDING
    assert notification.in_inbox


# --- The daily digest -------------------------------------------------------------------


def test_digest_holds_what_is_not_urgent_and_sends_one_email_a_day(
    member, send, mailoutbox, django_capture_on_commit_callbacks
):
    take_daily_digest(member)
    with time_machine.travel("2026-05-12 10:00 +0800", tick=False):
        first = send(member, NOT_SELECTED)
        second = send(member, KINDS_BY_ID["submissions.changes_requested"])
    assert mailoutbox == []
    assert first.email_state == second.email_state == EmailState.HELD
    assert first.in_inbox

    with (
        time_machine.travel("2026-05-13 07:00 +0800", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_daily_digests()
        send_daily_digests()  # beat ran it twice: still one e-mail

    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert "Your daily digest: 2 notifications" in digest.subject
    assert "“Running openGemini on a Raspberry Pi” was not selected" in digest.body
    assert "Changes requested for “Running openGemini on a Raspberry Pi”" in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.email_state == second.email_state == EmailState.DIGESTED
    digest_row = Notification.objects.get(kind="notifications.daily_digest")
    assert not digest_row.in_inbox


def test_digest_leaves_what_arrives_after_todays_digest_for_tomorrow(
    member, send, mailoutbox, django_capture_on_commit_callbacks
):
    take_daily_digest(member)
    send(member, NOT_SELECTED)
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests()
    late = send(member, NOT_SELECTED)

    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests()
    assert len(mailoutbox) == 1
    late.refresh_from_db()
    assert late.email_state == EmailState.HELD

    with (
        time_machine.travel(timezone.now() + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_daily_digests()
    assert len(mailoutbox) == 2
    late.refresh_from_db()
    assert late.email_state == EmailState.DIGESTED


def test_digest_sends_urgent_and_mandatory_kinds_at_once(member, send, mailoutbox):
    take_daily_digest(member)

    urgent = send(member, EVENT_CANCELLED)
    mandatory = send(member, TIER_CHANGED)

    assert urgent.email_state == mandatory.email_state == EmailState.SENT
    assert len(mailoutbox) == 2


def test_digests_stored_a_few_at_a_time_mark_what_each_lists(
    send, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    # Five digesters in batches of two: what each digest lists is marked with it,
    # and what a digest leaves out (past DIGEST_MAX_ITEMS) waits for tomorrow.
    monkeypatch.setattr(reminders, "PLAN_BATCH_SIZE", 2)
    monkeypatch.setattr(digest, "DIGEST_MAX_ITEMS", 2)
    members = MemberFactory.create_batch(5)
    held = {}
    with time_machine.travel("2026-05-12 10:00 +0800"):
        for count, member in enumerate(members, start=1):
            take_daily_digest(member)
            held[member.pk] = [send(member, NOT_SELECTED) for _ in range(min(count, 3))]
    with (
        time_machine.travel("2026-05-13 07:00 +0800", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_daily_digests() == 5

    assert sorted(message.to[0] for message in mailoutbox) == sorted(m.email for m in members)
    for member in members:
        states = [
            notification.email_state
            for notification in Notification.objects.filter(
                pk__in=[n.pk for n in held[member.pk]]
            ).order_by("created_at", "pk")
        ]
        listed = min(len(states), 2)
        assert states == [EmailState.DIGESTED] * listed + [EmailState.HELD] * (
            len(states) - listed
        ), member


def test_digest_sends_nothing_to_whom_nothing_is_held(member, send, mailoutbox):
    send(member, NOT_SELECTED)

    assert send_daily_digests() == 0
    assert len(mailoutbox) == 1


# --- One-click unsubscribe --------------------------------------------------------------


def unsubscribe_link(message) -> str:
    """The path of the e-mail's List-Unsubscribe address (the test client's URL)."""
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    return "/" + header[1:-1].split("://", 1)[1].split("/", 1)[1]


def test_every_email_one_can_switch_off_carries_one_click_unsubscribe(member, send, mailoutbox):
    send(member, NOT_SELECTED)

    message = mailoutbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe_link(message)
    assert link.startswith("/inbox/unsubscribe/")
    assert preferences.unsubscribe_read(link.split("/")[-2]) == (
        member.pk,
        "submissions.not_selected",
    )
    assert link in message.body  # the footer's link too


def test_mandatory_emails_carry_no_unsubscribe(member, send, mailoutbox):
    notification = send(member, TIER_CHANGED)

    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers
    assert "List-Unsubscribe-Post" not in build_email(notification).extra_headers


def test_one_click_post_without_a_session_switches_the_kind_off(client, member, send, mailoutbox):
    send(member, NOT_SELECTED)
    link = unsubscribe_link(mailoutbox[0])

    response = client.post(link, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    later = send(member, NOT_SELECTED)
    assert later.email_state == EmailState.OPTED_OUT
    assert later.in_inbox
    assert send(member, EVENT_CANCELLED).email_state == EmailState.SENT


def test_one_click_post_is_accepted_without_a_csrf_token(member, send, mailoutbox):
    from django.test import Client

    send(member, NOT_SELECTED)

    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_link(mailoutbox[0]), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200


def test_unsubscribe_get_asks_for_confirmation_and_changes_nothing(
    client, member, send, mailoutbox
):
    send(member, NOT_SELECTED)

    response = client.get(unsubscribe_link(mailoutbox[0]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Unsubscribe from these e-mails?" in page
    assert '<form method="post">' in page
    assert send(member, NOT_SELECTED).email_state == EmailState.SENT


def test_unsubscribing_from_the_digest_stops_what_it_collects(
    client, member, send, mailoutbox, django_capture_on_commit_callbacks
):
    take_daily_digest(member)
    send(member, NOT_SELECTED)
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests()

    response = client.post(unsubscribe_link(mailoutbox[0]))

    assert response.status_code == 200
    assert send(member, NOT_SELECTED).email_state == EmailState.OPTED_OUT
    assert send(member, EVENT_CANCELLED).email_state == EmailState.SENT


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_gets_a_friendly_400(client, member, method):
    token = preferences.unsubscribe_token(member_id=member.pk, kind_id="submissions.not_selected")
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = getattr(client, method)(reverse("notifications:unsubscribe", args=[forged]))

    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()
    assert not NotificationSettings.objects.filter(member=member).exists()


def test_a_token_for_another_purpose_or_a_mandatory_kind_is_refused(client, member):
    from django.core import signing

    other_salt = signing.dumps({"m": member.pk, "k": "submissions.not_selected"}, salt="other")
    mandatory = preferences.unsubscribe_token(member_id=member.pk, kind_id="members.tier_changed")

    for token in (other_salt, mandatory, "not-a-token"):
        response = client.post(reverse("notifications:unsubscribe", args=[token]))
        assert response.status_code == 400


def test_a_token_is_signed_with_the_current_secret_key(client, member, settings):
    settings.SECRET_KEY = "the key before " + "x" * 40
    old = preferences.unsubscribe_token(member_id=member.pk, kind_id="submissions.not_selected")
    settings.SECRET_KEY = "the key after " + "y" * 40
    new = preferences.unsubscribe_token(member_id=member.pk, kind_id="submissions.not_selected")

    assert preferences.unsubscribe_read(new) == (member.pk, "submissions.not_selected")
    with pytest.raises(preferences.BadToken):
        preferences.unsubscribe_read(old)


def test_the_unsubscribe_address_is_the_one_reverse_gives(settings):
    from types import SimpleNamespace

    from django.urls import set_script_prefix

    from community_portal.notifications.emails import unsubscribe_url

    kinds = [kind.id for kind in KINDS if preferences.can_unsubscribe(kind.id)]
    for prefix in ("/", "/portal/"):
        set_script_prefix(prefix)
        try:
            for member_id, kind in zip(range(1, 10**9, 7_654_321), kinds * 20, strict=False):
                address = unsubscribe_url(SimpleNamespace(recipient_id=member_id, kind=kind))
                token = address.rstrip("/").rsplit("/", 1)[1]
                reversed_path = reverse("notifications:unsubscribe", args=[token])
                assert address == settings.SITE_URL + reversed_path
                assert reversed_path.startswith(f"{prefix}inbox/unsubscribe/")
                member_id_read, preference = preferences.unsubscribe_read(token)
                assert member_id_read == member_id
                assert preference == KINDS_BY_ID[kind].preference_id
        finally:
            set_script_prefix("/")
