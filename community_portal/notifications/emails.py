"""The e-mail of a notification: one branded layout, HTML and plain text, in the
recipient's language.

``notification_email`` builds the message delivery sends; ``render_email``
renders any subject and body the same way, for the admin's preview of every
notification kind in every language (nothing is sent).

Every notification e-mail a member can switch off carries a one-click unsubscribe
for its kind (RFC 8058: ``List-Unsubscribe`` with an https address and
``List-Unsubscribe-Post``) and the same link in its footer; account and security
messages carry none.
"""

import functools
import json
import re
import secrets
from dataclasses import dataclass
from email.policy import Compat32

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import forbid_multi_line_headers
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import Truncator

from community_portal.core.messages import render_message
from community_portal.notifications import preferences

LOGO = "img/logo-email.png"


@dataclass(frozen=True)
class RenderedEmail:
    language: str
    subject: str
    text: str
    html: str


def recipient_language(user) -> str:
    """The member's language, or the community's default one."""
    language = getattr(user, "preferred_language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render_email(
    *,
    language: str,
    recipient_name: str,
    subject: str,
    body: str = "",
    params: dict | None = None,
    url: str = "",
    unsubscribe_url: str = "",
) -> RenderedEmail:
    """Render a notification's subject and body (message ids) with ``params`` in
    ``language``, in the layout every notification e-mail shares."""
    with translation.override(language):
        text = render_message(body, params)
        context = {
            "language": language,
            "recipient_name": recipient_name,
            "subject": render_message(subject, params),
            "body": text,
            # What a mail program shows after the subject in its list.
            "preheader": Truncator(" ".join(text.split())).chars(140),
            "link": absolute(url),
            "inbox_link": absolute(reverse("notifications:inbox")),
            "profile_link": absolute(reverse("members:profile_edit")),
            "preferences_link": absolute(reverse("notifications:preferences")),
            "unsubscribe_link": unsubscribe_url,
            "site_link": absolute("/"),
            "logo_url": absolute(_static(LOGO)),
            "community_name": settings.COMMUNITY_NAME,
        }
        return RenderedEmail(
            language=language,
            subject=f"[{settings.COMMUNITY_NAME}] {context['subject']}",
            text=render_to_string("notifications/email/notification.txt", context),
            html=render_to_string("notifications/email/notification.html", context),
        )


class _PlainHeaders(Compat32):
    """Python's default e-mail policy (``compat32``), writing plain headers directly.

    ``compat32`` hands every header to ``email.header.Header`` to be folded, even
    one with nothing to fold: that was nearly half the time of building and writing
    a notification's message. A header of printable ASCII comes out of ``Header``
    in a shape known beforehand when it fits on its lines, already folded (Django
    folds the subject), or is one word too long for a line (an unsubscribe
    address). Those are written here, exactly as ``Header`` writes them
    (``tests/notifications/test_email_building.py`` compares the two on thousands
    of values); any other header goes through ``Header`` as before.
    """

    def _fold(self, name, value, sanitize):
        if type(value) is not str:
            return super()._fold(name, value, sanitize)
        written = self._written(name, value)
        if written is None:
            # What Header writes depends only on these: a reminder's subject, the same
            # for thousands of recipients, is folded once.
            key = (name, value, sanitize, self.linesep, self.max_line_length)
            written = _FOLDED.get(key)
            if written is None:
                written = super()._fold(name, value, sanitize)
                if len(_FOLDED) >= _FOLDED_KEPT:
                    _FOLDED.clear()
                _FOLDED[key] = written
        return written

    def _written(self, name: str, value: str) -> str | None:
        limit, linesep = self.max_line_length, self.linesep
        lines = value.split("\n")
        if not limit or not all(_PLAIN_LINE.fullmatch(line) for line in lines):
            return None
        first = f"{name}: {lines[0]}"
        if len(lines) == 1:
            if len(first) <= limit:
                return first + linesep
            if value and " " not in value and "\t" not in value:
                return f"{name}: {linesep} {value}{linesep}"
            return None
        # Folded already: each line fits, each continuation starts with a space or
        # a tab and holds a word, and no line ends in whitespace (Header drops it).
        rest = lines[1:]
        if (
            len(first) <= limit
            and first[-1] not in " \t"
            and all(
                line.strip() and len(line) <= limit and line[0] in " \t" and line[-1] not in " \t"
                for line in rest
            )
        ):
            return linesep.join([first, *rest]) + linesep
        return None


_PLAIN_LINE = re.compile(r"[\t\x20-\x7e]*")
_FOLDED: dict[tuple, str] = {}
_FOLDED_KEPT = 1024
PLAIN_HEADERS = _PlainHeaders()


# "Content-Type: multipart/alternative; boundary="=_…"" in 78 characters.
BOUNDARY_BYTES = 14


class NotificationEmail(EmailMultiAlternatives):
    """A notification's message, with a MIME boundary of its own, its subject
    folded once for all who get it (``_subject``), written with ``PLAIN_HEADERS``.

    Without a boundary, Python's generator draws one and compiles a regular
    expression for each message to check that the text does not contain it, a
    large part of building a message. A random 112-bit boundary cannot be guessed
    by whoever wrote the text, and is short enough for the ``Content-Type`` header
    to fit on its line (a longer one is folded by ``Header``).
    """

    def message(self, *args, **kwargs):
        subject, self.subject = self.subject, ""
        try:
            message = super().message(*args, **kwargs)
        finally:
            self.subject = subject
        encoding = self.encoding or settings.DEFAULT_CHARSET
        message.replace_header("Subject", _subject(str(subject), encoding))
        if message.is_multipart():
            message.set_boundary(f"=_{secrets.token_hex(BOUNDARY_BYTES)}")
        # The generator writes every part with the policy of the message it was given.
        message.policy = PLAIN_HEADERS
        return message


@functools.lru_cache(maxsize=1024)
def _subject(subject: str, encoding: str) -> str:
    """The ``Subject`` header Django writes (it folds every subject with ``Header``,
    the costliest header of a message): once per process for a reminder's subject,
    the same for thousands of recipients. Raises ``BadHeaderError`` as Django does."""
    return forbid_multi_line_headers("Subject", subject, encoding)[1]


# Stand for the recipient's name and their unsubscribe address while a text is
# rendered once for everyone who gets it; each message then puts its own in.
_NAME = f"recipient-name-{secrets.token_hex(8)}"
_UNSUBSCRIBE = f"https://unsubscribe.invalid/{secrets.token_hex(8)}"


@functools.lru_cache(maxsize=256)
def _rendered_for_everyone(language, subject, body, params, url, unsubscribe, _site: tuple):
    """A notification's texts for everyone who gets this subject, body, parameters
    and link in this language (a reminder's thousands of recipients): rendered
    once per process (``_site``: the settings the texts show, part of the key)."""
    return render_email(
        language=language,
        recipient_name=_NAME,
        subject=subject,
        body=body,
        params=json.loads(params),
        url=url,
        unsubscribe_url=_UNSUBSCRIBE if unsubscribe else "",
    )


def notification_email(notification, *, headers: dict | None = None) -> EmailMultiAlternatives:
    """The e-mail for a stored notification, in its recipient's language."""
    recipient = notification.recipient
    unsubscribe = unsubscribe_url(notification)
    rendered = _rendered_for_everyone(
        recipient_language(recipient),
        notification.subject,
        notification.body,
        json.dumps(notification.params or {}, sort_keys=True),
        notification.url,
        bool(unsubscribe),
        (settings.SITE_URL, settings.COMMUNITY_NAME, settings.STATIC_URL),
    )
    unsubscribe_headers = {}
    if unsubscribe:
        unsubscribe_headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    name = recipient.public_name
    message = NotificationEmail(
        subject=rendered.subject,
        body=rendered.text.replace(_NAME, name).replace(_UNSUBSCRIBE, unsubscribe),
        to=[recipient.email],
        headers={
            "Content-Language": rendered.language,
            **unsubscribe_headers,
            **(headers or {}),
        },
    )
    html = rendered.html.replace(_NAME, escape(name)).replace(_UNSUBSCRIBE, escape(unsubscribe))
    message.attach_alternative(html, "text/html")
    return message


def unsubscribe_url(notification) -> str:
    """The one-click address that stops e-mails of this notification's kind to its
    recipient; empty for a kind that cannot be switched off."""
    if not preferences.can_unsubscribe(notification.kind):
        return ""
    token = preferences.unsubscribe_token(
        member_id=notification.recipient_id, kind_id=notification.kind
    )
    head, tail = _unsubscribe_path(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return absolute(f"{head}{token}{tail}")


# Stands for the token while the path is reversed.
_IN_PATH = secrets.token_hex(8)


@functools.lru_cache(maxsize=16)
def _unsubscribe_path(_prefix: str, urlconf: str) -> tuple[str, str]:
    """The unsubscribe address's path before and after its token.

    ``reverse`` took about 150 µs, a tenth of building and writing a message; the
    path is reversed once per URLconf and script prefix, and each token put in its
    place. A token is made of characters ``reverse`` leaves as they are (URL-safe
    base64, ``:`` and ``.``).
    """
    path = reverse("notifications:unsubscribe", args=[_IN_PATH], urlconf=urlconf)
    head, tail = path.split(_IN_PATH)
    return head, tail


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def _static(path: str) -> str:
    try:
        return static(path)
    except ValueError:  # a worker without the collected manifest: the plain address
        return f"{settings.STATIC_URL}{path}"
