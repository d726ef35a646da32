"""The measure registry that tier progress and the activity rule read."""

from datetime import datetime

import pytest

from members import progress

CUTOFF = datetime.fromisoformat("2026-05-21T00:00:00+08:00")


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(progress, "_measures", {})
    return progress


def letters(member, since=None):
    return len(member.username)


def events_since_cutoff(member, since=None):
    # Two events in all, one of them after the cut-off.
    return 1 if since == CUTOFF else 2


def test_registered_measures_count_for_a_member(registry, member):
    registry.register_measure("test.letters", label="letters", count=letters)
    registry.register_measure("test.events", label="events", count=events_since_cutoff)

    assert registry.measure_member(member) == {
        "test.events": 2,
        "test.letters": len(member.username),
    }
    assert registry.measure_member(member, keys=["test.events", "gone"], since=CUTOFF) == {
        "test.events": 1
    }


def test_choices_list_every_measure_in_a_stable_order(registry):
    registry.register_measure("b.second", label="second", count=letters)
    registry.register_measure("a.first", label="first", count=letters)

    assert registry.measure_choices() == [("a.first", "first"), ("b.second", "second")]


def test_registering_again_replaces(registry):
    registry.register_measure("a.x", label="old", count=letters)
    registry.register_measure("a.x", label="new", count=letters)

    assert registry.get_measure("a.x").label == "new"
    assert len(registry.measures()) == 1


def test_member_is_active_when_an_activity_measure_counts_since_the_date(registry, member):
    registry.register_measure("test.roles", label="roles", count=letters)  # not activity
    assert registry.member_was_active_since(member, CUTOFF) is False

    registry.register_measure(
        "test.events", label="events", count=events_since_cutoff, counts_as_activity=True
    )
    assert registry.member_was_active_since(member, CUTOFF) is True


def test_member_is_not_active_when_activity_measures_count_nothing_since(registry, member):
    registry.register_measure(
        "test.none", label="none", count=lambda m, since=None: 0, counts_as_activity=True
    )

    assert registry.member_was_active_since(member, CUTOFF) is False
