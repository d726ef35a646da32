"""Nothing a visitor can send answers 500: every URL pattern, every form, hostile values.

The demo data gives the objects; every URL pattern of the resolver is requested with
the ids of real objects and with absurd ones (huge numbers, unicode, very long
strings), as a visitor, a member, a station lead and a reviewer; every form on the
pages they see is posted back with hostile values, and the list pages get absurd
query strings. The run is bounded (a fixed seed, a budget of requests) and fails
listing each request that answered 500 or raised.

GitHub sign-in has no URL unless GitHub is configured (tests/members/test_accounts.py
covers both states), so the walk meets it only where it exists.
"""

import logging
import random
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from members.models import User

pytestmark = pytest.mark.django_db

SEED = 20261201
# Upper bounds for the whole run: a few thousand requests.
MAX_GETS = 1000
MAX_ODD_QUERIES = 150
MAX_POSTS = 400
MAX_FORM_PAGES_PER_USER = 60

SKIPPED_PREFIXES = ("/media/", "/favicon.ico")
# Signing out would end the session the next requests need; it has no form fields anyway.
NOT_POSTED = ("/accounts/logout/", "/admin/logout/")

HUGE = 10**20
ABSURD_INTS = [0, HUGE, 2**63, 99999]
ABSURD_STRINGS = ["x" * 3000, "日本語🙂", "%00", "' OR 1=1 --", "..%2F..%2Fetc", "-", "1.5"]
HOSTILE_VALUES = [
    "",
    " ",
    "x" * 20000,
    "\x00",
    "a\x00b",
    "🙂" * 40,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "-1",
    "0",
    str(HUGE),
    str(-HUGE),
    "1e309",
    "NaN",
    "9999-99-99",
    "99999-01-01",
    "99999999999999999999-01-01",
    "2026-02-30",
    "0000-00-00T00:00",
    "99999-12-31T23:59",
    "javascript:alert(1)",
    "http://",
    "../../etc/passwd",
    "%s%n",
    "[]",
]
ABSURD_QUERIES = [
    {"page": "-1"},
    {"page": str(HUGE)},
    {"page": "abc"},
    {"p": str(HUGE)},
    {"q": "\x00"},
    {"q": "x" * 5000},
    {"o": "-999.abc"},
    {"year": str(HUGE)},
    {"month": "13"},
    {"sort": "🙂"},
    {"next": "//evil.example.org/"},
    {"created_at__year": str(HUGE)},
    {"state": "\x00", "kind": "castle"},
]


# --- The URL patterns and their parameters ----------------------------------------------


@dataclass
class Route:
    pattern: str  # the whole route, with <converter:name> or (?P<name>...) left in
    params: list[tuple[str, str]]  # (name, converter kind)


_ROUTE_PARAM = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def all_routes() -> list[Route]:
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            text = prefix + str(entry.pattern).lstrip("^").rstrip("$")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, text.rstrip("$"))
            elif isinstance(entry, URLPattern):
                text = text.replace("^", "").replace("$", "")
                params = [(m["name"], m["kind"] or "str") for m in _ROUTE_PARAM.finditer(text)]
                params += [(m["name"], "regex") for m in _REGEX_PARAM.finditer(text)]
                routes.append(Route(pattern="/" + text, params=params))

    walk(get_resolver().url_patterns, "")
    return [r for r in routes if not r.pattern.startswith(SKIPPED_PREFIXES)]


def fill(route: Route, values: dict[str, object]) -> str:
    url = route.pattern
    for name, _kind in route.params:
        value = str(values[name])
        url = _ROUTE_PARAM.sub(lambda m, n=name, v=value: v if m["name"] == n else m[0], url)
        url = _REGEX_PARAM.sub(lambda m, n=name, v=value: v if m["name"] == n else m[0], url)
    return url


def _pks(label: str) -> list:
    return list(apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True)[:6])


def _values(label: str, field_name: str) -> list:
    model = apps.get_model(label)
    return list(model.objects.order_by("pk").values_list(field_name, flat=True)[:6])


# The model whose ids a pattern's parameters name: (route prefix, parameter) -> values.
def real_values() -> list[tuple[str, str, list]]:
    return [
        ("/inbox/", "pk", _pks("notifications.Notification")),
        ("/members/people/", "username", _values("members.User", "username")),
        ("/members/me/tier/requests/", "pk", _pks("members.TierRequest")),
        ("/members/me/certifications/", "pk", _pks("members.CertificationApplication")),
        ("/members/certifications/", "slug", _values("members.CertificationLevel", "slug")),
        ("/members/certificates/", "number", _values("members.Certificate", "number")),
        ("/members/volunteer-groups/applications/", "pk", _pks("members.VolunteerApplication")),
        ("/members/volunteer-groups/", "slug", _values("members.VolunteerGroup", "slug")),
        ("/members/mentors/slots/", "pk", _pks("members.MentorSlot")),
        ("/members/me/mentorship/slots/", "pk", _pks("members.MentorSlot")),
        ("/members/me/mentorship/", "pk", _pks("members.Mentorship")),
        ("/members/me/mentorship/", "action", ["accept", "decline", "cancel", "end"]),
        ("/programs/applications/", "pk", _pks("programs.Application")),
        ("/programs/letters/", "token", _values("programs.ThankYouLetter", "token")),
        ("/programs/", "slug", _values("programs.Program", "slug")),
        ("/stations/found/", "pk", _pks("stations.FoundingRequest")),
        ("/stations/<slug:slug>/events/", "pk", _pks("stations.Event")),
        ("/stations/<slug:slug>/manage/events/", "pk", _pks("stations.Event")),
        ("/stations/", "registration_pk", _pks("stations.Registration")),
        ("/stations/<slug:slug>/manage/roles/", "pk", _pks("stations.Membership")),
        ("/stations/<slug:slug>/manage/join-requests/", "pk", _pks("stations.JoinRequest")),
        ("/stations/", "slug", _values("stations.Station", "slug")),
        ("/campaigns/submissions/", "pk", _pks("submissions.Submission")),
        ("/campaigns/leaderboard/", "year", [2026, 2025]),
        ("/campaigns/leaderboard/", "month", [1, 5, 12]),
        ("/campaigns/", "slug", _values("submissions.Campaign", "slug")),
        ("/admin/r/", "content_type_id", list(ContentType.objects.values_list("pk", flat=True))),
    ]


def admin_object_ids(route: Route) -> list:
    match = re.match(r"/admin/(\w+)/(\w+)/", route.pattern)
    if not match:
        return []
    try:
        return _pks(f"{match[1]}.{match[2]}")
    except LookupError:
        return []


def valid_choices(route: Route, table) -> dict[str, list]:
    choices = {}
    for name, kind in route.params:
        found = []
        for prefix, param, values in table:
            if param == name and route.pattern.startswith(prefix):
                found = values
                break
        if name == "object_id":
            found = admin_object_ids(route) or _pks("members.User")
        choices[name] = found or ([1] if kind in ("int", "path") else ["x"])
    return choices


def absurd_values(kind: str) -> list:
    if kind == "int":
        return ABSURD_INTS
    if kind == "slug":
        return ["x" * 300, "-", "a_b"]
    if kind == "path":
        return [str(HUGE), "abc", "1/2", "%00", "日本語"]
    return ABSURD_STRINGS


def urls_for(route: Route, table, rng: random.Random) -> list[str]:
    """A few URLs with real ids, then each parameter in turn made absurd."""
    if not route.params:
        return [route.pattern]
    choices = valid_choices(route, table)
    urls = []
    for _ in range(3):
        urls.append(fill(route, {name: rng.choice(values) for name, values in choices.items()}))
    base = {name: values[0] for name, values in choices.items()}
    for name, kind in route.params:
        for value in rng.sample(absurd_values(kind), k=2):
            urls.append(fill(route, {**base, name: value}))
    return list(dict.fromkeys(urls))


# --- The forms on a page ----------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    fields: list[dict] = field(default_factory=list)  # {"name", "type", "value", "options"}


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append(Form(method=method, action=attrs.get("action") or ""))
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            form.fields.append({"name": name, "type": kind, "value": attrs.get("value") or ""})
        elif tag == "button" and name:
            form.fields.append({"name": name, "type": "submit", "value": attrs.get("value", "")})
        elif tag == "textarea" and name:
            form.fields.append({"name": name, "type": "textarea", "value": ""})
        elif tag == "select" and name:
            self._select = {"name": name, "type": "select", "value": "", "options": []}
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_on(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def payloads(form: Form, rng: random.Random) -> list[dict]:
    """The form as rendered (a valid-looking post), then twice with hostile values."""
    rendered, hostile_posts = {}, [{}, {}]
    for entry in form.fields:
        name, kind = entry["name"], entry["type"]
        if kind == "csrfmiddlewaretoken" or name == "csrfmiddlewaretoken":
            rendered[name] = entry["value"]
            for post in hostile_posts:
                post[name] = entry["value"]
            continue
        if kind == "file":
            for post in (rendered, *hostile_posts):
                post[name] = SimpleUploadedFile("banner.png", b"\x89PNG not really", "image/png")
            continue
        if kind == "select":
            options = entry["options"] or [""]
            rendered[name] = options[-1]
        elif kind in ("checkbox", "radio"):
            rendered[name] = entry["value"] or "on"
        elif kind == "submit":
            rendered[name] = entry["value"]
        else:
            rendered[name] = entry["value"] or "Fuzz"
        for post in hostile_posts:
            post[name] = rng.choice(HOSTILE_VALUES)
    return [rendered, *hostile_posts]


def describe(payload: dict) -> dict:
    return {
        key: (value[:40] + "…" if isinstance(value, str) and len(value) > 40 else value)
        for key, value in payload.items()
        if key != "csrfmiddlewaretoken" and not hasattr(value, "read")
    }


# --- The run ----------------------------------------------------------------------------


@dataclass
class Visitor:
    name: str
    user: User | None
    client: Client = field(default_factory=lambda: Client(raise_request_exception=False))

    def sign_in_again(self):
        if self.user is not None:
            self.client.force_login(self.user)


@dataclass
class Run:
    failures: list = field(default_factory=list)
    gets: int = 0
    posts: int = 0

    def request(self, visitor: Visitor, method: str, url: str, data=None):
        try:
            if method == "GET":
                self.gets += 1
                response = visitor.client.get(url, data or {})
            else:
                self.posts += 1
                response = visitor.client.post(url, data or {})
        except Exception as error:  # a crash outside the view: a failure all the same
            self.failures.append((method, url, visitor.name, describe(data or {}), repr(error)))
            return None
        if response.status_code >= 500:
            self.failures.append((method, url, visitor.name, describe(data or {}), 500))
        return response


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo is for development machines
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    visitors = [
        Visitor("visitor", None),
        Visitor("member", User.objects.get(username="member")),
        Visitor("lead", User.objects.get(username="chen.jie")),
        Visitor("reviewer", User.objects.get(username="reviewer")),
    ]
    for visitor in visitors:
        visitor.sign_in_again()
    return visitors


@pytest.fixture
def quiet_request_log():
    """Thousands of 403s, 404s and 405s are expected: only the failures below matter."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def same_language_after():
    """The posted forms switch languages; the tests that run next expect the same one."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.mark.once
def test_no_url_or_form_answers_500(demo, quiet_request_log, same_language_after, capsys):
    rng = random.Random(SEED)
    run = Run()
    table = real_values()
    pages = []  # (visitor, url) of the pages that answered 200, for their forms

    routes = all_routes()
    admin_routes = [r for r in routes if r.pattern.startswith("/admin/")]
    site_routes = [r for r in routes if not r.pattern.startswith("/admin/")]
    visits = [(visitor, route) for route in site_routes for visitor in demo]
    # The admin is for reviewers; a visitor is only sent to its sign-in page.
    visits += [(demo[-1], route) for route in admin_routes]
    visits += [(demo[0], route) for route in admin_routes[:: max(1, len(admin_routes) // 20)]]

    # First every pattern once per visitor, then the absurd variants, as the budget allows.
    first, more = [], []
    for visitor, route in visits:
        urls = urls_for(route, table, rng)
        first.append((visitor, urls[0]))
        more += [(visitor, url) for url in urls[1:]]
    rng.shuffle(more)
    for visitor, url in (first + more)[:MAX_GETS]:
        response = run.request(visitor, "GET", url)
        if response is not None and response.status_code == 200:
            pages.append((visitor, url, response))

    # Absurd query strings on the pages that answered.
    list_pages = [(visitor, url) for visitor, url, _ in pages if "<" not in url]
    for visitor, url in rng.sample(list_pages, k=min(len(list_pages), MAX_ODD_QUERIES)):
        run.request(visitor, "GET", url, rng.choice(ABSURD_QUERIES))

    # Every form on those pages, as rendered and with hostile values.
    seen = set()
    per_user = {visitor.name: 0 for visitor in demo}
    for visitor, url, response in pages:
        if "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_on(response.content.decode(errors="replace")):
            target = urljoin(url, form.action) if form.action else url
            split = urlsplit(target)
            if split.netloc or split.path.startswith((*SKIPPED_PREFIXES, *NOT_POSTED)):
                continue
            key = (visitor.name, split.path, form.method, tuple(f["name"] for f in form.fields))
            if key in seen or per_user[visitor.name] >= MAX_FORM_PAGES_PER_USER:
                continue
            seen.add(key)
            per_user[visitor.name] += 1
            for payload in payloads(form, rng):
                if run.posts >= MAX_POSTS:
                    break
                if form.method == "post":
                    run.request(visitor, "POST", target, payload)
                    visitor.sign_in_again()
                else:
                    query = {k: v for k, v in payload.items() if isinstance(v, str)}
                    run.request(visitor, "GET", f"{split.path}?{urlencode(query)}")

    with capsys.disabled():
        print(f"\nfuzz: {run.gets} GET, {run.posts} POST, {len(run.failures)} failures")
    assert run.failures == [], "answered 500:\n" + "\n".join(map(repr, run.failures))
