"""Two reviewers issuing the same certificate of service at once issue one certificate;
a member asking twice at once (a double click) makes one request. PostgreSQL only."""

import pytest

from members.models import Certificate
from tests.factories.members import ReviewerFactory
from tests.factories.titles import ServiceCertificateRequestFactory, ServiceTermFactory
from tests.parallel import refusals, run_at_once
from titles.errors import ServiceError
from titles.models import ServiceCertificateRequest
from titles.services import service_certificate_issue, service_certificate_request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_reviewers_issue_one_certificate():
    request = ServiceCertificateRequestFactory()
    first, second = ReviewerFactory(), ReviewerFactory()

    results = run_at_once(
        [
            lambda: service_certificate_issue(request=request, reviewer=first),
            lambda: service_certificate_issue(request=request, reviewer=second),
        ]
    )

    assert len(refusals(results, ServiceError)) == 1
    assert Certificate.objects.count() == 1
    assert ServiceCertificateRequest.objects.get().certificate is not None


def test_a_double_click_makes_one_request():
    term = ServiceTermFactory()

    results = run_at_once(
        [lambda: service_certificate_request(term=term, member=term.holder) for _ in range(2)]
    )

    assert len(refusals(results, ServiceError)) == 1
    assert ServiceCertificateRequest.objects.count() == 1
