"""Reviewers decide certificates of service in the admin: the list, its filters and
search, the actions, the history; nobody else gets in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.members import MemberFactory
from tests.factories.titles import ServiceCertificateRequestFactory, ServiceTermFactory
from titles.enums import ServiceRequestState

pytestmark = pytest.mark.django_db

LIST = reverse("admin:titles_servicecertificaterequest_changelist")


def test_a_member_who_is_not_staff_is_sent_to_the_admin_login(client, another_member):
    client.force_login(another_member)

    response = client.get(LIST)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_reviewer_finds_a_request_by_name_and_filters_by_state(client, reviewer):
    ServiceCertificateRequestFactory(
        term=ServiceTermFactory(holder=MemberFactory(display_name="Chen Jie"))
    )
    ServiceCertificateRequestFactory(
        term=ServiceTermFactory(holder=MemberFactory(display_name="Wang Fang")),
        state=ServiceRequestState.DECLINED,
    )
    client.force_login(reviewer)

    found = client.get(LIST, {"q": "Chen"}).content.decode()
    waiting = client.get(LIST, {"state__exact": "requested"}).content.decode()

    assert "Chen Jie" in found and "Wang Fang" not in found
    assert "Chen Jie" in waiting and "Wang Fang" not in waiting


def test_a_reviewer_issues_from_the_list_and_the_history_shows_it(client, reviewer):
    request = ServiceCertificateRequestFactory()
    client.force_login(reviewer)

    client.post(
        LIST,
        {"action": "issue", "_selected_action": [request.pk], "apply": "1", "comment": "Thanks"},
    )
    page = client.get(
        reverse("admin:titles_servicecertificaterequest_change", args=[request.pk])
    ).content.decode()

    request.refresh_from_db()
    assert request.state == ServiceRequestState.ISSUED
    assert request.certificate.number in page
    assert "Thanks" in page


def test_the_admin_list_costs_the_same_for_1_and_50_requests(client, reviewer):
    ServiceCertificateRequestFactory()
    client.force_login(reviewer)
    client.get(LIST)  # warm the per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    ServiceCertificateRequestFactory.create_batch(49)

    with CaptureQueriesContext(connection) as fifty:
        response = client.get(LIST)

    assert response.content.decode().count('name="_selected_action"') == 50
    assert len(fifty) == len(one)
