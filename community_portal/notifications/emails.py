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
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.text import Truncator

from community_portal.core.messages import render_message
from community_portal.notifications import preferences
from community_portal.notifications.mime import NAME, UNSUBSCRIBE, NotificationEmail

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


@functools.lru_cache(maxsize=256)
def _rendered_for_everyone(language, subject, body, params, url, unsubscribe, _site: tuple):
    """A notification's texts for everyone who gets this subject, body, parameters
    and link in this language (a reminder's thousands of recipients): rendered
    once per process (``_site``: the settings the texts show, part of the key)."""
    return render_email(
        language=language,
        recipient_name=NAME,
        subject=subject,
        body=body,
        params=json.loads(params),
        url=url,
        unsubscribe_url=UNSUBSCRIBE if unsubscribe else "",
    )


def notification_email(notification, *, headers: dict | None = None) -> NotificationEmail:
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
    return NotificationEmail.for_recipient(
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        name=recipient.public_name,
        unsubscribe=unsubscribe,
        to=[recipient.email],
        headers={
            "Content-Language": rendered.language,
            **unsubscribe_headers,
            **(headers or {}),
        },
    )


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
