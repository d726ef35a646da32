"""Factories of the stations app."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from stations.enums import EventKind, Region, RegistrationState, StationKind, StationRole
from stations.models import Event, FoundingRequest, Membership, Registration, Station, name_key
from tests.factories.members import MemberFactory


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"City {n}")
    name_key = factory.LazyAttribute(lambda station: name_key(station.name))
    slug = factory.Sequence(lambda n: f"city-{n}")
    kind = StationKind.CITY
    city = factory.LazyAttribute(lambda station: station.name)
    region = Region.EAST
    founded_on = date(2021, 5, 15)
    description = "We meet every month."

    @factory.post_generation
    def lead(station, create, extracted, **kwargs):
        """Every station has its lead: ``lead=member`` picks them, ``lead=False`` none."""
        if not create or extracted is False:
            return
        MembershipFactory(station=station, member=extracted or MemberFactory(), lead=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    class Params:
        lead = factory.Trait(role=StationRole.LEAD)
        deputy = factory.Trait(role=StationRole.DEPUTY)
        committee = factory.Trait(role=StationRole.COMMITTEE)

    station = factory.SubFactory(StationFactory)
    member = factory.SubFactory(MemberFactory)
    role = ""
    role_since = factory.LazyAttribute(lambda m: timezone.now() if m.role else None)


class FoundingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FoundingRequest

    proposer = factory.SubFactory(MemberFactory)
    kind = StationKind.CITY
    name = factory.Sequence(lambda n: f"New City {n}")
    name_key = factory.LazyAttribute(lambda founding: name_key(founding.name))
    city = factory.LazyAttribute(lambda founding: founding.name)
    region = Region.SOUTH
    motivation = "Twenty users meet here already."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    station = factory.SubFactory(StationFactory)
    title = factory.Sequence(lambda n: f"Meetup {n}")
    kind = EventKind.MEETUP
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=3))
    venue = "Community space, 1 Main Street"
    capacity = 30


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    class Params:
        waitlisted = factory.Trait(
            state=RegistrationState.WAITLISTED, waitlisted_at=factory.LazyFunction(timezone.now)
        )
        attended = factory.Trait(
            state=RegistrationState.ATTENDED, checked_in_at=factory.LazyFunction(timezone.now)
        )

    event = factory.SubFactory(EventFactory)
    member = factory.SubFactory(MemberFactory)
    state = RegistrationState.REGISTERED


def station_lead(**station_kwargs):
    """The lead (站长) of a new station."""
    lead = MemberFactory()
    StationFactory(lead=lead, **station_kwargs)
    return lead
