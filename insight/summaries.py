"""The dashboard's summary rows: kept exact by the services, rebuilt and checked from
the rows they sum up.

``Contributor`` holds each member's first selection, so "new contributors" and
"inactive contributors" read one row per contributor instead of grouping every
selected submission of the whole history. ``contributor_selected`` runs in the
transaction of the selection (``submissions.services.submission_select``): one
upsert that keeps the earliest moment, so concurrent selections of one author
(and replayed, older ones) leave the earliest. ``summary_rebuild`` and
``summary_differences`` back ``manage.py rebuild_insight_summary [--check]``.
"""

from datetime import datetime

from django.db import connection, transaction
from django.db.models import Min

from insight.models import Contributor
from submissions.enums import SubmissionState
from submissions.models import Submission


def _table(model) -> str:
    """The quoted table name: the only text put into the SQL below, never user input."""
    return connection.ops.quote_name(model._meta.db_table)


def contributor_selected(author_id: int, at: datetime) -> None:
    """A submission of ``author_id`` was selected at ``at``: their first one, or not."""
    table = _table(Contributor)
    least = "LEAST" if connection.vendor == "postgresql" else "MIN"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (author_id, first_selected_at) VALUES (%s, %s) "  # noqa: S608 (table names from Meta)
            "ON CONFLICT (author_id) DO UPDATE SET "
            f"first_selected_at = {least}({table}.first_selected_at, excluded.first_selected_at)",
            [author_id, connection.ops.adapt_datetimefield_value(at)],
        )


def _expected(submission_model=Submission):
    return (
        submission_model.objects.filter(state=SubmissionState.SELECTED, selected_at__isnull=False)
        .values("author_id")
        .annotate(first=Min("selected_at"))
        .order_by()
    )


def summary_rebuild(*, models=None) -> None:
    """Replace every row by what the submissions say, in one transaction.

    ``models`` (Submission, Contributor) lets a data migration pass its historical
    models. On PostgreSQL the table is locked against writes while it is rebuilt:
    a selection waiting for the lock adds itself afterwards.
    """
    submission_model, contributor_model = models or (Submission, Contributor)
    table = _table(contributor_model)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (table names from Meta)
        sql, params = _expected(submission_model).query.sql_with_params()
        cursor.execute(f"INSERT INTO {table} (author_id, first_selected_at) {sql}", params)


def summary_differences() -> list[str]:
    """Every way the summary differs from the submissions, in words; empty when they agree."""
    expected = {row["author_id"]: row["first"] for row in _expected().iterator()}
    stored = dict(Contributor.objects.values_list("author_id", "first_selected_at").iterator())
    differences = []
    for author in sorted(expected.keys() | stored.keys()):
        want, have = expected.get(author), stored.get(author)
        if want == have:
            continue
        if have is None:
            differences.append(f"member {author}: missing (first selected {want.isoformat()})")
        elif want is None:
            differences.append(f"member {author}: stored but has no selected submission")
        else:
            differences.append(
                f"member {author}: first selected {want.isoformat()}, stored {have.isoformat()}"
            )
    return differences
