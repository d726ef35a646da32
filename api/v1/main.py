"""The read API, version 1: one ``NinjaAPI`` mounted at ``/api/v1/``.

django-ninja builds the OpenAPI 3.1 schema from the same pydantic types that
validate the queries and shape the answers, and serves Swagger UI from its own
static files (this site's, through WhiteNoise: no CDN). The routes live in
``api.v1.public`` and ``api.v1.me``; what every answer goes through (language,
ETag and Last-Modified) in ``api.v1.http``.
"""

import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from api.v1 import me, public
from api.v1.common import AnonymousRate, TokenRate
from api.v1.http import api_view
from community_portal.webhooks.openapi import webhooks_openapi

logger = logging.getLogger(__name__)

# --- The API ----------------------------------------------------------------------------------


class Renderer(JSONRenderer):
    # Names in Chinese stay readable: UTF-8, not \\u escapes.
    json_dumps_params = {"ensure_ascii": False}


class PortalAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        languages = [code for code, _name in settings.LANGUAGES]
        for path in schema["paths"].values():
            for operation in path.values():
                operation.setdefault("parameters", []).extend(
                    [
                        {
                            "in": "query",
                            "name": "lang",
                            "required": False,
                            "description": (
                                "The language of the content; else Accept-Language, "
                                "else the community's default."
                            ),
                            "schema": {"type": "string", "enum": languages},
                        },
                        {
                            "in": "header",
                            "name": "Accept-Language",
                            "required": False,
                            "schema": {"type": "string"},
                        },
                    ]
                )
        # What the portal POSTs to the community's own systems (community_portal.webhooks).
        schema["webhooks"] = webhooks_openapi(
            schema.setdefault("components", {}).setdefault("schemas", {})
        )
        return schema


api = PortalAPI(
    title=f"{settings.COMMUNITY_NAME} API",
    version="1",
    description=(
        "Public, read-only data of the community portal: programs, the showcase, stations "
        "and events, campaigns, leaderboards, acknowledgments, certificates and public "
        "profiles. Lists take `limit` and `offset` and answer `count` and `items`. "
        "Content comes in the language of `?lang=` or `Accept-Language`. Answers carry "
        "`ETag` and `Last-Modified`; send them back for a `304`. The `/me/` endpoints "
        "read a member's own data with `Authorization: Bearer <personal access token>`."
    ),
    urls_namespace="api-v1",
    docs=Swagger(settings={"deepLinking": True, "tryItOutEnabled": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[AnonymousRate(), TokenRate()],
    renderer=Renderer(),
)
api.add_decorator(api_view, mode="view")


# --- Errors: always JSON, in the asker's language ----------------------------------------------


@api.exception_handler(Throttled)
def _throttled(request, exc):
    return api.create_response(
        request, {"detail": _("Too many requests. Try again a little later.")}, status=429
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = api.create_response(
        request,
        {"detail": _("Send a valid personal access token: Authorization: Bearer <token>.")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request, exc):
    logger.exception("API error on %s", request.path)
    return api.create_response(
        request, {"detail": _("Something went wrong on our side.")}, status=500
    )


def not_found(request, rest=""):
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


api.add_router("/", public.router)
api.add_router("/me", me.router)
