"""The shared read-only admin pieces: rows the services write are never edited by hand."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from django.urls import reverse

from community_portal.core.admin import (
    ChangedByActionsMixin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    WrittenByServicesMixin,
)
from community_portal.core.models import CalendarDay
from tests.factories.members import CertificateFactory, MemberFactory

pytestmark = pytest.mark.django_db


class HistoryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class DecidedByActionsAdmin(ChangedByActionsMixin, admin.ModelAdmin):
    fields = ["date", "kind", "name"]


@pytest.fixture
def superuser(db):
    return MemberFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def day(db):
    return CalendarDay.objects.create(date=date(2026, 10, 1), name="National Day")


def request_for(user, method="get", data=None):
    request = getattr(RequestFactory(), method)("/admin/core/calendarday/", data or {})
    request.user = user
    SessionMiddleware(lambda request: None).process_request(request)
    MessageMiddleware(lambda request: None).process_request(request)
    return request


def test_read_only_admin_shows_rows_but_never_adds_changes_or_deletes(superuser, day):
    history = HistoryAdmin(CalendarDay, admin.site)
    request = request_for(superuser)

    assert history.has_view_permission(request, day) is True
    assert history.has_add_permission(request) is False
    assert history.has_change_permission(request, day) is False
    assert history.has_delete_permission(request, day) is False


def test_read_only_inline_offers_no_empty_rows_or_delete_boxes(superuser, day):
    class HistoryInline(ReadOnlyInline):
        model = CalendarDay

    inline = HistoryInline(CalendarDay, admin.site)
    request = request_for(superuser)

    assert (inline.extra, inline.can_delete) == (0, False)
    assert inline.has_add_permission(request, day) is False
    assert inline.has_change_permission(request, day) is False


def test_rows_written_by_services_are_not_added_or_deleted(superuser, day):
    class WrittenAdmin(WrittenByServicesMixin, admin.ModelAdmin):
        pass

    written = WrittenAdmin(CalendarDay, admin.site)
    request = request_for(superuser)

    assert written.has_add_permission(request) is False
    assert written.has_delete_permission(request, day) is False
    assert written.has_change_permission(request, day) is True  # for the actions


def test_row_changed_by_actions_has_no_save_button(superuser, day):
    decided = DecidedByActionsAdmin(CalendarDay, admin.site)

    response = decided.change_view(request_for(superuser), str(day.pk))

    assert response.status_code == 200
    assert 'name="_save"' not in response.render().content.decode()


def test_row_changed_by_actions_is_not_saved_from_its_page(superuser, day):
    decided = DecidedByActionsAdmin(CalendarDay, admin.site)
    post = request_for(
        superuser, "post", {"date": "2026-10-02", "kind": "holiday", "name": "Edited"}
    )

    decided.change_view(post, str(day.pk))

    day.refresh_from_db()
    assert (day.date, day.name) == (date(2026, 10, 1), "National Day")


def test_row_changed_by_actions_with_inlines_posted_back_changes_nothing(reviewer_client):
    certificate = CertificateFactory()
    url = reverse("admin:members_certificate_change", args=[certificate.pk])
    events = certificate.events.order_by("pk")

    response = reviewer_client.post(
        url,
        {
            "events-TOTAL_FORMS": str(len(events)),
            "events-INITIAL_FORMS": str(len(events)),
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "0",
            **{f"events-{i}-id": str(event.pk) for i, event in enumerate(events)},
            **{f"events-{i}-certificate": str(certificate.pk) for i in range(len(events))},
        },
    )

    assert response.status_code == 302
    assert list(certificate.events.order_by("pk")) == list(events)
