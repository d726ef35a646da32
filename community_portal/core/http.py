"""Small helpers for views."""

import unicodedata
from urllib.parse import urlsplit

from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme


def _is_address_on_this_site(request, target: str) -> bool:
    if not target or any(unicodedata.category(character)[0] == "C" for character in target):
        return False  # a control character can't go in a Location header
    if not urlsplit(target).netloc and not target.startswith("/"):
        return False  # "2026-01-01" or "home" is not an address
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def redirect_within_site(request, target: str, *fallback_args, **fallback_kwargs):
    """Redirect to ``target`` if it is an address on this site, else to the fallback
    (a URL name with its arguments, as for ``redirect``): never an open redirect."""
    if _is_address_on_this_site(request, target):
        # Not ``redirect(target)``: that would try ``target`` as a URL name first.
        return HttpResponseRedirect(target)
    return redirect(*fallback_args, **fallback_kwargs)


class MethodNotAllowedPageMiddleware:
    """A browser that opens a form's address (a bookmarked or shared "withdraw"
    link, a reload after a failed POST) gets a page that says what happened and
    leads back, not Django's empty 405. The status and ``Allow`` header stay."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 405
            or request.method not in ("GET", "HEAD")
            or response.get("Content-Type", "").startswith("application/json")
            or "text/html" not in request.headers.get("Accept", "text/html")
        ):
            return response
        referer = request.headers.get("Referer", "")
        back = referer if referer != request.build_absolute_uri() else ""
        page = render(
            request,
            "405.html",
            {"back_url": back if _is_address_on_this_site(request, back) else ""},
            status=405,
        )
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
