"""A reminder's e-mails share their rendered text, yet each greets its own recipient,
and every message is a well-formed MIME message with a boundary of its own, written
from its text's template exactly as Django builds it in full and as Python's default
policy writes it."""

import email
import random
import re
import secrets
import string
from email.errors import HeaderParseError
from email.policy import compat32

import pytest
from django.core.mail import BadHeaderError, EmailMultiAlternatives

from community_portal.notifications.emails import render_email
from community_portal.notifications.mime import (
    NAME,
    PLAIN_HEADERS,
    UNSUBSCRIBE,
    NotificationEmail,
    WrittenMessage,
)
from community_portal.notifications.services import PlannedNotification, notify_each
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Store a reminder to these members and deliver it, as after its commit."""

    def remind(*recipients, community="the portal"):
        with django_capture_on_commit_callbacks(execute=True):
            _remind(*recipients, community=community)

    return remind


def _remind(*recipients, community):
    notify_each(
        [
            PlannedNotification(
                recipient_id=recipient.pk,
                subject="Welcome to %(community)s",
                params={"community": community},
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


def _random_header_values(count):
    """Header values of every length around the line limit: words, runs of spaces
    and tabs, address punctuation, long words, lines folded already (some with
    trailing or missing whitespace), now and then a control or non-ASCII character."""
    chooser = random.Random(20261202)
    alphabet = string.ascii_letters + string.digits + "   \t<>@.,;:=\"'()-_/"

    def text(longest, chars=alphabet):
        return "".join(chooser.choice(chars) for _ in range(chooser.randint(0, longest)))

    for _ in range(count):
        shape = chooser.random()
        if shape < 0.4:
            value = text(90)
        elif shape < 0.6:
            value = text(200, alphabet.replace(" ", "").replace("\t", ""))
        else:
            lines = [text(85) for _ in range(chooser.randint(2, 4))]
            value = "\n".join(
                [lines[0], *(chooser.choice([" ", "\t", " ", ""]) + line for line in lines[1:])]
            )
        if chooser.random() < 0.05:
            position = chooser.randint(0, len(value))
            value = value[:position] + chooser.choice("\x0b\x1c\r\x7féü字") + value[position:]
        yield value


@pytest.mark.parametrize("name", ["Subject", "To", "Content-Type", "List-Unsubscribe"])
def test_plain_headers_are_written_exactly_as_pythons_default_policy_writes_them(name):
    for linesep in ("\n", "\r\n"):
        fast = PLAIN_HEADERS.clone(linesep=linesep)
        default = compat32.clone(linesep=linesep)
        for value in [*_random_header_values(4000), "", "Grüße", "a\n b", "x" * 200]:
            for fold in ("fold", "fold_binary"):
                assert _folded(fast, fold, name, value) == _folded(default, fold, name, value)


def _folded(policy, fold, name, value):
    """What the policy writes, or the error it raises (a line that looks like a header)."""
    try:
        return getattr(policy, fold)(name, value)
    except HeaderParseError as error:
        return type(error)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_notification_message_is_byte_for_byte_what_the_default_policy_writes(
    mailoutbox, remind, language
):
    # A long name and a long subject: headers that fold, beside ones that fit a line.
    member = MemberFactory(display_name="Ada " * 18 + "Lovelace", preferred_language=language)

    remind(member, community="the portal of a community with a very long name indeed")

    message = mailoutbox[0].message()
    assert "\n " in message["Subject"]
    written = message.as_bytes(linesep="\r\n")
    # Written from its template, as Django builds it in full ...
    full = message.full
    assert full.policy is PLAIN_HEADERS
    assert full.as_bytes(linesep="\r\n") == written
    # ... and as Python's default policy writes that.
    full.policy = compat32
    assert written == full.as_bytes(linesep="\r\n")
    assert email.message_from_bytes(written)["To"] == member.email


@pytest.mark.parametrize(
    "subject",
    [
        "Welcome",
        "[The portal] Reminder: a meetup with a long name starts on Dec. 2, 2026, 9:11 p.m.",
        "[开源社区] 提醒：Winter meetup 891 将于 2026年12月2日 21:11 开始",  # noqa: RUF001
        "Grüße " * 20,
    ],
)
def test_a_notification_message_is_byte_for_byte_what_django_writes(subject):
    fields = {
        "subject": subject,
        "body": "Hello Ada,\n",
        "to": ["ada@example.org"],
        "headers": {"Date": "Wed, 02 Dec 2026 04:17:38 -0000", "Message-ID": "<n-1@example.org>"},
    }
    ours, django = NotificationEmail(**fields), EmailMultiAlternatives(**fields)
    for message in (ours, django):
        message.attach_alternative("<p>Hello Ada,</p>", "text/html")

    # The second time, from the subject folded the first time.
    for _ in range(2):
        written = ours.message()
        expected = django.message()
        expected.set_boundary(written.get_boundary())
        assert written.as_bytes(linesep="\r\n") == expected.as_bytes(linesep="\r\n")


def test_a_subject_with_a_line_break_is_refused_every_time():
    message = NotificationEmail(subject="Hello\nBcc: everyone@example.org", body="", to=["a@b.c"])

    for _ in range(2):
        with pytest.raises(BadHeaderError):
            message.message()


def _normalized(written: bytes) -> bytes:
    """A written message with its date and boundary, drawn anew for each, taken out."""
    boundary = re.search(rb'boundary="([^"]+)"', written).group(1)
    return re.sub(rb"\nDate: [^\r\n]*", b"\nDate: -", written).replace(boundary, b"-")


def _recipients(count):
    """Names and addresses a member may have: plain and accented names, HTML's
    special characters, names long enough to pass Django's line limit (998 bytes,
    past which it writes quoted-printable), line breaks; plain, long and
    international addresses."""
    chooser = random.Random(20261206)
    letters = string.ascii_letters + " <>&\"'" + "éü字ß"
    for number in range(count):
        shape = chooser.random()
        if shape < 0.6:
            name = "".join(chooser.choice(letters) for _ in range(chooser.randint(0, 80)))
        elif shape < 0.9:
            name = "x" * chooser.randint(960, 1000) + chooser.choice(["", "é"])
        else:
            name = f"Ada{chooser.choice(LINE_BREAKS)}Lovelace"
        address = chooser.choice(
            [
                f"member{number}@example.org",
                f"{'long.' * 16}{number}@example.org",
                f"member{number}@exämple.org",
            ]
        )
        yield name, address


LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x85", "\u2028"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("unsubscribe", [True, False])
def test_a_message_written_from_its_template_is_what_django_writes_in_full(language, unsubscribe):
    rendered = render_email(
        language=language,
        recipient_name=NAME,
        subject="Reminder: %(event)s starts soon",
        params={"event": "Winter meetup " * 6},
        url="/events/winter/",
        unsubscribe_url=UNSUBSCRIBE if unsubscribe else "",
    )
    from_template = 0
    for number, (name, address) in enumerate(_recipients(300)):
        own = f"https://portal.example/unsubscribe/{'t' * (number % 90)}/" if unsubscribe else ""
        headers = {"Content-Language": language}
        if unsubscribe:
            headers |= {"List-Unsubscribe": f"<{own}>", "List-Unsubscribe-Post": "One-Click"}
        headers |= {"Message-ID": f"<notification-{number}@portal.example>"}
        outgoing = NotificationEmail.for_recipient(
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            name=name,
            unsubscribe=own,
            to=[address],
            headers=headers,
        )
        message = outgoing.message()
        from_template += isinstance(message, WrittenMessage)
        for linesep in ("\n", "\r\n"):
            assert _normalized(message.as_bytes(linesep=linesep)) == _normalized(
                outgoing.message_in_full().as_bytes(linesep=linesep)
            ), (name, address)
    # Only the names with a line break, or too long for a line, were built in full.
    assert 150 < from_template < 200


def _welcome():
    """A welcome for Ada, made as delivery makes a notification's message."""
    rendered = render_email(language="en", recipient_name=NAME, subject="Welcome")
    return NotificationEmail.for_recipient(
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        name="Ada",
        unsubscribe="",
        to=["ada@example.org"],
        headers={"Message-ID": "<n-1@example.org>"},
    )


def test_a_text_sent_once_is_built_in_full_and_again_from_its_template():
    def digest():
        # A text no other test sends, as each member's daily digest is.
        rendered = render_email(
            language="en", recipient_name=NAME, subject="Digest", body=secrets.token_hex(8)
        )
        return NotificationEmail.for_recipient(
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            name="Ada",
            unsubscribe="",
            to=["ada@example.org"],
            headers={"Message-ID": "<n-1@example.org>"},
        )

    first = digest()
    assert not isinstance(first.message(), WrittenMessage)
    assert isinstance(first.message(), WrittenMessage)
    assert not isinstance(digest().message(), WrittenMessage)


def test_a_written_message_reads_as_what_it_sends():
    _welcome().message()  # the text was sent before
    outgoing = _welcome()

    message = outgoing.message()

    assert isinstance(message, WrittenMessage)
    parsed = email.message_from_bytes(message.as_bytes())
    for header in ("Date", "To", "Message-ID", "Subject"):
        assert message[header] == parsed[header]
    assert message.get_boundary() == parsed.get_boundary()
    assert message.full.as_bytes() == message.as_bytes()


@pytest.mark.parametrize(
    "change",
    [
        lambda outgoing: setattr(outgoing, "body", "Changed since"),
        lambda outgoing: outgoing.extra_headers.update({"Reply-To": "changed@example.org"}),
        lambda outgoing: outgoing.cc.append("changed@example.org"),
        lambda outgoing: outgoing.attach("changed.txt", "Changed since", "text/plain"),
    ],
)
def test_a_message_changed_after_it_was_made_is_built_in_full(change):
    _welcome().message()  # the text was sent before
    outgoing = _welcome()
    assert isinstance(outgoing.message(), WrittenMessage)

    change(outgoing)

    message = outgoing.message()
    assert not isinstance(message, WrittenMessage)
    assert b"changed" in message.as_bytes().lower()
