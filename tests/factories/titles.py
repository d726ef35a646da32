# ruff: noqa: RUF002 (a period is written with an en dash)
"""Factories of the titles app: terms of service and certificate of service requests."""

from datetime import date

import factory

from tests.factories.members import MemberFactory
from tests.factories.stations import StationFactory
from titles.enums import ServiceRequestState, ServiceRole
from titles.models import ServiceCertificateRequest, ServiceTerm


class ServiceTermFactory(factory.django.DjangoModelFactory):
    """A station lead's term, 2021 – 2024, unless told otherwise."""

    class Meta:
        model = ServiceTerm

    holder = factory.SubFactory(MemberFactory)
    role = ServiceRole.STATION_LEAD
    station = factory.SubFactory(StationFactory)
    started_on = date(2021, 3, 1)
    ended_on = date(2024, 6, 30)


class ServiceCertificateRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCertificateRequest

    term = factory.SubFactory(ServiceTermFactory)
    state = ServiceRequestState.REQUESTED
    requested_by = factory.LazyAttribute(lambda request: request.term.holder)
    period_start = factory.LazyAttribute(lambda request: request.term.started_on)
    period_end = factory.LazyAttribute(lambda request: request.term.ended_on or date.today())
