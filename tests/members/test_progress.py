"""The measure registry that tier progress reads."""

import pytest

from members import progress


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(progress, "_measures", {})
    return progress


def test_registered_measures_count_for_a_member(registry, member):
    registry.register_measure("test.letters", label="letters", count=lambda m: len(m.username))
    registry.register_measure("test.zero", label="zero", count=lambda m: 0)

    assert registry.measure_member(member) == {"test.letters": len(member.username), "test.zero": 0}
    assert registry.measure_member(member, keys=["test.zero", "gone"]) == {"test.zero": 0}


def test_choices_list_every_measure_in_a_stable_order(registry):
    registry.register_measure("b.second", label="second", count=lambda m: 0)
    registry.register_measure("a.first", label="first", count=lambda m: 0)

    assert registry.measure_choices() == [("a.first", "first"), ("b.second", "second")]


def test_registering_again_replaces(registry):
    registry.register_measure("a.x", label="old", count=lambda m: 1)
    registry.register_measure("a.x", label="new", count=lambda m: 2)

    assert registry.get_measure("a.x").label == "new"
    assert len(registry.measures()) == 1
