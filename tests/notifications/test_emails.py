# ruff: noqa: RUF001 (the Chinese texts use full-width punctuation)
"""Notification e-mails: one branded layout in HTML and text, in the recipient's
language; every kind previewed by reviewers in every language without sending."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from community_portal.notifications.emails import recipient_language, render_email
from community_portal.notifications.kinds import (
    DIGEST_LINE,
    DIGEST_MORE,
    KINDS,
    PARAMETER_TEXTS,
)
from members.services import member_welcome
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PREVIEW = reverse("admin:notifications_notification_preview")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.id)
def test_every_kind_renders_in_every_language(kind, language):
    email = render_email(
        language=language,
        recipient_name="Lin Xiao",
        subject=kind.subject,
        body=kind.body,
        params=kind.sample_params(),
        url="/members/tier/",
    )

    assert email.language == language
    assert email.subject.startswith(f"[{settings.COMMUNITY_NAME}] ")
    for part in (email.subject, email.text, email.html):
        assert "%(" not in part
    assert f'<html lang="{language}"' in email.html
    assert "Lin Xiao" in email.text
    assert "Lin Xiao" in email.html
    assert email.subject.removeprefix(f"[{settings.COMMUNITY_NAME}] ") in email.text


def test_chinese_kind_is_written_in_chinese():
    kind = next(kind for kind in KINDS if kind.id == "members.tier_request_declined")

    email = render_email(
        language="zh-hans",
        recipient_name="Lin",
        subject=kind.subject,
        body=kind.body,
        params=kind.sample_params(),
    )

    assert "核心贡献者" in email.subject
    assert "你好" in email.text


def test_notification_created_in_chinese_is_emailed_in_the_recipients_english(
    mailoutbox, django_capture_on_commit_callbacks
):
    member = MemberFactory(preferred_language="en")

    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        member_welcome(user=member)

    message = mailoutbox[0]
    html, mimetype = message.alternatives[0]
    assert message.subject == f"[{settings.COMMUNITY_NAME}] Welcome to {settings.COMMUNITY_NAME}"
    assert "Your e-mail address is verified" in message.body
    assert mimetype == "text/html"
    assert "Your e-mail address is verified" in html
    assert "欢迎" not in message.subject + message.body + html
    assert message.extra_headers["Content-Language"] == "en"
    assert message.message()["Content-Language"] == "en"


def test_email_has_a_text_part_an_html_part_and_the_recipients_content_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    member = MemberFactory(preferred_language="zh-hans")

    with django_capture_on_commit_callbacks(execute=True):
        member_welcome(user=member)

    mime = mailoutbox[0].message()
    parts = {part.get_content_type(): part for part in mime.walk()}
    assert mime["Content-Language"] == "zh-hans"
    assert mime.get_content_type() == "multipart/alternative"
    assert "你的电子邮箱地址已验证" in parts["text/plain"].get_payload(decode=True).decode()
    assert '<html lang="zh-hans"' in parts["text/html"].get_payload(decode=True).decode()


def test_html_layout_is_branded_inline_styled_and_dark_mode_safe():
    email = render_email(language="en", recipient_name="Lin", subject="Welcome to %(community)s")
    html = email.html

    assert '<meta name="color-scheme" content="light dark">' in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    # Clients that strip <style> still get the colours, the column and the card.
    assert '<body class="email-bg" style="margin:0;padding:0;width:100%;background-color:' in html
    assert "max-width:600px" in html
    assert 'class="email-card email-text" style="background-color:#ffffff;' in html
    assert f"{settings.SITE_URL}/static/img/logo-email.png" in html
    assert settings.COMMUNITY_NAME in html


def test_text_part_has_no_markup_and_links_back():
    email = render_email(
        language="en",
        recipient_name="Lin & Co",
        subject="Welcome to %(community)s",
        url="/members/tier/",
    )

    assert "<" not in email.text
    assert "Lin & Co" in email.text
    assert f"{settings.SITE_URL}/members/tier/" in email.text
    assert f"{settings.SITE_URL}/inbox/" in email.text


@pytest.mark.parametrize(
    ("preferred", "expected"), [("zh-hans", "zh-hans"), ("", "en"), ("de", "en")]
)
def test_recipient_language_is_theirs_or_the_communitys_default(preferred, expected):
    assert recipient_language(MemberFactory.build(preferred_language=preferred)) == expected


# --- The list of kinds stays complete ---------------------------------------------------


def _noop_texts_in_the_code() -> set[str]:
    """The texts marked with gettext_noop, but for what is posted to chat groups
    (chat_post's texts, the CHAT_ constants, _chat_ helpers, the chat app) and Django's own texts
    the project's catalogs fill in (core/translation_gaps.py)."""
    texts = set()
    for path in Path(settings.BASE_DIR).glob("**/*.py"):
        if {".venv", "tests", "migrations", "bench", "chat"} & set(path.parts):
            continue
        if path.name == "translation_gaps.py":
            continue
        source = path.read_text()
        if "gettext_noop" not in source:
            continue
        tree = ast.parse(source)
        for_chat = set()
        for node in ast.walk(tree):
            chat_call = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "chat_post"
            chat_function = isinstance(node, ast.FunctionDef) and "chat" in node.name
            chat_constant = isinstance(node, ast.Assign) and any(
                getattr(target, "id", "").startswith("CHAT_") for target in node.targets
            )
            if chat_call or chat_function or chat_constant:
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) == (
                        "gettext_noop"
                    ):
                        for_chat.add(id(inner))
        for node in ast.walk(tree):
            noop = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop"
            if noop and id(node) not in for_chat:
                texts.add(node.args[0].value)
    return texts


def test_every_text_the_services_send_is_a_listed_kind():
    listed = {kind.subject for kind in KINDS} | {kind.body for kind in KINDS if kind.body}
    known = listed | set(PARAMETER_TEXTS) | {DIGEST_LINE, DIGEST_MORE}

    assert _noop_texts_in_the_code() - known == set()
    assert listed - _noop_texts_in_the_code() == set()


def test_kind_ids_are_unique():
    assert len({kind.id for kind in KINDS}) == len(KINDS)


# --- The reviewers' preview -------------------------------------------------------------


def test_preview_refuses_anonymous_visitors(client):
    response = client.get(PREVIEW)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_preview_refuses_a_member_who_is_not_staff(member_client):
    response = member_client.get(PREVIEW)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_preview_refuses_staff_who_do_not_review(client):
    client.force_login(MemberFactory(is_staff=True))

    assert client.get(PREVIEW).status_code == 403
    html = reverse(
        "admin:notifications_notification_preview_html",
        kwargs={"kind": "members.welcome", "language": "en"},
    )
    assert client.get(html).status_code == 403


def test_preview_shows_every_kind_in_every_language_and_sends_nothing(reviewer_client, mailoutbox):
    response = reviewer_client.get(PREVIEW)

    page = response.content.decode()
    assert response.status_code == 200
    for kind in KINDS:
        assert f'data-kind="{kind.id}"' in page
    assert page.count("<tr data-language=") == len(KINDS) * len(LANGUAGES)
    for language in LANGUAGES:
        assert page.count(f'<tr data-language="{language}"') == len(KINDS)
    assert "Welcome to" in page
    assert "欢迎加入" in page
    assert mailoutbox == []


def test_preview_of_one_html_email_is_the_email_itself(reviewer_client, mailoutbox):
    url = reverse(
        "admin:notifications_notification_preview_html",
        kwargs={"kind": "members.tier_changed", "language": "zh-hans"},
    )

    response = reviewer_client.get(url)

    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "你现在的等级：核心贡献者" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("kind", "language"), [("members.nothing", "en"), ("members.welcome", "de")]
)
def test_preview_of_an_unknown_kind_or_language_is_not_found(reviewer_client, kind, language):
    url = reverse(
        "admin:notifications_notification_preview_html",
        kwargs={"kind": kind, "language": language},
    )

    assert reviewer_client.get(url).status_code == 404


def test_notification_list_links_to_the_preview(reviewer_client):
    page = reviewer_client.get(reverse("admin:notifications_notification_changelist"))

    assert PREVIEW in page.content.decode()
