"""What every API response goes through: its language, validators and errors.

- **Language**: ``?lang=``, else ``Accept-Language``, else the community's default
  (``LANGUAGE_CODE``); the handler runs under ``translation.override`` so labels and
  translated model text come in that language, and ``Content-Language`` says which.
- **Validators**: a 200 to a GET carries an ``ETag`` (a digest of the body) and a
  ``Last-Modified`` (when this body was first served for this address, language and
  token: kept in the cache beside the digest), and a matching ``If-None-Match`` or
  ``If-Modified-Since`` gets ``304``. Clients always revalidate (``no-cache``).
- **Reads**: an anonymous GET may read the replica, as the public pages do.
"""

import hashlib
import time
from contextlib import nullcontext
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation.trans_real import parse_accept_lang_header

from community_portal.db.replica import replica_reads

# How long the moment a body was first served is remembered (a new moment after that).
LAST_MODIFIED_TTL = 24 * 60 * 60
_LAST_MODIFIED_KEY = "api:last-modified:{}"


def negotiated_language(request) -> str:
    """The language asked for by ``?lang=`` or ``Accept-Language``, else the default."""
    asked = request.GET.get("lang", "")[:20]
    candidates = [asked] if asked else []
    header = request.headers.get("Accept-Language", "")
    candidates += [code for code, _quality in parse_accept_lang_header(header)]
    for code in candidates:
        try:
            return translation.get_supported_language_variant(code.lower())
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def api_view(run):
    """Wraps each operation (authentication and throttling included)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        language = negotiated_language(request)
        anonymous = "Authorization" not in request.headers
        with translation.override(language), replica_reads() if anonymous else nullcontext():
            request.api_today = timezone.localdate()
            response = run(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Authorization"))
        if not anonymous:
            patch_cache_control(response, private=True)
        return conditional(request, response, language=language)

    return wrapper


def conditional(request, response, *, language: str):
    """Add ``ETag`` and ``Last-Modified`` to a 200 answer to a GET; 304 when the client has it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.streaming:
        return response
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    etag = f'"{digest}"'
    address = "|".join(
        [language, request.get_full_path(), request.headers.get("Authorization", "")]
    )
    key = _LAST_MODIFIED_KEY.format(hashlib.sha256(address.encode()).hexdigest())
    seen = cache.get(key)
    if seen is not None and seen[0] == digest:
        modified = seen[1]
    else:
        modified = int(time.time())
        cache.set(key, (digest, modified), timeout=LAST_MODIFIED_TTL)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, no_cache=True)
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)
