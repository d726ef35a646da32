"""Cached pages go out gzip-compressed to browsers that take it: the same page, with
the visitor's own CSRF token in it, at a fraction of its size. (That the token in a
compressed page still posts: ``test_page_cache_middleware``.)"""

import gzip
import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse

from community_portal.core import page_cache, page_gzip
from community_portal.core.page_cache import HEADER
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]*)"')
BROWSER = {"accept-encoding": "gzip, deflate, br, zstd"}


def test_hit_is_the_identity_page_compressed():
    url = ProgramFactory().get_absolute_url()
    miss = Client().get(url, headers=BROWSER)
    plain = Client().get(url)
    compressed = Client().get(url, headers=BROWSER)

    assert (miss[HEADER], plain[HEADER], compressed[HEADER]) == ("miss", "hit", "hit")
    assert "Content-Encoding" not in miss and "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content == miss.content
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    for response in (miss, plain, compressed):
        assert "Accept-Encoding" in response["Vary"]
    assert compressed["ETag"] != plain["ETag"]


def test_compressed_hit_reads_the_compressed_copy_and_not_the_page(monkeypatch):
    """The page (a megabyte for the acknowledgments) is not read to send its copy."""
    url = ProgramFactory().get_absolute_url()
    Client().get(url)
    recording = _Recording(page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", recording)

    response = Client().get(url, headers=BROWSER)

    assert (response[HEADER], response["Content-Encoding"]) == ("hit", "gzip")
    pages = [key for key in recording.read if key.startswith("pagecache:page:")]
    assert len(pages) == 1 and pages[0].endswith(":gzip")


class _Recording:
    """The cache, noting the keys read through ``get`` and ``get_many``."""

    def __init__(self, cache):
        self.cache, self.read = cache, []

    def get(self, key, *args, **kwargs):
        self.read.append(key)
        return self.cache.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self.read.extend(keys)
        return self.cache.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)


@pytest.mark.parametrize(
    "accept_encoding", ["", "identity", "gzip;q=0", "br, deflate", "x-gzip-not"]
)
def test_hit_is_not_compressed_for_a_client_that_does_not_take_gzip(accept_encoding):
    url = ProgramFactory().get_absolute_url()
    Client().get(url)

    response = Client().get(url, headers={"accept-encoding": accept_encoding})

    assert response[HEADER] == "hit"
    assert "Content-Encoding" not in response
    assert b"</html>" in response.content


@pytest.mark.urls("tests.core.form_page_urls")
def test_each_visitor_gets_a_compressed_page_with_a_token_of_their_own():
    url = reverse("test_form")
    Client().get(url)

    first = gzip.decompress(Client().get(url, headers=BROWSER).content)
    second = gzip.decompress(Client().get(url, headers=BROWSER).content)

    assert _TOKEN.search(first).group(1) != _TOKEN.search(second).group(1)
    assert _TOKEN.sub(b"", first) == _TOKEN.sub(b"", second)


def test_a_browser_with_the_compressed_copy_gets_a_304():
    url = reverse("submissions:leaderboard")
    Client().get(url)
    visitor = Client()
    etag = visitor.get(url, headers=BROWSER)["ETag"]

    again = visitor.get(url, headers={**BROWSER, "if-none-match": etag})

    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    "texts",
    [[b"<p>" * 100], [b"a" * 300, b""], [b"", b"b" * 300, b"c" * 5], [b"x" * 70_000, b"y" * 9]],
    ids=["no-placeholder", "at-the-end", "twice", "long"],
)
def test_compressed_pieces_with_any_token_decompress_to_the_page_with_that_token(texts):
    placeholder = b"PLACEHOLDER-0123456789"
    body = placeholder.join(texts)
    prepared = page_gzip.prepare(body, placeholder)

    for token in (b"", b"t" * 64, bytes(range(256)) * 3):
        stream = page_gzip.compressed(prepared, token)
        expected = body.replace(placeholder, token)
        assert gzip.decompress(stream) == expected
        decoder = zlib.decompressobj(wbits=31)  # checks the CRC and the length
        assert decoder.decompress(stream) == expected and decoder.eof and not decoder.unused_data


def test_a_small_page_is_not_worth_compressing():
    assert page_gzip.prepare(b"<p>hi</p>", b"PLACEHOLDER") is None


@pytest.mark.parametrize(
    ("header", "takes"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("deflate, gzip;q=0.5", True),
        ("gzip; q=1.0, br", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=bad", False),
        ("br", False),
        ("", False),
        ("x-gzip-fake", False),
    ],
)
def test_accept_encoding_is_read_with_its_quality_values(header, takes):
    assert page_gzip.accepts_gzip(header) is takes
