"""HTTP methods on the read API: HEAD as GET without the body, and a JSON 405.

django-ninja answers only the methods a route declares, and a method it has no
route for with a plain-text 405; its schema and docs views, and the Hugo export,
answer any method. Everything under ``/api/`` is read-only, so this middleware,
outermost (before the page cache, which then sees a GET):

- answers a HEAD to any GET endpoint with the GET's status and headers
  (``Content-Length``, ``ETag`` and ``Last-Modified`` included) and no body;
- refuses any other method but OPTIONS (CORS preflights) on an existing address,
  before the view runs, and turns any 405 into JSON in the asker's language with
  ``Allow: GET, HEAD``. An address that does not exist stays a JSON 404.
"""

from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from api.v1.http import negotiated_language

API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def _exists(path: str) -> bool:
    from api.v1.main import not_found  # the catch-all of unknown addresses

    try:
        return resolve(path).func is not not_found
    except Resolver404:
        return False


def allowed_methods(response) -> list[str]:
    methods = [m.strip().upper() for m in response.get("Allow", "").split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return sorted(set(methods), key=lambda m: order.index(m) if m in order else len(order))


def method_not_allowed(request, response) -> JsonResponse:
    methods = allowed_methods(response) or ["GET", "HEAD"]
    with translation.override(negotiated_language(request)):
        detail = _("This address does not answer %(method)s; it answers %(allowed)s.") % {
            "method": request.method,
            "allowed": ", ".join(methods),
        }
        language = translation.get_language()
    answer = JsonResponse({"detail": detail}, status=405, json_dumps_params={"ensure_ascii": False})
    answer["Allow"] = ", ".join(methods)
    answer["Content-Language"] = language
    for header in ("Access-Control-Allow-Origin", "Vary"):
        if header in response:
            answer[header] = response[header]
    return answer


class APIMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method not in READ_METHODS and _exists(request.path_info):
            return method_not_allowed(request, HttpResponseNotAllowed(["GET", "HEAD"]))
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            if head:
                request.method = "HEAD"
        if response.status_code == 405:
            response = method_not_allowed(request, response)
        if head:
            strip_body(response)
        return response


def strip_body(response) -> None:
    """A HEAD answer: the GET's headers, its length, no body."""
    if response.streaming:
        response.streaming_content = []
        return
    if "Content-Length" not in response:
        response["Content-Length"] = str(len(response.content))
    response.content = b""
