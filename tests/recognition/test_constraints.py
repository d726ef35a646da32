"""The database refuses what the services never write."""

from datetime import date

import pytest
from django.db import IntegrityError

from recognition.enums import StarKind
from tests.factories.recognition import NominationFactory

pytestmark = pytest.mark.django_db


def test_one_nomination_per_member_and_month():
    nomination = NominationFactory()

    with pytest.raises(IntegrityError):
        NominationFactory(member=nomination.member, period=nomination.period)


def test_a_month_is_named_by_its_first_day():
    with pytest.raises(IntegrityError):
        NominationFactory(period=date(2025, 3, 2))


def test_a_year_starts_in_january():
    with pytest.raises(IntegrityError):
        NominationFactory(kind=StarKind.YEAR, period=date(2025, 3, 1))


def test_a_star_has_the_moment_it_was_chosen():
    with pytest.raises(IntegrityError):
        NominationFactory(star=True, chosen_at=None)
