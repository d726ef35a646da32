"""Admin actions with a page in between, for every app's admin.

The page shows a form (a comment, a reason, a score, an amount) for the selected
rows; applying it calls a service for each row. A row the service refuses gets a
message beside its name and the other rows go on; the rows done are counted in a
success message. The app says what differs: the form, the service call, its
domain errors, the words on the page and in the messages.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext_lazy

from community_portal.core.workflow import INVOLVED, DomainError, error_message, involved_ids

TEMPLATE = "admin/action_form.html"

# The form's keyword arguments, or a function of the request and the rows giving them.
FormKwargs = Mapping[str, Any] | Callable[[HttpRequest, Sequence], Mapping[str, Any]]

ROWS_DONE = ngettext_lazy(
    "%(count)d row done: %(action)s.", "%(count)d rows done: %(action)s.", "count"
)


class FormAction:
    """An admin action that asks for ``form_class`` first, then runs ``run`` per row.

    Assign it in a ModelAdmin's body and list its name in ``actions``, as with a
    method decorated with ``@admin.action``::

        actions = ["revoke"]
        revoke = FormAction(
            description=_("Revoke"),
            form_class=ReasonForm,
            run=lambda certificate, user, data: certificate_revoke(...),
            errors=(MemberError,),
        )

    ``run(row, user, cleaned_data)`` calls the service; what it returns is handed
    to ``row_done_message``. ``errors`` are the domain errors that become a
    message for their row (every ``DomainError`` by default); any other
    exception propagates. ``involved(row)`` gives the people of a request: a
    reviewer among them is not offered the row (conflict of interest), which
    the service would refuse anyway.
    """

    def __init__(
        self,
        *,
        description: str,
        form_class: type[forms.Form],
        run: Callable[[Any, Any, dict], Any],
        errors: tuple[type[Exception], ...] = (DomainError,),
        involved: Callable[[Any], Iterable] | None = None,
        title: str | None = None,
        submit_label: str | None = None,
        help_text: str = "",
        form_kwargs: FormKwargs | None = None,
        rows: Callable[[QuerySet], Iterable] = list,
        row_details: Callable[[Any], str] | None = None,
        permission: str = "change",
        single: bool = False,
        name_rows_in_errors: bool = True,
        done_message: str | Callable[[int], str] = ROWS_DONE,
        row_done_message: Callable[[Any], str] | None = None,
    ):
        """
        description: the action's name in the list's action menu.
        title: the page's heading (default: the description); submit_label: the
            button's (default: the title); help_text: a paragraph under the form.
        form_kwargs: keyword arguments for the form, or a function of the request
            and the rows that returns them.
        rows: turns the selected queryset into the rows, in the order shown and
            applied (to add ``select_related``, say).
        row_details: a short text shown after each row's name on the page.
        permission: as ``@admin.action(permissions=[...])``: the ModelAdmin's
            ``has_<permission>_permission`` decides who sees and runs the action.
        single: refuse unless exactly one row is selected.
        name_rows_in_errors: put the row's name before an error's text; off for
            errors that name their row already.
        done_message: the success message, given the number of rows done as
            ``count`` (and the description as ``action``): best an
            ``ngettext_lazy(singular, plural, "count")``, or a function of the count.
        row_done_message: instead, one success message per row done, from what
            ``run`` returned for it.
        """
        self.short_description = description
        self.allowed_permissions = (permission,)
        self.form_class = form_class
        self.run = run
        self.errors = errors
        self.involved = involved
        # Lazy translations: ``or`` would translate them while the admin loads.
        self.title = description if title is None else title
        self.submit_label = self.title if submit_label is None else submit_label
        self.help_text = help_text
        self.form_kwargs = {} if form_kwargs is None else form_kwargs
        self.rows = rows
        self.row_details = row_details
        self.single = single
        self.name_rows_in_errors = name_rows_in_errors
        self.done_message = done_message
        self.row_done_message = row_done_message
        self.__name__ = ""

    def __set_name__(self, owner, name):
        # The action's name in ``actions``, posted back by the page.
        self.__name__ = name

    def __call__(self, modeladmin, request: HttpRequest, queryset: QuerySet):
        """The admin action: Django calls it with the selected rows."""
        rows = self.offered(modeladmin, request, list(self.rows(queryset)))
        if not rows:
            return None
        if self.single and len(rows) != 1:
            modeladmin.message_user(
                request,
                gettext("Select exactly one %(name)s.")
                % {"name": modeladmin.model._meta.verbose_name},
                messages.WARNING,
            )
            return None
        return self.respond(modeladmin, request, rows, action=self.__name__)

    def respond(
        self,
        modeladmin,
        request: HttpRequest,
        rows: Sequence,
        *,
        action: str = "",
        back: str | None = None,
    ) -> TemplateResponse | None:
        """Show the form for ``rows``, or apply it once it is posted valid.

        Returns the page while the form is shown and None once applied (an admin
        action's caller then redirects back). ``action`` is the admin action's
        name, posted back with the rows; a view of its own leaves it out and
        redirects where it likes. ``back`` is the cancel link (the list).
        """
        submitted = "apply" in request.POST
        form_kwargs = self.form_kwargs
        if callable(form_kwargs):
            form_kwargs = form_kwargs(request, rows)
        form = self.form_class(request.POST if submitted else None, **form_kwargs)
        if submitted and form.is_valid():
            self._apply(modeladmin, request, rows, form.cleaned_data)
            return None
        return self._page(modeladmin, request, rows, form, action=action, back=back)

    def offered(self, modeladmin, request, rows: list) -> list:
        """The rows the user may decide: those naming them are left out, with a message."""
        if self.involved is None:
            return rows
        offered = []
        for row in rows:
            if request.user.pk in involved_ids(self.involved(row)):
                modeladmin.message_user(request, f"{row}: {INVOLVED}", messages.ERROR)
            else:
                offered.append(row)
        return offered

    def _apply(self, modeladmin, request, rows, data):
        done = []
        for row in rows:
            try:
                result = self.run(row, request.user, data)
            except self.errors as error:
                text = error_message(error) if isinstance(error, DomainError) else str(error)
                text = f"{row}: {text}" if self.name_rows_in_errors else text
                modeladmin.message_user(request, text, messages.ERROR)
            else:
                done.append(result)
        if self.row_done_message is not None:
            for result in done:
                modeladmin.message_user(request, self.row_done_message(result), messages.SUCCESS)
        elif done:
            modeladmin.message_user(request, self._done_text(len(done)), messages.SUCCESS)

    def _done_text(self, count: int) -> str:
        if callable(self.done_message):
            return self.done_message(count)
        return self.done_message % {"count": count, "action": self.short_description}

    def _page(self, modeladmin, request, rows, form, *, action, back):
        opts = modeladmin.model._meta
        site = modeladmin.admin_site.name
        linked = modeladmin.has_view_or_change_permission(request)
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": self.title,
            "opts": opts,
            "rows": [
                {
                    "object": row,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change",
                        args=[quote(row.pk)],
                        current_app=site,
                    )
                    if linked
                    else "",
                    "details": self.row_details(row) if self.row_details else "",
                }
                for row in rows
            ],
            "form": form,
            "help_text": self.help_text,
            "submit_label": self.submit_label,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "back": back
            or reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=site),
        }
        return TemplateResponse(request, TEMPLATE, context)
