"""What the API's routes share: token authentication, rate limits and lists."""

from django.conf import settings
from ninja import Schema
from ninja.errors import ValidationError
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, AuthRateThrottle
from pydantic import Field

from api import services

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


# --- Who is asking, and how often ----------------------------------------------------------


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <personal access token>``; ``request.auth`` is the token."""

    openapi_description = "A personal access token, made on the account page (API tokens)."

    def authenticate(self, request, token):
        return services.token_authenticate(token)


class _SettingsRate:
    """The rate is read from the settings on each request (so a test can lower it)."""

    setting = ""

    def __init__(self):
        pass

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AnonymousRate(_SettingsRate, AnonRateThrottle):
    """Requests without a token, per client address."""

    setting = "API_ANONYMOUS_RATE"


class TokenRate(_SettingsRate, AuthRateThrottle):
    """Requests with a token, per token."""

    setting = "API_TOKEN_RATE"


# --- Lists ------------------------------------------------------------------------------------


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


def paginate(rows, page: PageQuery, *, count: int | None = None, transform=None, **extra) -> dict:
    """One page of ``rows`` (a queryset, a list or anything with ``count()`` and slicing)."""
    if count is None:
        count = len(rows) if isinstance(rows, list) else rows.count()
    items = list(rows[page.offset : page.offset + page.limit]) if page.offset < count else []
    if transform is not None:
        items = transform(items)
    return {"count": count, "limit": page.limit, "offset": page.offset, "items": items, **extra}


def invalid_filter(filterset) -> ValidationError:
    """The filter's form errors as a 422, like a bad query parameter."""
    return ValidationError(
        [
            {"loc": ["query", name], "msg": " ".join(messages), "type": "invalid"}
            for name, messages in filterset.errors.items()
        ]
    )
