"""The in-portal inbox (list, open, mark read), the member's notification
preferences, and the one-click unsubscribe page of the e-mails."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community_portal.core.http import redirect_within_site
from community_portal.core.page_cache import member_page
from community_portal.notifications import preferences, selectors, services
from community_portal.notifications.forms import PreferencesForm, choice_value
from community_portal.notifications.kinds import ACCOUNT_EMAILS, CATEGORIES, Channel
from community_portal.notifications.models import Notification

PAGE_SIZE = 20


# The actors' names ("members") too.
@member_page("members", query=("page", "show"))
@login_required
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    notifications = selectors.inbox_notifications(user=request.user, unread_only=unread_only)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": unread_only},
    )


@login_required
@require_POST
def open_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification, user=request.user)
    return redirect_within_site(request, notification.url, "notifications:inbox")


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification, user=request.user)
    return _back_to_inbox(request)


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return _back_to_inbox(request)


def _back_to_inbox(request):
    return redirect_within_site(request, request.POST.get("next", ""), "notifications:inbox")


# --- Preferences ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def preferences_edit(request):
    rows = preferences.preference_rows(member=request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, rows=rows)
        if form.is_valid():
            preferences.preferences_save(
                member=request.user,
                enabled=form.enabled_pairs(),
                daily_digest=form.cleaned_data["daily_digest"],
            )
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(
            rows=rows,
            initial={
                "enabled": [
                    choice_value(row.kind.id, channel)
                    for row in rows
                    for channel, on in row.channels.items()
                    if on
                ],
                "daily_digest": preferences.takes_daily_digest(member=request.user),
            },
        )
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "groups": _grouped(rows, form),
            "channels": Channel.choices,
            "account_emails": ACCOUNT_EMAILS,
        },
    )


def _grouped(rows, form):
    """The rows by category, each channel's checkbox as the form would show it now."""
    checked = set(form.data.getlist("enabled")) if form.is_bound else set(form.initial["enabled"])
    groups = {}
    for row in rows:
        cells = []
        for channel, on in row.channels.items():
            value = choice_value(row.kind.id, channel)
            cells.append(
                {
                    "channel": channel,
                    "label": Channel(channel).label,
                    "applies": on is not None,
                    "value": value,
                    "checked": row.kind.mandatory or value in checked,
                }
            )
        groups.setdefault(row.kind.category, []).append({"kind": row.kind, "cells": cells})
    return [(CATEGORIES[category], items) for category, items in groups.items()]


# --- One-click unsubscribe (RFC 8058) ---------------------------------------------------


# A mail program posts here without a session or a CSRF token (RFC 8058); the signed
# token is the authority, and all it can do is switch one kind's e-mails off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        member_id, preference_id = preferences.unsubscribe_read(token)
    except preferences.BadToken:
        return _bad_unsubscribe(request)
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return _bad_unsubscribe(request)
    kind = preferences.preference_kind(preference_id)
    if request.method == "POST":
        preferences.email_switch_off(member=member, preference_id=preference_id)
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "kind": kind,
            "done": request.method == "POST",
            "is_digest": preference_id == preferences.DAILY_DIGEST,
        },
    )


def _bad_unsubscribe(request):
    return render(request, "notifications/unsubscribe_invalid.html", status=400)
