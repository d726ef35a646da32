"""The review workflow every request kind shares: tables, the domain error, one state change.

Eight kinds of request go through review (program applications, submissions,
tier requests, certification applications and renewals, volunteer
applications, mentorship requests, station founding and join requests). Each
app keeps its own services, names and notifications; what they share is here:

- ``Move`` and ``TransitionTable``: the allowed moves (from, to, who may act,
  whether a comment is required), one table per kind in the app's ``enums.py``.
- ``DomainError``: the base of every app's errors; ``error_message`` is how
  views and admin actions show one.
- ``change_state``: lock the row, check the table and the actor, refuse anyone
  involved in the request, save only the changed fields, record the history row
  (a subclass of ``community_portal.core.models.StateChange``).
- ``is_reviewer``, ``reviewers`` and ``notify_reviewers``: the one definition of
  a reviewer (``User.is_reviewer`` / ``User.objects.reviewers()``) and the one
  way to tell them.

A decision sent twice at once is decided once: the second call waits for the
row lock, re-reads the state, finds the move no longer in the table and is
refused with a message; the caller's effects (points, a station, a seat) run
after ``change_state`` returns, in the same transaction, so they happen once.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

# The role of a move any reviewer may make (``Move.actor``).
REVIEWER = "reviewer"

INVOLVED = gettext_lazy("You cannot decide a request you made or that names you.")
STALE = gettext_lazy("This request was already decided or changed; reload the page.")
NOT_REVIEWER = gettext_lazy("Only a reviewer can do this.")
NEEDS_COMMENT = gettext_lazy("Say why, in the comment.")


class DomainError(Exception):
    """A change the portal refuses; every message is shown to the user as it is.

    ``field`` names the form field the refusal concerns, if any, so a form can
    show it beside that field.
    """

    def __init__(self, *messages, field: str | None = None):
        self.messages = [str(message) for message in messages]
        self.field = field
        super().__init__(" ".join(self.messages))

    @property
    def message(self) -> str:
        return " ".join(self.messages)

    def __str__(self):
        return self.message


def error_message(error: DomainError) -> str:
    """The text views and admin actions show for a refusal."""
    return " ".join(error.messages)


@dataclass(frozen=True)
class Move:
    """One allowed move: from ``source`` to ``target``, made by ``actor`` (a role name)."""

    source: str
    target: str
    actor: str
    # A comment is required (a rejection or a change request must say why).
    needs_comment: bool = False


class TransitionTable:
    """The moves of one kind of request.

    ``parties`` are the roles of the people the request is about (the author,
    the applicant, the proposer...): they move their own request (submit,
    withdraw). Every other role decides, and a decider must not be involved.
    """

    def __init__(self, moves: Iterable[Move], *, parties: Iterable[str] = ()):
        self.moves = {(m.source, m.target): m for m in moves}
        self.parties = frozenset(parties)

    def __iter__(self):
        return iter(self.moves.values())

    def move(self, source: str, target: str) -> Move | None:
        return self.moves.get((source, target))

    def allows(self, source: str, target: str, actor: str) -> bool:
        move = self.move(source, target)
        return move is not None and move.actor == actor

    def targets(self, source: str, actor: str | None = None) -> list[str]:
        """The states reachable from ``source`` (by ``actor``, when given), in table order."""
        return [
            m.target
            for m in self.moves.values()
            if m.source == source and (actor is None or m.actor == actor)
        ]

    def needs_comment(self, target: str) -> bool:
        return any(m.needs_comment for m in self.moves.values() if m.target == target)

    def decides(self, role: str) -> bool:
        return role not in self.parties


# --- Reviewers ------------------------------------------------------------------------


def is_reviewer(user) -> bool:
    """The one definition: ``User.is_reviewer`` (active staff in Reviewers, or superuser)."""
    return bool(user is not None and user.is_authenticated and user.is_reviewer)


def reviewers():
    """Every reviewer, as a queryset (``User.objects.reviewers()``)."""
    return get_user_model().objects.reviewers()


def notify_reviewers(
    *, subject: str, body: str = "", params=None, url: str = "", actor=None, exclude=()
) -> int:
    """Tell every reviewer, except the actor and ``exclude`` (users), of a request to review."""
    from community_portal.notifications.services import notify_many

    skip = {user.pk for user in exclude}
    if actor is not None:
        skip.add(actor.pk)
    return notify_many(
        recipients=reviewers().exclude(pk__in=skip),
        actor=actor,
        subject=subject,
        body=body,
        params=params,
        url=url,
    )


# --- The state change -----------------------------------------------------------------


def involved_ids(people: Iterable) -> set[int]:
    """User ids from users or ids (None skipped)."""
    return {getattr(person, "pk", person) for person in people if person is not None}


def change_state(
    instance: models.Model,
    *,
    table: TransitionTable,
    target: str,
    actor,
    role: str,
    error: type[DomainError] = DomainError,
    denied: type[DomainError] | None = None,
    involved: Callable[[Any], Iterable] | None = None,
    may_act: Callable[[Any, Any], bool] | None = None,
    not_allowed: str | None = None,
    no_comment: str | None = None,
    refused_move: Callable[[Any, str], str] | None = None,
    check: Callable[[Any], None] | None = None,
    changes: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None = None,
    comment: str = "",
    history: type[models.Model] | None = None,
    history_fields: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None = None,
    queryset: models.QuerySet | None = None,
    state_field: str = "state",
    now: datetime | None = None,
) -> tuple[Any, str]:
    """Move ``instance`` to ``target`` as ``actor`` acting as ``role``; return (row, source).

    In one transaction (the caller's, when it has one): lock the row and re-read
    it (from ``queryset``, to add ``select_related``), then refuse with ``error``

    - when the table has no move from the current state to ``target`` for ``role``
      (``refused_move(row, source)`` words it; by default: reload the page);
    - when ``may_act(actor, row)`` is false (default for ``REVIEWER``: ``is_reviewer``),
      saying ``not_allowed``, with ``denied`` (a subclass of ``error``) if given;
    - when ``role`` decides and the actor is among ``involved(row)`` (users or ids);
    - when the move needs a comment and ``comment`` is empty (saying ``no_comment``);
    - when ``check(row)`` raises (a rule of the caller's, on the locked row).

    Then set ``changes`` (a mapping, or a function of the row giving one), save
    the state and the fields whose value changed, and record a ``history`` row
    with ``actor``, ``from_state``, ``to_state``, ``comment``, ``created_at`` and
    ``history_fields``. The caller sends notifications and makes its effects
    after this returns, in the same transaction.
    """
    with transaction.atomic():
        rows = queryset if queryset is not None else type(instance)._default_manager
        row = rows.select_for_update(of=("self",)).get(pk=instance.pk)
        source = getattr(row, state_field)
        move = table.move(source, target)
        if move is None or move.actor != role:
            raise error(refused_move(row, source) if refused_move else STALE)
        if may_act is None and role == REVIEWER:
            may_act = _reviewer
        if may_act is not None and not may_act(actor, row):
            raise (denied or error)(not_allowed or NOT_REVIEWER)
        deciding = table.decides(role) and involved is not None
        if deciding and getattr(actor, "pk", None) in involved_ids(involved(row)):
            raise (denied or error)(INVOLVED)
        comment = (comment or "").strip()
        if move.needs_comment and not comment:
            raise error(no_comment or NEEDS_COMMENT, field="comment")
        if check is not None:
            check(row)
        now = now or timezone.now()
        fields = [state_field]
        setattr(row, state_field, target)
        if callable(changes):
            changes = changes(row)
        for name, value in (changes or {}).items():
            field = row._meta.get_field(name)
            before = field.value_from_object(row)
            setattr(row, name, value)
            if field.value_from_object(row) != before:
                fields.append(name)
        row.save(update_fields=fields)
        if history is not None:
            extra = history_fields(row) if callable(history_fields) else (history_fields or {})
            history._default_manager.create(
                actor=actor,
                from_state=source,
                to_state=target,
                comment=comment,
                created_at=now,
                **extra,
            )
    return row, source


def _reviewer(actor, row) -> bool:
    return is_reviewer(actor)


def allowed_moves(
    instance,
    *,
    table: TransitionTable,
    user,
    roles: Iterable[str] | None = None,
    involved: Iterable | None = None,
    state_field: str = "state",
) -> list[Move]:
    """The decisions ``user`` may make on ``instance`` now, from the table.

    ``roles`` are the deciding roles the user holds (default: ``REVIEWER`` for a
    reviewer); ``involved`` the people of the request, to whom no decision is
    offered. The admin shows these and hides the actions of the others.
    """
    if roles is None:
        roles = [REVIEWER] if is_reviewer(user) else []
    if involved is not None and getattr(user, "pk", None) in involved_ids(involved):
        return []
    source = getattr(instance, state_field)
    return [m for m in table if m.source == source and table.decides(m.actor) and m.actor in roles]
