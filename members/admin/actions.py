"""Admin actions that ask for a reason, a comment or a score before calling a service."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.errors import MemberError


def form_action(
    *,
    name: str,
    description,
    form_class,
    run: Callable,
    permission: str = "change",
    single: bool = False,
):
    """An admin action that shows ``form_class`` for the selected rows, then calls
    ``run(obj, user, cleaned_data)`` for each one. A domain error becomes a message
    beside the row's name; the other rows go on."""

    def action(modeladmin, request, queryset):
        if single and queryset.count() != 1:
            modeladmin.message_user(
                request, _("Select exactly one row for this action."), messages.WARNING
            )
            return None
        submitted = "apply" in request.POST
        form = form_class(request.POST if submitted else None)
        if submitted and form.is_valid():
            done = 0
            for obj in queryset:
                try:
                    run(obj, request.user, form.cleaned_data)
                except MemberError as error:
                    modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
                else:
                    done += 1
            if done:
                modeladmin.message_user(
                    request,
                    ngettext(
                        "%(count)d row done: %(action)s.", "%(count)d rows done: %(action)s.", done
                    )
                    % {"count": done, "action": description},
                    messages.SUCCESS,
                )
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": description,
            "opts": modeladmin.model._meta,
            "objects": queryset,
            "form": form,
            "action": name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/members/action_form.html", context)

    action.__name__ = name
    return admin.action(description=description, permissions=[permission])(action)
