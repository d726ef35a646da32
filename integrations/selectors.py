"""Reads: a member's drafts."""

from django.db.models import Case, IntegerField, Value, When

from integrations.enums import DraftState
from integrations.models import SubmissionDraft


def drafts_of(member):
    """The member's drafts, waiting ones first, with what the list shows."""
    return (
        SubmissionDraft.objects.filter(member=member)
        .select_related("campaign", "submission")
        .order_by(
            Case(
                When(state=DraftState.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-created_at",
            "-id",
        )
    )


def draft_of(member, pk: int) -> SubmissionDraft | None:
    """The draft, only if it is the member's own."""
    return SubmissionDraft.objects.filter(member=member, pk=pk).select_related("campaign").first()
