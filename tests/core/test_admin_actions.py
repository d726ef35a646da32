"""The shared admin action with a page in between, on the calendar's rows.

Each test posts to a ModelAdmin's ``response_action``, the way the changelist
runs an action, so Django's own permission filtering is part of what is tested.
"""

from datetime import date

import pytest
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Permission
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from community_portal.core.admin_actions import FormAction
from community_portal.core.models import CalendarDay
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/core/calendarday/"


class DayLocked(Exception):
    """The domain error of these tests."""


class RenameForm(forms.Form):
    name = forms.CharField(max_length=100)


def rename_day(day, user, data):
    if day.name == "Locked":
        raise DayLocked("this day is locked")
    if data["name"] == "Crash":
        raise RuntimeError("a bug, not a refusal")
    day.name = data["name"]
    day.save(update_fields=["name"])
    return day


def renaming(description: str, **options) -> FormAction:
    return FormAction(
        description=description,
        form_class=RenameForm,
        run=rename_day,
        errors=(DayLocked,),
        **options,
    )


class DayAdmin(admin.ModelAdmin):
    actions = ["rename", "rename_one", "rename_quietly", "rename_each", "rename_with_leave"]

    rename = renaming("Rename")
    rename_one = renaming("Rename one", single=True)
    rename_quietly = renaming(
        "Rename quietly",
        name_rows_in_errors=False,
        done_message=lambda count: f"{count} renamed.",
    )
    rename_each = renaming("Rename each", row_done_message=lambda day: f"{day.name} is done.")
    rename_with_leave = renaming("Rename with leave", permission="grant_leave")

    def has_grant_leave_permission(self, request):
        return request.user.has_perm("core.delete_calendarday")


@pytest.fixture
def superuser(db):
    return MemberFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def days(db):
    return [
        CalendarDay.objects.create(date=date(2026, 10, day), name=f"Day {day}") for day in (1, 2, 3)
    ]


def act(user, action, rows, **data):
    """Post ``action`` for ``rows`` as the changelist does; ``apply`` posts its form."""
    request = RequestFactory().post(
        CHANGELIST, {"action": action, "_selected_action": [row.pk for row in rows], **data}
    )
    request.user = user
    SessionMiddleware(lambda request: None).process_request(request)
    MessageMiddleware(lambda request: None).process_request(request)
    response = DayAdmin(CalendarDay, admin.site).response_action(request, CalendarDay.objects.all())
    return request, response


def messages_of(request) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in messages.get_messages(request)]


def names() -> list[str]:
    return list(CalendarDay.objects.order_by("date").values_list("name", flat=True))


def test_form_action_shows_its_form_for_the_rows_first(superuser, days):
    _request, response = act(superuser, "rename", days[:2])

    page = response.render().content.decode()
    assert response.template_name == "admin/action_form.html"
    assert response.context_data["form"].is_bound is False
    assert [row["object"] for row in response.context_data["rows"]] == days[:2]
    assert '<input type="hidden" name="action" value="rename">' in page
    assert f'<input type="hidden" name="_selected_action" value="{days[0].pk}">' in page
    assert names() == ["Day 1", "Day 2", "Day 3"]


def test_form_action_shows_an_invalid_form_again_with_its_errors(superuser, days):
    request, response = act(superuser, "rename", days, apply="1", name="")

    assert response.context_data["form"].errors["name"] == ["This field is required."]
    assert "This field is required." in response.render().content.decode()
    assert messages_of(request) == []
    assert names() == ["Day 1", "Day 2", "Day 3"]


def test_form_action_counts_the_rows_done(superuser, days):
    request, response = act(superuser, "rename", days, apply="1", name="Holiday")

    assert response.status_code == 302
    assert names() == ["Holiday", "Holiday", "Holiday"]
    assert messages_of(request) == [(messages.SUCCESS, "3 rows done: Rename.")]


def test_form_action_reports_a_refused_row_and_goes_on(superuser, days):
    locked = CalendarDay.objects.create(date=date(2026, 9, 30), name="Locked")

    request, _response = act(superuser, "rename", [locked, *days[:2]], apply="1", name="Holiday")

    assert names() == ["Locked", "Holiday", "Holiday", "Day 3"]
    assert messages_of(request) == [
        (messages.ERROR, f"{locked}: this day is locked"),
        (messages.SUCCESS, "2 rows done: Rename."),
    ]


def test_form_action_says_nothing_of_success_when_every_row_is_refused(superuser):
    locked = CalendarDay.objects.create(date=date(2026, 9, 30), name="Locked")

    request, _response = act(superuser, "rename", [locked], apply="1", name="Holiday")

    assert messages_of(request) == [(messages.ERROR, f"{locked}: this day is locked")]


def test_form_action_error_can_stand_without_the_row_name(superuser, days):
    locked = CalendarDay.objects.create(date=date(2026, 9, 30), name="Locked")

    request, _response = act(superuser, "rename_quietly", [locked, days[0]], apply="1", name="X")

    assert messages_of(request) == [
        (messages.ERROR, "this day is locked"),
        (messages.SUCCESS, "1 renamed."),
    ]


def test_form_action_can_say_what_it_did_for_each_row(superuser, days):
    request, _response = act(superuser, "rename_each", days[:2], apply="1", name="Holiday")

    assert messages_of(request) == [
        (messages.SUCCESS, "Holiday is done."),
        (messages.SUCCESS, "Holiday is done."),
    ]


def test_form_action_lets_other_errors_through(superuser, days):
    with pytest.raises(RuntimeError):
        act(superuser, "rename", days, apply="1", name="Crash")


def test_single_row_action_refuses_several_rows(superuser, days):
    request, response = act(superuser, "rename_one", days[:2], apply="1", name="Holiday")

    assert response.status_code == 302
    assert messages_of(request) == [(messages.WARNING, "Select exactly one calendar day.")]
    assert names() == ["Day 1", "Day 2", "Day 3"]


def test_single_row_action_takes_one_row(superuser, days):
    request, _response = act(superuser, "rename_one", [days[1]], apply="1", name="Holiday")

    assert names() == ["Day 1", "Holiday", "Day 3"]
    assert messages_of(request) == [(messages.SUCCESS, "1 row done: Rename one.")]


def staff_with(*codenames):
    user = MemberFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_form_action_needs_its_permission(days):
    viewer = staff_with("view_calendarday", "change_calendarday")

    request, response = act(viewer, "rename_with_leave", days, apply="1", name="Holiday")

    assert response is None
    assert messages_of(request) == [(messages.WARNING, "No action selected.")]
    assert names() == ["Day 1", "Day 2", "Day 3"]


def test_form_action_runs_for_whoever_has_its_permission(days):
    keeper = staff_with("view_calendarday", "delete_calendarday")

    request, _response = act(keeper, "rename_with_leave", days[:1], apply="1", name="Holiday")

    assert names() == ["Holiday", "Day 2", "Day 3"]
    assert messages_of(request) == [(messages.SUCCESS, "1 row done: Rename with leave.")]


def test_form_action_hands_the_rows_to_the_form_kwargs(superuser, days):
    seen = []

    class CountingForm(RenameForm):
        def __init__(self, *args, rows, **kwargs):
            super().__init__(*args, **kwargs)
            seen.append(rows)

    action = FormAction(
        description="Rename",
        form_class=CountingForm,
        form_kwargs=lambda request, rows: {"rows": len(rows)},
        run=rename_day,
        errors=(DayLocked,),
    )
    request = RequestFactory().post(CHANGELIST)
    request.user = superuser

    response = action.respond(DayAdmin(CalendarDay, admin.site), request, days, back="/back/")

    page = response.render().content.decode()
    assert seen == [3]
    assert 'name="action"' not in page  # a view of its own posts back to itself
    assert 'href="/back/"' in page
