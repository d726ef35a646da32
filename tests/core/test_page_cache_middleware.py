"""Cached public pages are answered by the first middleware: no session, no user,
no query, and the same bytes and headers as the page rendered by the whole stack."""

import gzip
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community_portal.core.page_cache import HEADER, bump
from programs.models import Program
from tests.factories.members import CertificateFactory
from tests.factories.programs import ProgramFactory
from tests.factories.stations import EventFactory

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def comparable(response):
    """Status, headers and body, less what is this visitor's or this response's own."""
    headers = {
        name: value
        for name, value in response.items()
        if name not in (HEADER, "Content-Length", "ETag")
    }
    body = _TOKEN.sub(b'name="csrfmiddlewaretoken" value="TOKEN"', response.content)
    return response.status_code, headers, sorted(response.cookies), body


@pytest.fixture
def production_headers(settings):
    """The headers a deployment adds over HTTPS (HSTS, the proxy's scheme)."""
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_hit_runs_no_query_and_touches_no_session_or_user(django_assert_num_queries):
    certificate = CertificateFactory()
    url = certificate.get_absolute_url()
    assert Client().get(url)[HEADER] == "miss"

    with django_assert_num_queries(0):
        response = Client().get(url)

    assert response[HEADER] == "hit"
    assert certificate.holder.public_name in response.content.decode()
    # Neither SessionMiddleware nor AuthenticationMiddleware saw the request.
    assert not hasattr(response.wsgi_request, "session")
    assert not hasattr(response.wsgi_request, "user")


@pytest.mark.parametrize(
    "language_headers",
    [{}, {"accept-language": "zh-hans"}, {"accept-language": "de, zh-hans;q=0.5"}],
    ids=["default", "zh-hans", "zh-hans-second-choice"],
)
def test_hit_is_the_miss_byte_for_byte(production_headers, language_headers):
    url = ProgramFactory().get_absolute_url()
    https = {"x-forwarded-proto": "https", **language_headers}
    miss = Client().get(url, headers=https)
    hit = Client().get(url, headers=https)

    assert (miss[HEADER], hit[HEADER]) == ("miss", "hit")
    assert comparable(hit) == comparable(miss)
    assert "Strict-Transport-Security" in hit
    assert "Content-Security-Policy" in hit
    assert hit["X-Frame-Options"] == "DENY"
    assert "Accept-Language" in hit["Vary"]


@pytest.mark.urls("tests.core.form_page_urls")
def test_hit_for_a_returning_visitor_is_the_miss_byte_for_byte():
    """A visitor with a CSRF cookie keeps it, and has an ETag of their own."""
    url = reverse("test_form")
    visitor = Client()
    visitor.get(reverse("account_login"))  # the sign-in form gives a CSRF cookie
    cookie = visitor.cookies["csrftoken"].value
    miss = visitor.get(url)
    hit = visitor.get(url)

    assert (miss[HEADER], hit[HEADER]) == ("miss", "hit")
    assert comparable(hit) == comparable(miss)
    assert hit.cookies["csrftoken"].value == miss.cookies["csrftoken"].value == cookie
    assert hit["ETag"] == miss["ETag"]


def test_not_modified_hit_is_the_not_modified_miss():
    url = reverse("submissions:leaderboard")
    visitor = Client()
    etag = visitor.get(url)["ETag"]
    bump("submissions")  # rendered again, the same page: a 304 from the miss

    miss = visitor.get(url, headers={"if-none-match": etag})
    hit = visitor.get(url, headers={"if-none-match": etag})

    assert (miss.status_code, hit.status_code) == (304, 304)
    assert dict(hit.items()) == dict(miss.items())
    assert hit["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in hit
    assert hit.wsgi_request.__dict__.keys().isdisjoint({"session", "user"})


def test_hit_is_kept_per_language_the_locale_middleware_picks(client):
    """The language cookie and Accept-Language reach the same page in that language."""
    url = ProgramFactory().get_absolute_url()
    assert Client().get(url, headers={"accept-language": "zh-hans"})[HEADER] == "miss"
    by_cookie = Client()
    by_cookie.cookies["django_language"] = "zh-hans"

    chinese = by_cookie.get(url)
    english = Client().get(url)

    assert (chinese[HEADER], chinese["Content-Language"]) == ("hit", "zh-hans")
    assert (english[HEADER], english["Content-Language"]) == ("miss", "en")


@pytest.mark.urls("tests.core.form_page_urls")
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_hit_token_is_the_one_the_visitors_cookie_holds(encoding):
    """Also inside the compressed page (``page_gzip``), where the token is put between
    the compressed pieces."""
    url = reverse("test_form")
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(reverse("account_login"))
    cookie = visitor.cookies["csrftoken"].value

    response = visitor.get(url, headers={"accept-encoding": encoding})
    page = gzip.decompress(response.content) if encoding == "gzip" else response.content
    token = _TOKEN.search(page).group().split(b'value="')[1][:-1].decode()
    switched = visitor.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/", "csrfmiddlewaretoken": token}
    )

    assert response[HEADER] == "hit"
    assert response.get("Content-Encoding", "identity") == encoding
    assert visitor.cookies["csrftoken"].value == cookie
    assert switched.status_code == 302


def test_visitor_with_a_session_cookie_gets_the_whole_stack(member_client):
    url = reverse("home")
    cached = Client()
    cached.get(url)
    assert cached.get(url)[HEADER] == "hit"

    response = member_client.get(url)

    assert HEADER not in response
    assert hasattr(response.wsgi_request, "session")


def test_disallowed_host_is_refused_by_the_stack(client):
    url = reverse("home")
    client.get(url)

    assert client.get(url, headers={"host": "evil.example"}).status_code == 400


# --- A page whose time is up, renewed by one request ---------------------------------------


@pytest.fixture
def noon():
    """A still clock at noon: the page's key holds the date, which must not change."""
    with time_machine.travel(datetime(2026, 12, 2, 12, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def renaming(program, title):
    """A change no tag hears of (a lost bump): only the page's time renews it."""
    Program.objects.filter(pk=program.pk).update(title=title)


def test_page_past_its_time_is_served_as_it_was_while_another_request_renders_it(settings, noon):
    program = ProgramFactory(title="Spring stations")
    url = program.get_absolute_url()
    miss = Client().get(url)
    renewing = f"{miss.wsgi_request._page_cache['key']}:renewing"
    renaming(program, "Autumn stations")
    noon.shift(settings.PAGE_CACHE_TTL - 1)
    assert "Spring stations" in Client().get(url).content.decode()

    noon.shift(2)
    assert cache.add(renewing, True)  # another request is rendering the page
    waiting = [Client().get(url), Client().get(url, headers={"accept-encoding": "gzip"})]
    cache.delete(renewing)  # and is done
    renewed = Client().get(url)
    after = Client().get(url)

    assert [response[HEADER] for response in waiting] == ["stale", "stale"]
    assert "Spring stations" in waiting[0].content.decode()
    assert "Spring stations" in gzip.decompress(waiting[1].content).decode()
    assert (renewed[HEADER], after[HEADER]) == ("miss", "hit")
    assert "Autumn stations" in after.content.decode()


def test_renewing_request_lets_go_of_the_page_when_its_view_fails(settings, noon, monkeypatch):
    program = ProgramFactory(title="Spring stations")
    url = program.get_absolute_url()
    miss = Client().get(url)
    renewing = f"{miss.wsgi_request._page_cache['key']}:renewing"
    noon.shift(settings.PAGE_CACHE_TTL + 1)
    monkeypatch.setattr(Program.objects, "get_queryset", broken_queryset)

    with pytest.raises(RuntimeError):
        Client(raise_request_exception=True).get(url)

    assert cache.add(renewing, True)


def broken_queryset():
    raise RuntimeError("the database went away")


def test_bumped_page_is_new_at_once_even_while_it_is_being_renewed(settings, noon):
    program = ProgramFactory(title="Spring stations")
    url = program.get_absolute_url()
    miss = Client().get(url)
    noon.shift(settings.PAGE_CACHE_TTL + 1)
    assert cache.add(f"{miss.wsgi_request._page_cache['key']}:renewing", True)

    program.title = "Autumn stations"
    program.save()
    response = Client().get(url)

    assert response[HEADER] == "miss"
    assert "Autumn stations" in response.content.decode()


def test_page_is_never_served_past_the_moment_it_changes_at(settings, noon):
    """An event starting a few seconds after the page's time is up: no grace past it."""
    starts = timezone.now() + timedelta(seconds=settings.PAGE_CACHE_TTL + 5)
    event = EventFactory(starts_at=starts, title="Evening talk", capacity=10)
    url = reverse("stations:detail", args=[event.station.slug])
    miss = Client().get(url)
    assert "Evening talk" in miss.content.decode()

    noon.shift(settings.PAGE_CACHE_TTL + 1)
    assert cache.add(f"{miss.wsgi_request._page_cache['key']}:renewing", True, timeout=60)
    before = Client().get(url)
    noon.shift(5)
    after_start = Client().get(url)

    assert before[HEADER] == "stale"
    assert after_start[HEADER] == "miss"
    assert after_start.context["upcoming_events"] == [event]  # now under way
