"""The in-portal inbox: list, open (marks read), mark all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community_portal.core.http import redirect_within_site
from community_portal.notifications import selectors, services
from community_portal.notifications.models import Notification

PAGE_SIZE = 20


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
