"""The dashboard's summary rows: kept exact by the services, rebuilt and checked from
the rows they sum up.

``Contributor`` holds each member's first selection, so "new contributors" and
"inactive contributors" read one row per contributor instead of grouping every
selected submission of the whole history. ``contributor_selected`` runs in the
transaction of the selection (``submissions.services.submission_select``): one
upsert that keeps the earliest moment, so concurrent selections of one author
(and replayed, older ones) leave the earliest. ``summary_rebuild`` and
``summary_differences`` back ``manage.py rebuild_insight_summary [--check]``.

``Selection`` holds each selected submission's local day with the day of its
author's previous selection (in any campaign, and in its own), so members active
in a period are counted as rows rather than grouped: each active member has one
selection in it whose previous one came before. ``contributor_selected`` refreshes
the author's rows after the upsert, which holds the author's ``Contributor`` row
until the commit, so two selections of one author take turns; deleting a
submission refreshes its author's rows and first selection.

``EventAttendance`` holds each event's seats taken and check-ins, so the
attendance charts read one row per event instead of its registrations. Every
save and deletion of a registration moves it, by the difference between the
state the row was loaded with and the state saved, in the save's own
transaction (the model's signals: the services, the admin and the demo data
all go through them). The move is one upsert adding the difference, so
concurrent check-ins add up.

``MembersJoined`` holds how many members joined on each local day, moved the
same way by each member's creation and deletion.

The review-time charts have their own summary (``review_summary``), rebuilt and
checked with these.
"""

from datetime import datetime

from django.apps import apps as global_apps
from django.db import connection, transaction
from django.db.models import Count, DateField, Min, Q
from django.db.models.functions import TruncDate
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone

from insight import review_summary
from insight.models import Contributor, EventAttendance, MembersJoined, Selection
from insight.review_summary import local_day
from members.models import User
from stations.enums import SEAT_STATES, RegistrationState
from stations.models import Registration
from submissions.enums import SubmissionState
from submissions.models import Submission


def _table(model) -> str:
    """The quoted table name: the only text put into the SQL below, never user input."""
    return connection.ops.quote_name(model._meta.db_table)


def contributor_selected(author_id: int, at: datetime) -> None:
    """A submission of ``author_id`` was selected at ``at``: their first one, or not.

    The upsert holds the author's row until the transaction ends, so concurrent
    selections of one author take turns in ``selections_refresh``.
    """
    table = _table(Contributor)
    least = "LEAST" if connection.vendor == "postgresql" else "MIN"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (author_id, first_selected_at) VALUES (%s, %s) "  # noqa: S608 (table names from Meta)
            "ON CONFLICT (author_id) DO UPDATE SET "
            f"first_selected_at = {least}({table}.first_selected_at, excluded.first_selected_at)",
            [author_id, connection.ops.adapt_datetimefield_value(at)],
        )
        selections_refresh(author_id)


# --- Selections ------------------------------------------------------------------------------

SELECTION_FIELDS = (
    "submission_id",
    "author_id",
    "campaign_id",
    "day",
    "month",
    "previous_day",
    "previous_in_campaign",
)


def _selected(submission_model=Submission, **filters):
    """Selected submissions as (id, author, campaign, moment), each author's in their order."""
    return (
        submission_model.objects.filter(
            state=SubmissionState.SELECTED, selected_at__isnull=False, **filters
        )
        .order_by("author_id", "selected_at", "pk")
        .values_list("pk", "author_id", "campaign_id", "selected_at")
    )


def _selection_rows(selected):
    """``Selection`` values (``SELECTION_FIELDS``) of ``_selected`` rows."""
    last, last_in_campaign = {}, {}
    for pk, author, campaign, moment in selected:
        day = local_day(moment)
        yield (
            pk,
            author,
            campaign,
            day,
            day.replace(day=1),
            last.get(author),
            last_in_campaign.get((author, campaign)),
        )
        last[author] = last_in_campaign[author, campaign] = day


def _insert_selections(selection_model, rows) -> None:
    batch = []
    for row in rows:
        batch.append(selection_model(**dict(zip(SELECTION_FIELDS, row, strict=True))))
        if len(batch) == 5000:
            selection_model.objects.bulk_create(batch)
            batch = []
    selection_model.objects.bulk_create(batch)


def selections_refresh(author_id: int) -> datetime | None:
    """The author's ``Selection`` rows again, from their selected submissions; the
    moment of their first selection (None: they have none)."""
    with transaction.atomic():
        # Changes to one author's selections wait here for each other (a selection's
        # upsert holds the row already), so each reads what the other committed.
        list(Contributor.objects.select_for_update().filter(author_id=author_id).values("pk"))
        selected = list(_selected(author_id=author_id))
        first = selected[0][3] if selected else None
        expected = set(_selection_rows(selected))
        stored = set(Selection.objects.filter(author_id=author_id).values_list(*SELECTION_FIELDS))
        if expected == stored:
            return first
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {_table(Selection)} WHERE author_id = %s",  # noqa: S608 (table names from Meta)
                [author_id],
            )
        _insert_selections(Selection, sorted(expected))
    return first


@receiver(post_delete, sender=Submission, dispatch_uid="insight_submission_deleted")
def _submission_deleted(sender, instance, **kwargs):
    """The author's first selection may be a later one now, and the one after the
    deleted one follows the one before it. (Whatever state the deleted instance
    says: the row may have been selected since it was loaded.)"""
    author = instance.author_id
    with transaction.atomic():
        first = selections_refresh(author)
        if first is None:
            Contributor.objects.filter(author_id=author).delete()
        else:
            Contributor.objects.update_or_create(
                author_id=author, defaults={"first_selected_at": first}
            )


def selections_rebuild(submission_model=Submission, selection_model=Selection) -> None:
    """Every ``Selection`` row again (a data migration passes its historical models)."""
    table = _table(selection_model)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (table names from Meta)
        _insert_selections(
            selection_model, _selection_rows(_selected(submission_model).iterator(chunk_size=5000))
        )


def _selection_differences() -> list[str]:
    expected = {row[0]: row for row in _selection_rows(_selected().iterator(chunk_size=5000))}
    stored = {row[0]: row for row in Selection.objects.values_list(*SELECTION_FIELDS).iterator()}

    def said(row) -> str:
        return f"{row[3].isoformat()} after {row[5].isoformat() if row[5] else 'none'}"

    def say(submission, want, have) -> str:
        if have is None:
            return f"submission {submission}: selection missing"
        if want is None:
            return f"submission {submission}: stored but not selected"
        return f"submission {submission}: selected {said(want)}, stored {said(have)}"

    return _differences(expected, stored, say)


def _differences(expected: dict, stored: dict, say, default=None) -> list[str]:
    """``say(key, expected, stored)`` for each key whose two values differ, in key order."""
    differences = []
    for key in sorted(expected.keys() | stored.keys()):
        want, have = expected.get(key, default), stored.get(key, default)
        if want != have:
            differences.append(say(key, want, have))
    return differences


# --- Event attendance ------------------------------------------------------------------------


def _weights(state: str) -> tuple[int, int]:
    """(seats, check-ins) a registration in ``state`` counts for."""
    return int(state in SEAT_STATES), int(state == RegistrationState.ATTENDED)


def attendance_moved(event_id: int, before: str, after: str) -> None:
    """A registration of ``event_id`` went from ``before`` to ``after`` ("": none)."""
    (seats_before, checkins_before), (seats_after, checkins_after) = (
        _weights(before),
        _weights(after),
    )
    seats, checkins = seats_after - seats_before, checkins_after - checkins_before
    if not seats and not checkins:
        return
    table = _table(EventAttendance)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (event_id, seats, checkins) VALUES (%s, %s, %s) "  # noqa: S608 (table names from Meta)
            "ON CONFLICT (event_id) DO UPDATE SET "
            f"seats = {table}.seats + excluded.seats, "
            f"checkins = {table}.checkins + excluded.checkins",
            [event_id, seats, checkins],
        )


def _attendance_removed(event_id: int, state: str) -> None:
    """Never inserts: while an event is deleted, its row may be gone already."""
    seats, checkins = _weights(state)
    if not seats and not checkins:
        return
    table = _table(EventAttendance)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET seats = seats - %s, checkins = checkins - %s "  # noqa: S608 (table names from Meta)
            "WHERE event_id = %s",
            [seats, checkins, event_id],
        )


@receiver(post_init, sender=Registration, dispatch_uid="insight_registration_loaded")
def _registration_loaded(sender, instance, **kwargs):
    # None: loaded without its state (``only``/``defer``), so a save cannot say what moved.
    instance._insight_saved_state = instance.__dict__.get("state") if instance.pk else ""


@receiver(post_save, sender=Registration, dispatch_uid="insight_registration_saved")
def _registration_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:  # fixtures: rebuild afterwards
        return
    if update_fields is not None and "state" not in update_fields:
        return
    before = "" if created else getattr(instance, "_insight_saved_state", None)
    if before is None:  # not knowable here: ``rebuild_insight_summary --check`` tells
        return
    with transaction.atomic():
        attendance_moved(instance.event_id, before, instance.state)
    instance._insight_saved_state = instance.state


@receiver(post_delete, sender=Registration, dispatch_uid="insight_registration_deleted")
def _registration_deleted(sender, instance, **kwargs):
    _attendance_removed(instance.event_id, getattr(instance, "_insight_saved_state", None) or "")


# --- Members joined --------------------------------------------------------------------------


def members_joined_moved(day, change: int) -> None:
    table = _table(MembersJoined)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, members) VALUES (%s, %s) "  # noqa: S608 (table names from Meta)
            f"ON CONFLICT (day) DO UPDATE SET members = {table}.members + excluded.members",
            [connection.ops.adapt_datefield_value(day), change],
        )


@receiver(post_save, sender=User, dispatch_uid="insight_member_saved")
def _member_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.date_joined:
        with transaction.atomic():
            members_joined_moved(local_day(instance.date_joined), 1)


@receiver(post_delete, sender=User, dispatch_uid="insight_member_deleted")
def _member_deleted(sender, instance, **kwargs):
    if instance.date_joined:
        members_joined_moved(local_day(instance.date_joined), -1)


# --- Rebuilt and checked ---------------------------------------------------------------------


def _expected(submission_model=Submission):
    return (
        submission_model.objects.filter(state=SubmissionState.SELECTED, selected_at__isnull=False)
        .values("author_id")
        .annotate(first=Min("selected_at"))
        .order_by()
    )


def _expected_attendance(registration_model=Registration):
    return (
        registration_model.objects.values("event_id")
        .annotate(
            seats=Count("pk", filter=Q(state__in=SEAT_STATES)),
            checkins=Count("pk", filter=Q(state=RegistrationState.ATTENDED)),
        )
        .filter(Q(seats__gt=0) | Q(checkins__gt=0))
        .order_by()
    )


def _expected_joined(user_model=User):
    zone = timezone.get_default_timezone()
    return (
        user_model.objects.annotate(
            joined_day=TruncDate("date_joined", output_field=DateField(), tzinfo=zone)
        )
        .values("joined_day")
        .annotate(n=Count("pk"))
        .order_by()
    )


def summary_rebuild(*, models=None) -> None:
    """Replace every row by what the submissions say, in one transaction.

    ``models`` (Submission, Contributor, Registration, EventAttendance, User,
    MembersJoined) lets a data migration pass its historical models. On
    PostgreSQL the tables are locked against writes while they are rebuilt: a
    change waiting for the lock adds itself afterwards.
    """
    (
        submission_model,
        contributor_model,
        registration_model,
        attendance_model,
        user_model,
        joined_model,
    ) = models or (Submission, Contributor, Registration, EventAttendance, User, MembersJoined)
    contributors, attendance = _table(contributor_model), _table(attendance_model)
    joined = _table(joined_model)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {contributors}, {attendance}, {joined} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {joined}")  # noqa: S608 (table names from Meta)
        sql, params = _expected_joined(user_model).query.sql_with_params()
        cursor.execute(f"INSERT INTO {joined} (day, members) {sql}", params)
        cursor.execute(f"DELETE FROM {contributors}")  # noqa: S608 (table names from Meta)
        sql, params = _expected(submission_model).query.sql_with_params()
        cursor.execute(f"INSERT INTO {contributors} (author_id, first_selected_at) {sql}", params)
        cursor.execute(f"DELETE FROM {attendance}")  # noqa: S608 (table names from Meta)
        sql, params = _expected_attendance(registration_model).query.sql_with_params()
        cursor.execute(f"INSERT INTO {attendance} (event_id, seats, checkins) {sql}", params)
        if models is None:  # a migration fills these with its own models
            selections_rebuild()
            rebuild_reviews()


def rebuild_reviews(apps=global_apps) -> None:
    """The review summary (``review_summary``), rebuilt in one transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            tables = ", ".join(
                _table(apps.get_model("insight", name)) for name in ("ReviewTiming", "ReviewDay")
            )
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        review_summary.rebuild(apps)


def summary_differences() -> list[str]:
    """Every way the summary differs from the rows it sums up, in words; empty when they agree."""

    def first_selection(author, want, have) -> str:
        if have is None:
            return f"member {author}: missing (first selected {want.isoformat()})"
        if want is None:
            return f"member {author}: stored but has no selected submission"
        return f"member {author}: first selected {want.isoformat()}, stored {have.isoformat()}"

    differences = _differences(
        {row["author_id"]: row["first"] for row in _expected().iterator()},
        dict(Contributor.objects.values_list("author_id", "first_selected_at").iterator()),
        first_selection,
    )
    differences += _differences(
        {
            row["event_id"]: (row["seats"], row["checkins"])
            for row in _expected_attendance().iterator()
        },
        {
            event: (seats, checkins)
            for event, seats, checkins in EventAttendance.objects.exclude(seats=0, checkins=0)
            .values_list("event_id", "seats", "checkins")
            .iterator()
        },
        lambda event, want, have: (
            f"event {event}: {want[0]} seats and {want[1]} check-ins, "
            f"stored {have[0]} and {have[1]}"
        ),
        default=(0, 0),
    )
    differences += _differences(
        {row["joined_day"]: row["n"] for row in _expected_joined().iterator()},
        dict(MembersJoined.objects.exclude(members=0).values_list("day", "members")),
        lambda day, want, have: f"{day.isoformat()}: {want} members joined, stored {have}",
        default=0,
    )
    return differences + _selection_differences() + review_summary.differences()
