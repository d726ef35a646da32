"""Fixtures for the members app's tests."""

import pytest

from members import progress
from tests.factories.members import MemberFactory, TierFactory


@pytest.fixture
def ladder(db):
    """The four tiers of seed 001, lowest first."""
    return {
        level: TierFactory(level=level)
        for level in ("user", "contributor", "core_contributor", "maintainer")
    }


@pytest.fixture
def measures(monkeypatch):
    """An empty measure registry that a test fills with fake measures."""
    monkeypatch.setattr(progress, "_measures", {})
    return progress


@pytest.fixture
def admin_user(db):
    return MemberFactory(username="root", is_staff=True, is_superuser=True)
