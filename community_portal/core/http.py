"""Small helpers for views."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_within_site(request, target: str, *fallback_args, **fallback_kwargs):
    """Redirect to ``target`` if it points into this site, else to the fallback
    (a URL name with its arguments, as for ``redirect``): never an open redirect."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(*fallback_args, **fallback_kwargs)
