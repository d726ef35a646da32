"""A shared cache of what anonymous visitors see, invalidated by content tags.

A public view declares the kinds of content its page shows::

    @public_page("stations", "members", query=("page",))
    def detail(request, slug): ...

and each app says, in its ``AppConfig.ready()``, which of its models belong to which
tag: ``invalidate_on(Station, "stations")``. Every tag has a version in the cache;
saving or deleting a registered model gives its tags a new version, so every page
built from the old one is out of date at once. (Writes that bypass the model signals,
``QuerySet.update()`` or ``bulk_create()``, call ``bump()`` themselves.)

A page is served from the cache only to a request that cannot be told apart from any
other anonymous one: GET or HEAD, no session or messages cookie, and only the query
parameters the view declared. The key holds the language, the local date (dates
decide what is open, expired or "this month"), the scheme, host, path and those
parameters. Only the view's own 200 response is kept, never one that sets a cookie,
touches the session or carries a message; the middlewares add their headers to every
response, cached or not, on the way out.

The footer's language form carries a CSRF token, which is per visitor. Pages being
cached render a secret placeholder instead (``csrf_placeholder``, a context
processor), and each visitor gets their own token put in its place: a cached page
never replays someone else's token, and the visitor's own CSRF cookie is set as
usual. The placeholder derives from ``SECRET_KEY`` so member-written text cannot
contain it. No page uses a CSP nonce; a response whose policy carries one is not
cached (the nonce would be replayed).

Versions are read before the view runs and stored with the page, so a page built
while a change was being committed is stored under the old versions and never
served after the change. A tag is bumped at once (the writing transaction reads its
own writes) and again after the commit (a concurrent request may have rendered the
old data meanwhile). Time-dependent pages shorten their life with
``valid_until(request, moment)`` (an event starting); every page expires after
``PAGE_CACHE_TTL`` seconds in any case, which also bounds staleness if the cache
ever loses a bump (a process falling back to a local cache while Redis is down).

A page that expires only because its time is up is renewed by one request while
the others are still served the expired copy (``PageCacheMiddleware``): a page of
thousands of names is not rendered by every worker at once under load. The copy is
kept ``PAGE_CACHE_GRACE`` seconds past its time for that, never past a moment its
view gave (``valid_until``); a bumped tag is a miss for everyone, at once, as ever.

A stored page is also kept gzip-compressed (``page_gzip``), and a hit goes out
compressed to a visitor whose browser takes gzip (every browser does): a page of
thousands of names is a fifteenth of its size on the wire, and is never compressed
again per request. Cached pages therefore vary with ``Accept-Encoding``.
"""

import functools
import hashlib
import math
import re
import secrets
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
    get_token,
)
from django.middleware.locale import LocaleMiddleware
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import http_date

from community_portal.core import page_gzip

DEFAULT_TTL = 300
DEFAULT_GRACE = 30
_TAG_KEY = "pagecache:tag:{}"
_PAGE_KEY = "pagecache:page:{}"
_RESULT_KEY = "pagecache:result:{}"
_RENEWING_KEY = "{}:renewing"
# A query value worth a cache entry is short and plain; anything else renders normally.
_QUERY_VALUE = re.compile(r"[\w.\-]{0,40}")
_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]*)"')
HEADER = "X-Page-Cache"
# Headers of a cached page that are this visitor's or this response's, never replayed.
_PER_RESPONSE = frozenset({"etag", "last-modified", "content-length", HEADER.lower()})
_STANDALONE = object()  # a request that no PageCacheMiddleware looked at
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Every member page shows these too: bulk inbox writes, cleared member links.
MEMBER_PAGE_TAGS = ("inbox", "member-links")


@functools.cache
def _placeholder() -> str:
    return "csrf-" + salted_hmac("page-cache", "csrf placeholder").hexdigest()


# --- Tags and their versions -------------------------------------------------------------


def _new_version() -> str:
    return secrets.token_hex(8)


def _tag_keys(tags) -> list[str]:
    return [_TAG_KEY.format(tag) for tag in tags]


def _set_new_versions(tags) -> None:
    cache.set_many({key: _new_version() for key in _tag_keys(tags)}, timeout=None)


def bump(*tags: str, using: str = "default") -> None:
    """Everything showing these kinds of content is out of date: now, and after commit."""
    if not tags:
        return
    _set_new_versions(tags)
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _set_new_versions(tags), using=using, robust=True)


def bump_all(using: str = "default") -> None:
    """Every cached page is out of date: after bulk loads that send no signals."""
    bump(*{tag for tags in _registered.values() for tag in tags}, using=using)


def _versions(tag_keys: list[str], found: dict) -> list[str]:
    """The current version of each tag, giving a version to a tag that has none yet."""
    missing = [key for key in tag_keys if key not in found]
    for key in missing:
        cache.add(key, _new_version(), timeout=None)
    if missing:
        found = found | cache.get_many(missing)
    # A tag whose version could not be stored has none: nothing under it is ever served.
    return [found.get(key) or _new_version() for key in tag_keys]


_registered: dict[type, tuple[str, ...]] = {}


def invalidate_on(model, *tags: str, ignore_fields: frozenset[str] = frozenset()) -> None:
    """Saving or deleting a ``model`` row bumps ``tags``.

    A save whose ``update_fields`` lie within ``ignore_fields`` (``last_login``) shows
    nowhere and bumps nothing.
    """
    _registered[model] = tuple(sorted(set(_registered.get(model, ())) | set(tags)))

    def on_save(sender, instance, using, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= ignore_fields:
            return
        bump(*_registered[model], using=using)

    def on_delete(sender, instance, using, **kwargs):
        bump(*_registered[model], using=using)

    uid = f"page-cache:{model._meta.label}"
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=uid)


def tags_of(model) -> tuple[str, ...]:
    return _registered.get(model, ())


# --- A member's own pages ----------------------------------------------------------------


def member_tag(member_id) -> str:
    """The tag of everything one member's own pages show about them."""
    return f"member:{member_id}"


def bump_members(member_ids, *, using: str = "default") -> None:
    """These members' own pages are out of date (now, and after the commit)."""
    bump(*sorted({member_tag(pk) for pk in member_ids if pk is not None}), using=using)


def invalidate_members_on_every_model() -> None:
    """Saving or deleting any row that names a member bumps that member's tag.

    Every concrete model with a foreign key (or one-to-one) to the user model, and
    the user model itself, is connected: a new model needs no registration. Writes
    that bypass the signals bump ``member_tag`` themselves (the notification inbox
    does, in ``forget_unread_counts``); a member's own POST bumps theirs as well
    (``PrivateForMembersMiddleware``).
    """
    from django.apps import apps
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        attnames = [
            field.attname
            for field in model._meta.concrete_fields
            if field.is_relation
            and (field.many_to_one or field.one_to_one)
            and field.related_model is user_model
        ]
        if model is user_model:
            attnames.append("pk")
        if not attnames:
            continue

        def on_change(sender, instance, using, attnames=tuple(attnames), **kwargs):
            bump_members((getattr(instance, name) for name in attnames), using=using)

        uid = f"page-cache:members:{model._meta.label}"
        post_save.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            if field.related_model is user_model or model is user_model:
                m2m_changed.connect(
                    _on_members_m2m,
                    sender=field.remote_field.through,
                    weak=False,
                    dispatch_uid=f"page-cache:members:{field.remote_field.through._meta.label}",
                )


def _on_members_m2m(sender, instance, action, model, pk_set, using, **kwargs):
    if not action.startswith("post_"):
        return
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    ids = set()
    if isinstance(instance, user_model):
        ids.add(instance.pk)
    if model is user_model:
        if pk_set is None:  # cleared: whoever was there is unknown now, so everyone
            bump("member-links", using=using)
        ids |= set(pk_set or ())
    bump_members(ids, using=using)


class PrivateForMembersMiddleware:
    """A signed-in member's page is theirs: no shared cache (a proxy, a CDN) may keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writer = None
        if request.method not in _SAFE_METHODS and request.user.is_authenticated:
            # Whatever a member's own request changed, even through ``update()``.
            writer = request.user.pk
        response = self.get_response(request)
        if writer is not None:
            bump_members([writer])
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


# --- Results shared by every visitor -----------------------------------------------------


def cached_result(name: str, tags: tuple[str, ...], compute, *, ttl: int = DEFAULT_TTL):
    """``compute()``, kept until one of ``tags`` changes (for logged-in pages too).

    The result must be the same for everyone and picklable (a list, rendered text).
    """
    keys = _tag_keys(tags)
    key = _RESULT_KEY.format(hashlib.sha256(name.encode()).hexdigest())
    found = cache.get_many([key, *keys])
    versions = _versions(keys, found)
    entry = found.get(key)
    if entry is not None and entry[0] == versions:
        return entry[1]
    value = compute()
    cache.set(key, (versions, value), timeout=ttl)
    return value


# --- Pages -------------------------------------------------------------------------------


def csrf_placeholder(request):
    """Context processor: a page being cached gets the placeholder, not a token."""
    if getattr(request, "_page_cache_fill", None) is not None:
        return {"csrf_token": _placeholder()}
    return {}


def valid_until(request, moment) -> None:
    """The page being rendered changes at ``moment`` (an event starts): keep it until then.

    ``moment`` is a datetime, None (never by itself) or a callable returning one, called
    only when the page is being cached (a query that other requests need not run).
    """
    fill = getattr(request, "_page_cache_fill", None)
    if fill is None:
        return
    if callable(moment):
        moment = moment()
    if moment is not None:
        fill["until"] = moment if fill["until"] is None else min(fill["until"], moment)


def _page_key(request, tags, query, member: str | None = None) -> str | None:
    """The key of this request's page, or None when it must be rendered for it alone.

    ``member``: a member page's identity (the member, their session); without it,
    a request with a session cookie is never given a key.
    """
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return None
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if (settings.SESSION_COOKIE_NAME in cookies and member is None) or getattr(
        settings, "MESSAGES_COOKIE_NAME", "messages"
    ) in cookies:
        return None
    params = []
    for name, values in request.GET.lists():
        # Every page answers ?lang= (the language is part of the key anyway).
        if (
            name not in (*query, "lang")
            or len(values) != 1
            or not _QUERY_VALUE.fullmatch(values[0])
        ):
            return None
        params.append(f"{name}={values[0]}")
    material = "|".join(
        [
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            request.scheme,
            request.get_host(),
            request.path,
            "&".join(sorted(params)),
            ",".join(tags),
            member or "",
        ]
    )
    return _PAGE_KEY.format(hashlib.sha256(material.encode()).hexdigest())


def public_page(
    *tags: str, query: tuple[str, ...] = (), ttl: int | None = None, members: bool = False
):
    """Serve the view's anonymous page from the cache until one of ``tags`` changes.

    ``query``: the GET parameters the page understands (``page``); a request with
    any other parameter is rendered for itself. ``members``: a signed-in member's
    page (which shows them their own part, a rank) is kept for them as
    ``member_page`` keeps it.
    """
    return _page_decorator(tags, query, ttl, anonymous=True, members=members)


def member_page(*tags: str, query: tuple[str, ...] = (), ttl: int | None = None):
    """Serve a signed-in member their own page from the cache until it changes.

    The page is kept per member and per session (with the language, the date and
    the declared ``query`` parameters, like a public page) and is out of date when
    one of ``tags`` changes or when the member's own tag does: any saved or deleted
    row naming the member, any POST of theirs (``invalidate_members_on_every_model``).
    Put it above ``login_required``. A hit is answered by ``PageCacheMiddleware``
    from the session alone, before authentication, messages and the view: only for
    the session the page was rendered for, never with a message waiting.
    """
    return _page_decorator(tags, query, ttl, anonymous=False, members=True)


def _page_decorator(tags, query, ttl, *, anonymous: bool, members: bool):
    public_tags = tuple(sorted(set(tags)))
    member_tags = tuple(sorted(set(tags) | set(MEMBER_PAGE_TAGS)))

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            def call_view():
                return view(request, *args, **kwargs)

            state = getattr(request, "_page_cache", _STANDALONE)
            if state is _STANDALONE:
                # No PageCacheMiddleware in front (a test's own stack): cache here.
                if anonymous:
                    return _serve(request, call_view, public_tags, query, ttl)
                return call_view()
            if state is None:
                return call_view()
            member = state.get("member")
            if member is None:
                if not anonymous or state["tags"] != public_tags:
                    return call_view()
            elif not members or state["tags"] != member_tags or str(request.user.pk) != member:
                return call_view()
            # A miss the middleware looked up: render, and hand it the entry to store
            # once the rest of the stack has added its headers.
            response, entry = _render(request, call_view)
            if entry is None:
                return response
            entry["versions"] = state["versions"]
            if member is not None:
                entry["member"] = member
            state["entry"] = entry
            state["timeout"], state["grace"] = _lifetime(_ttl(ttl), entry)
            return _personalise(request, response, entry, "miss")

        wrapper.page_cache = PageKind(
            public_tags if anonymous else None, member_tags if members else None, query
        )
        return wrapper

    return decorator


@dataclass(frozen=True)
class PageKind:
    """What a cached view declares: its tags for anonymous visitors (None: never
    cached for them), for signed-in members (None: never), its query parameters."""

    public_tags: tuple[str, ...] | None
    member_tags: tuple[str, ...] | None
    query: tuple[str, ...]


def _session_member(request):
    """The member the request's session signs in (id, session hash), or None.

    None also when a message waits in the session: the page would have to show it.
    """
    from importlib import import_module

    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY

    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return None
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        member_id = session.get(SESSION_KEY)
        session_hash = session.get(HASH_SESSION_KEY)
        waiting = session.get("_messages")
    except Exception:  # an unreadable session: the stack decides
        return None
    if member_id is None or not session_hash or waiting:
        return None
    request._page_cache_session = session  # read once: SessionMiddleware takes it
    digest = hashlib.sha256(f"{session_key}|{session_hash}".encode()).hexdigest()
    return str(member_id), digest


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, taking the session ``PageCacheMiddleware`` already read for a
    member page: a miss loads it once, not twice."""

    def process_request(self, request):
        session = request.__dict__.pop("_page_cache_session", None)
        if session is not None:
            request.session = session
            return
        super().process_request(request)


def _ttl(ttl: int | None) -> int:
    return ttl or getattr(settings, "PAGE_CACHE_TTL", DEFAULT_TTL)


def _serve(request, call_view, tags, query, ttl):
    """The decorator on its own: look up, render on a miss, store."""
    key = _page_key(request, tags, query)
    if key is None:
        return call_view()
    tag_keys = _tag_keys(tags)
    found = cache.get_many([key, *tag_keys])
    versions = _versions(tag_keys, found)
    entry = found.get(key)
    if entry is not None and entry["versions"] == versions:
        return _personalise(request, _response_of(entry), entry, "hit")
    response, entry = _render(request, call_view)
    if entry is None:
        return response
    entry["versions"] = versions
    timeout, _grace = _lifetime(_ttl(ttl), entry)
    if timeout > 0:
        cache.set(key, entry, timeout=timeout)
    return _personalise(request, response, entry, "miss")


def _response_of(entry) -> HttpResponse:
    response = HttpResponse(entry["body"], status=entry["status"])
    for header, value in entry["headers"]:
        response.headers[header] = value
    return response


class PageCacheMiddleware:
    """Answers a cached public page before the rest of the stack runs.

    Placed first (after the probes and the request counter): for an anonymous GET
    of a ``public_page`` view, it resolves the URL, picks the language exactly as
    ``LocaleMiddleware`` does (its own ``process_request``) and looks the page up.
    A hit is answered from the entry with no session, user, message or database
    access: the entry holds the view's headers and those the later middlewares
    added when the page was rendered (security headers, CSP, ``Vary``,
    ``Content-Language``), recorded on the way out of that miss. Only the visitor's
    CSRF cookie is handled, by ``CsrfViewMiddleware``'s own methods, so the token
    put in the page is the one the visitor's cookie holds.

    A miss runs the whole stack; the view's decorator renders the page and leaves
    the entry on the request, and this middleware stores it with the final headers.
    An entry past its fresh time is renewed the same way by the one request that
    takes its renewal lock; the others meanwhile get the entry (``stale``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.locale = LocaleMiddleware(get_response)
        self.csrf = CsrfViewMiddleware(get_response)
        self.static_prefix = settings.STATIC_URL or None

    def __call__(self, request):
        state = self._lookup(request)
        request._page_cache = state
        if state is None:
            return self.get_response(request)
        entry = state.pop("found")
        if entry is not None and entry["versions"] == state["versions"] and "outer" in entry:
            now = time.time()
            if now < entry.get("fresh_until", math.inf):
                return self._hit(request, entry, "hit")
            if now < entry["stale_until"]:
                renewing = _RENEWING_KEY.format(state["key"])
                if not cache.add(renewing, True, timeout=_grace()):
                    return self._hit(request, entry, "stale")  # another request renews it
                try:
                    return self._miss(request, state)
                finally:
                    cache.delete(renewing)
        return self._miss(request, state)

    def _miss(self, request, state):
        response = self.get_response(request)
        self._store(response, state)
        return response

    def _lookup(self, request):
        """This request's key, tag versions and cached entry; None: not a cached page."""
        if request.method not in ("GET", "HEAD") or not getattr(
            settings, "PAGE_CACHE_ENABLED", True
        ):
            return None
        path = request.path_info
        if self.static_prefix and path.startswith(self.static_prefix):
            return None
        page = _public_page_at(get_urlconf(), path)
        if page is None:
            return None
        member_id = identity = None
        signed_in = _session_member(request) if page.member_tags is not None else None
        if signed_in is not None:
            member_id, session_digest = signed_in
            identity = f"member={member_id}|{session_digest}"
            tags = (*page.member_tags, member_tag(member_id))
        elif page.public_tags is not None:
            tags = page.public_tags
        else:
            return None
        self.locale.process_request(request)
        try:
            key = _page_key(request, tags, page.query, member=identity)
        except DisallowedHost:
            return None  # the stack answers it (400), as for any other page
        if key is None:
            return None
        tag_keys = _tag_keys(tags)
        # A browser's hit reads the compressed copy alone, not the page (page_gzip).
        takes_gzip = page_gzip.accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        first = _compressed_key(key) if takes_gzip else key
        found = cache.get_many([first, *tag_keys])
        versions = _versions(tag_keys, found)
        entry = found.get(first)
        if takes_gzip and (entry is None or entry["versions"] != versions):
            entry = cache.get(key)  # not compressed (too small), or not stored yet
        if entry is not None and entry.get("member") != member_id:
            entry = None  # never someone else's page, whatever the key
        return {
            "key": key,
            "tags": tags[:-1] if member_id is not None else tags,
            "member": member_id,
            "versions": versions,
            "found": entry,
        }

    def _hit(self, request, entry, outcome):
        self.csrf.process_request(request)  # the visitor's CSRF cookie, if any
        # The compressed copy holds no body: its pieces make the response.
        response = HttpResponse(entry.get("body", b""), status=entry["status"])
        # The headers the miss went out with, Cache-Control and Vary included.
        for header, value in entry["outer"]:
            response.headers[header] = value
        compressed = entry.get("gzip") if "body" not in entry else None
        response = _personalise(
            request, response, entry, outcome, patch=False, compressed=compressed
        )
        if response.status_code == 304:
            # As on a miss: the later middlewares add their headers to the 304 too.
            own = {header.lower() for header, _value in entry["headers"]}
            for header, value in entry["outer"]:
                if header.lower() not in own:
                    response.headers[header] = value
        if not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return self.csrf.process_response(request, response)

    def _store(self, response, state) -> None:
        entry = state.get("entry")
        if entry is None or state["timeout"] <= 0:
            return
        # Something after the view set a cookie of its own (a session): not for everyone.
        if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
            return
        if response.status_code not in (entry["status"], 304):
            return
        # Checked on every hit, whatever the cache's own expiry (whole seconds in Redis).
        entry["fresh_until"] = time.time() + state["timeout"]
        entry["stale_until"] = entry["fresh_until"] + state["grace"]
        view_headers = {header.lower(): value for header, value in entry["headers"]}
        compressed = None
        if "content-encoding" not in view_headers and page_gzip.compressible(
            view_headers.get("content-type", "")
        ):
            compressed = page_gzip.prepare(entry["body"], _placeholder().encode())
        if compressed is not None:
            # Hits go out gzip-compressed to those who take it: the page varies with it.
            patch_vary_headers(response, ("Accept-Encoding",))
        if response.status_code == 304:
            # A 304 lacks the view's own headers (Content-Type...): put them back.
            final = dict(entry["headers"]) | dict(response.items())
        else:
            final = dict(response.items())
        entry["outer"] = [
            (header, value)
            for header, value in final.items()
            if header.lower() not in _PER_RESPONSE
        ]
        stored = {state["key"]: entry}
        if compressed is not None:
            # Its own entry without the page, so a compressed hit decodes only the pieces.
            copy = {name: value for name, value in entry.items() if name != "body"}
            stored[_compressed_key(state["key"])] = {**copy, "gzip": compressed}
        cache.set_many(stored, timeout=state["timeout"] + state["grace"])


def _compressed_key(key: str) -> str:
    return f"{key}:gzip"


@functools.lru_cache(maxsize=4096)
def _public_page_at(urlconf, path: str) -> "PageKind | None":
    """What the cached page at ``path`` declares, or None."""
    try:
        func = resolve(path, urlconf).func
    except Resolver404:
        return None
    return getattr(func, "page_cache", None)


def _grace() -> int:
    return getattr(settings, "PAGE_CACHE_GRACE", DEFAULT_GRACE)


def _lifetime(ttl: int, entry) -> tuple[int, int]:
    """Seconds the entry is fresh, and seconds past that it may be served while renewed.

    Never past the moment the view gave (``valid_until``): the page changes then.
    """
    until = entry.pop("until")
    if until is None:
        return ttl, _grace()
    left = int((until - timezone.now()).total_seconds())
    if left <= ttl:
        return left, 0
    return ttl, min(_grace(), left - ttl)


def _render(request, call_view):
    """Run the view for the cache: the response and its entry (None: not cacheable)."""
    fill = {"until": None}
    request._page_cache_fill = fill
    # Whether the view itself asks for a CSRF token (then its page is this visitor's).
    token_flag = request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
    try:
        response = call_view()
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()
    finally:
        del request._page_cache_fill
    view_took_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    if token_flag and not view_took_token:
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = token_flag
    placeholder = _placeholder().encode()
    if not _cacheable(request, response) or view_took_token:
        if not response.streaming and placeholder in response.content:
            response.content = response.content.replace(placeholder, get_token(request).encode())
        return response, None
    body = response.content
    entry = {
        "body": body,
        "status": response.status_code,
        "headers": list(response.items()),
        "digest": hashlib.sha256(body).hexdigest()[:24],
        "time": int(time.time()),
        "csrf": placeholder in body,
        "until": fill["until"],
    }
    return response, entry


def _cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Vary"):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    stored_messages = getattr(request, "_messages", None)
    if stored_messages is not None and len(stored_messages):
        return False
    # A token other than the placeholder came from somewhere we did not see.
    return all(match == _placeholder().encode() for match in _CSRF_INPUT.findall(response.content))


def _personalise(
    request, response, entry, outcome: str, *, patch: bool = True, compressed: dict | None = None
):
    """This visitor's CSRF token, the validators, and a 304 when they have the page.

    ``patch=False``: the response already carries the entry's Cache-Control and Vary.
    ``compressed``: the entry's gzip pieces (``page_gzip``), for a visitor who takes
    gzip; the page goes out compressed, with a validator of its own.
    """
    etag = entry["digest"]
    token = ""
    if entry["csrf"]:
        token = _visitor_token(request)
        if compressed is None:
            response.content = response.content.replace(_placeholder().encode(), token.encode())
        # The visitor's copy is the page with their token in it: a new CSRF secret
        # (after signing in and out) is a new copy.
        secret = request.META.get("CSRF_COOKIE", "")
        etag += hashlib.sha256(secret.encode()).hexdigest()[:8]
        if patch:
            # Per-visitor content: never kept by a shared proxy.
            patch_cache_control(response, private=True)
    if compressed is not None:
        response.content = page_gzip.compressed(compressed, token.encode())
        response.headers["Content-Encoding"] = "gzip"
        etag += "-gzip"
    response.headers["ETag"] = f'W/"{etag}"'
    response.headers["Last-Modified"] = http_date(entry["time"])
    if patch:
        # The browser asks again each time (a change shows at once); a 304 is cheap.
        if "max-age" not in response.get("Cache-Control", ""):
            patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Cookie",))
    response.headers[HEADER] = outcome
    # If-Modified-Since alone cannot tell which token the visitor's copy holds.
    last_modified = None if entry["csrf"] else entry["time"]
    return get_conditional_response(
        request, etag=response.headers["ETag"], last_modified=last_modified, response=response
    )


_CSRF_CHARS = CSRF_ALLOWED_CHARS
_CSRF_INDEX = {char: index for index, char in enumerate(_CSRF_CHARS)}
_CSRF_BYTE_LIMIT = 256 - 256 % len(_CSRF_CHARS)  # bytes below it map uniformly


def _random_csrf_string(length: int) -> str:
    """What Django's ``get_random_string`` gives, from one ``os.urandom`` call, not 32."""
    chars = []
    while len(chars) < length:
        chars += [
            _CSRF_CHARS[byte % len(_CSRF_CHARS)]
            for byte in secrets.token_bytes(length + 8)
            if byte < _CSRF_BYTE_LIMIT
        ]
    return "".join(chars[:length])


def _visitor_token(request) -> str:
    """Django's ``get_token``: the visitor's secret (a new one if none), freshly masked.

    The same token format and cookie handling, with the random characters drawn in
    one system call (Django draws each of the 64 with its own): on a cache hit this
    was the largest cost after the Redis round trip.
    """
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _random_csrf_string(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_csrf_string(CSRF_SECRET_LENGTH)
    size, index = len(_CSRF_CHARS), _CSRF_INDEX
    pairs = zip(secret, mask, strict=True)
    cipher = "".join(_CSRF_CHARS[(index[x] + index[y]) % size] for x, y in pairs)
    return mask + cipher
