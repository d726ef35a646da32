"""Reads of personal access tokens (never their digests)."""

from django.db.models import F, QuerySet

from api.models import PersonalAccessToken


def tokens_of_member(*, member) -> QuerySet[PersonalAccessToken]:
    """The member's tokens, active first, newest first."""
    return (
        PersonalAccessToken.objects.filter(member=member)
        .defer("digest")
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at", "-id")
    )
