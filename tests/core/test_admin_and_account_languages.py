"""The admin and the account pages speak the reader's language, Django's gaps included.

Criterion, precise and free of guesswork: a page rendered in a language fails when a
piece of its text (a text node, or a title, placeholder, aria-label, alt or button
value) is an English message of a catalog the site uses (Django's, the admin's,
allauth's, the project's), whole or with its placeholders filled in, and is not a
text of that language itself ("Date" is French too). Django and allauth ship catalogs
with gaps; the project catalog (locale/) fills them, and this test names any gap left.
"""

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from pprint import pformat

import polib
import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.sites.models import Site
from django.test import RequestFactory
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import to_locale

from tests.factories.members import MemberFactory, TierFactory
from tests.factories.programs import ApplicationFactory, ProgramFactory
from tests.factories.stations import EventFactory, StationFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")
ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
DJANGO_DIR = Path(__import__("django").__file__).parent


def catalog_dirs():
    """Where the site's 'django' domain comes from, as Django merges it."""
    dirs = [DJANGO_DIR / "conf" / "locale"]
    dirs += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    dirs += [Path(path) for path in settings.LOCALE_PATHS]
    return [path for path in dirs if path.is_dir()]


def catalog_files(language, domain="django"):
    files = (path / to_locale(language) / "LC_MESSAGES" / f"{domain}.po" for path in catalog_dirs())
    return [path for path in files if path.exists()]


@cache
def messages(language, domain="django"):
    """(English msgids, this language's texts) over every catalog of the chain.

    The English msgids come from each package's ``en`` catalog too: a language's
    catalog may lack a message altogether, not just its translation."""
    english, own = set(), set()
    for path in catalog_files("en", domain) + catalog_files(language, domain):
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            english.update(text for text in (entry.msgid, entry.msgid_plural) if text)
            if "fuzzy" in entry.flags or path in catalog_files("en", domain):
                continue
            own.update(text for text in [entry.msgstr, *entry.msgstr_plural.values()] if text)
    return english, own


def pattern(text):
    """A message with placeholders, as a regex for the texts it renders to."""
    pieces = PLACEHOLDER.split(text)
    literal = " ".join(pieces)
    if len(pieces) == 1 or not re.search(r"[A-Za-z]{3,}.*\s.*[A-Za-z]{2,}", literal):
        return None  # too little fixed text to recognise it
    return re.compile(".+?".join(re.escape(piece) for piece in pieces), re.DOTALL)


@cache
def checker(language):
    english, own = messages(language)
    own = own | {capfirst(text) for text in own}
    exact = {text for text in english if re.search("[A-Za-z]", text)} - own
    patterns = [compiled for text in english if (compiled := pattern(text))]
    own_patterns = [compiled for text in own if (compiled := pattern(text))]
    return exact, patterns, own_patterns, own


class Texts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1
        attributes = dict(attrs)
        for name in ATTRIBUTES & attributes.keys():
            self.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.texts.append(data)


def page_texts(html, language):
    # Text marked as another language on purpose (the switcher lists each
    # language in its own name) is not this page's text.
    html = re.sub(
        rf'<(\w+)\b[^>]*\slang="(?!{language}")[^"]*"[^>]*>.*?</\1>', "", html, flags=re.DOTALL
    )
    parser = Texts()
    parser.feed(html)
    texts = set()
    for text in parser.texts:
        text = " ".join((text or "").split())
        for piece in [text, *text.split(" | ")]:
            for variant in (piece, piece.rstrip(":\uff1a").strip(), piece.rstrip(".…").strip()):
                if variant:
                    texts.add(variant)
    return texts


def english_left(html, language):
    exact, patterns, own_patterns, own = checker(language)
    left = set()
    for text in page_texts(html, language):
        if text in own:
            continue
        english = text in exact or any(p.fullmatch(text) for p in patterns)
        if english and not any(p.fullmatch(text) for p in own_patterns):
            left.add(text)
    return sorted(left)


@pytest.fixture
def site_data(db):
    """A row for each model whose admin pages the test draws with content."""
    member = MemberFactory(username="lin", display_name="Lin Wei", tier=TierFactory())
    program = ProgramFactory()
    station = StationFactory()
    campaign = CampaignFactory()
    app = SocialApp.objects.create(provider="github", name="GitHub", client_id="id")
    app.sites.add(Site.objects.get_current())
    account = SocialAccount.objects.create(user=member, provider="github", uid="1")
    SocialToken.objects.create(app=app, account=account, token="t")
    return {
        "member": member,
        "program": program,
        "application": ApplicationFactory(program=program),
        "station": station,
        "event": EventFactory(station=station),
        "campaign": campaign,
        "submission": SubmissionFactory(campaign=campaign, author=member),
    }


def admin_pages(data, user):
    """Every model's change list, add page (where one may add) and a change page."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:app_list", args=["members"]),
        reverse("admin:auth_user_password_change", args=[data["member"].pk]),
        reverse("admin:members_user_delete", args=[data["member"].pk]),
        reverse("admin:members_user_changelist") + "?q=nobody-matches",
        reverse("admin:members_user_changelist") + "?is_staff__exact=1&o=2",
    ]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{name}_add"))
        if (row := model.objects.order_by("pk").first()) is not None:
            pages.append(reverse(f"{name}_change", args=[row.pk]))
            pages.append(reverse(f"{name}_history", args=[row.pk]))
    return pages


ACCOUNT_PAGES_ANONYMOUS = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
ACCOUNT_PAGES_SIGNED_IN = [
    "account_email",
    "account_change_password",
    "account_logout",
    "socialaccount_connections",
]


@pytest.mark.once
@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_pages_show_no_english(client, site_data, language):
    superuser = MemberFactory(is_staff=True, is_superuser=True, preferred_language=language)
    client.force_login(superuser)

    left = {}
    for url in admin_pages(site_data, superuser):
        response = client.get(url)
        assert response.status_code == 200, url
        if found := english_left(response.content.decode(), language):
            left[url] = found

    assert left == {}, pformat(left)


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_form_errors_show_no_english(client, site_data, language):
    superuser = MemberFactory(is_staff=True, is_superuser=True, preferred_language=language)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:members_user_add"),
        {"username": "", "password1": "short", "password2": "other", "usable_password": "true"},
    )

    assert response.status_code == 200
    assert english_left(response.content.decode(), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_pages_show_no_english(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    left = {}
    for name in ACCOUNT_PAGES_ANONYMOUS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        if found := english_left(response.content.decode(), language):
            left[name] = found
    bad_key = reverse("account_reset_password_from_key", kwargs={"uidb36": "0", "key": "x-y"})
    response = client.get(bad_key, follow=True)
    left_after_bad_key = english_left(response.content.decode(), language)

    client.force_login(MemberFactory(preferred_language=language))
    for name in ACCOUNT_PAGES_SIGNED_IN:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        if found := english_left(response.content.decode(), language):
            left[name] = found

    assert left == {}, pformat(left)
    assert left_after_bad_key == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_form_errors_show_no_english(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    MemberFactory(username="taken", email="taken@example.com")
    pages = {
        "account_login": {"login": "taken@example.com", "password": "wrong"},
        "account_signup": {
            "email": "taken@example.com",
            "username": "taken",
            "password1": "short",
            "password2": "other",
        },
        "account_reset_password": {"email": "not an address"},
    }
    left = {}
    for name, data in pages.items():
        response = client.post(reverse(name), data)
        assert response.status_code == 200, name
        if found := english_left(response.content.decode(), language):
            left[name] = found

    assert left == {}, pformat(left)


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_javascript_catalog_is_complete(client, language):
    """The admin's widgets (the permission pickers, calendars) read their texts from
    the 'djangojs' catalog; each of the admin's messages has a translation there."""
    source = DJANGO_DIR / "contrib" / "admin" / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    wanted = {
        f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        for entry in polib.pofile(str(source))
        if not entry.obsolete
    }
    superuser = MemberFactory(is_staff=True, is_superuser=True, preferred_language=language)
    client.force_login(superuser)

    script = client.get(reverse("admin:jsi18n")).content.decode()
    served = json.loads(re.search(r"const newcatalog = (\{.*?\n  \});", script, re.DOTALL)[1])

    assert sorted(wanted - served.keys()) == []
