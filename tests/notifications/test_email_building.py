"""A reminder's e-mails share their rendered text, yet each greets its own recipient,
and every message is a well-formed MIME message with a boundary of its own."""

import email

import pytest

from community_portal.notifications.services import PlannedNotification, notify_each
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Store a reminder to these members and deliver it, as after its commit."""

    def remind(*recipients):
        with django_capture_on_commit_callbacks(execute=True):
            _remind(*recipients)

    return remind


def _remind(*recipients):
    notify_each(
        [
            PlannedNotification(
                recipient=recipient,
                subject="Welcome to %(community)s",
                params={"community": "the portal"},
                url="/inbox/",
                key=f"welcome:{recipient.pk}",
            )
            for recipient in recipients
        ]
    )


def parts(message):
    return message.body, message.alternatives[0][0]


def test_each_recipient_of_a_shared_text_is_greeted_by_name(mailoutbox, remind):
    first = MemberFactory(display_name="Ada <Lovelace> & co")
    second = MemberFactory(display_name="Grace Hopper")

    remind(first, second)

    by_address = {message.to[0]: message for message in mailoutbox}
    text, html = parts(by_address[first.email])
    assert "Hello Ada <Lovelace> & co," in text
    assert "Hello Ada &lt;Lovelace&gt; &amp; co," in html
    other_text, other_html = parts(by_address[second.email])
    assert "Grace Hopper" in other_text and "Grace Hopper" in other_html
    assert "Ada" not in other_text + other_html


def test_shared_text_follows_each_recipients_language(mailoutbox, remind):
    english = MemberFactory(preferred_language="en")
    chinese = MemberFactory(preferred_language="zh-hans")

    remind(english, chinese)

    by_address = {message.to[0]: message for message in mailoutbox}
    assert 'lang="zh-hans"' in parts(by_address[chinese.email])[1]
    assert 'lang="en"' in parts(by_address[english.email])[1]
    assert parts(by_address[chinese.email])[0] != parts(by_address[english.email])[0]


def test_every_message_has_its_own_boundary_and_parses(mailoutbox, remind):
    remind(MemberFactory(), MemberFactory())

    boundaries = set()
    for sent in mailoutbox:
        parsed = email.message_from_bytes(sent.message().as_bytes())
        assert [part.get_content_type() for part in parsed.walk()] == [
            "multipart/alternative",
            "text/plain",
            "text/html",
        ]
        boundaries.add(parsed.get_boundary())
    assert len(boundaries) == 2
