"""Review in the Django admin.

Applications are read-only here: reviewers move them with actions (in the list)
or the buttons on an application's page, each asking for a comment to the
applicant and an optional internal note, and each calling one service. A refused
transition is reported as a message and changes nothing. Milestones are edited
inline; their saving also goes through the services.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from community_portal.core.admin import ListFiltersMixin, ReadOnlyInline, WrittenByServicesMixin
from community_portal.core.admin_actions import FormAction
from community_portal.core.exports import EXPORT_ACTIONS, Column, ExportActionsMixin
from community_portal.core.markdown import render_markdown
from community_portal.core.translated import search_fields
from community_portal.core.workflow import allowed_moves, error_message
from community_portal.notifications.admin import EscalatedFilter, EscalationAdminMixin
from community_portal.notifications.escalation import Escalation
from programs import services
from programs.enums import (
    APPLICATION_TABLE,
    PARTICIPATION_STATES,
    REVIEW_QUEUE_STATES,
    ApplicationState,
    NamedMemberState,
    ProgramState,
    application_transition,
    needs_comment,
)
from programs.forms import NameMemberForm, ReviewForm
from programs.models import (
    Application,
    ApplicationTransition,
    Milestone,
    NamedMember,
    Program,
    ProgramStateChange,
    ThankYouLetter,
)
from programs.services import ApplicationError, ProgramError

# --- Programs -------------------------------------------------------------------------------


class ProgramStateChangeInline(ReadOnlyInline):
    model = ProgramStateChange
    fields = readonly_fields = ["created_at", "actor", "from_state", "to_state"]
    verbose_name_plural = _("state history")


@admin.register(Program)
class ProgramAdmin(ListFiltersMixin, TranslationAdmin):
    list_display = [
        "title",
        "state",
        "opens_on",
        "closes_on",
        "min_named_members",
        "application_count",
        "participant_count",
    ]
    list_filter = ["state"]
    search_fields = [*search_fields("title"), "slug", *search_fields("summary")]
    date_hierarchy = "opens_on"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["state", "created_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "state", "created_at"]}),
        (_("Application window"), {"fields": ["opens_on", "closes_on", "min_named_members"]}),
        (_("Texts (Markdown)"), {"fields": ["description", "requirements", "benefits"]}),
    ]
    inlines = [ProgramStateChangeInline]
    actions = ["open_programs", "close_programs", "archive_programs"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                application_total=Count(
                    "applications", filter=~Q(applications__state=ApplicationState.DRAFT)
                ),
                participant_total=Count(
                    "applications", filter=Q(applications__state__in=PARTICIPATION_STATES)
                ),
            )
        )

    @admin.display(description=_("applications"), ordering="application_total")
    def application_count(self, program):
        return program.application_total

    @admin.display(description=_("participants"), ordering="participant_total")
    def participant_count(self, program):
        return program.participant_total

    def _change_states(self, request, queryset, to_state):
        changed = 0
        for program in queryset:
            try:
                services.program_change_state(
                    program=program, to_state=to_state, actor=request.user
                )
            except ProgramError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d program is now %(state)s.",
                    "%(count)d programs are now %(state)s.",
                    changed,
                )
                % {"count": changed, "state": ProgramState(to_state).label},
                messages.SUCCESS,
            )

    @admin.action(description=_("Open for applications"), permissions=["change"])
    def open_programs(self, request, queryset):
        self._change_states(request, queryset, ProgramState.OPEN)

    @admin.action(description=_("Close for applications"), permissions=["change"])
    def close_programs(self, request, queryset):
        self._change_states(request, queryset, ProgramState.CLOSED)

    @admin.action(description=_("Archive"), permissions=["change"])
    def archive_programs(self, request, queryset):
        self._change_states(request, queryset, ProgramState.ARCHIVED)


# --- Applications ---------------------------------------------------------------------------


class NamedMemberInline(ReadOnlyInline):
    model = NamedMember
    fields = readonly_fields = ["member", "member_email", "state", "named_at", "answered_at"]

    @admin.display(description=_("e-mail address"))
    def member_email(self, named):
        return named.member.email

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class TransitionInline(ReadOnlyInline):
    model = ApplicationTransition
    fields = readonly_fields = [
        "created_at",
        "actor",
        "from_state",
        "to_state",
        "comment",
        "internal_note",
    ]
    verbose_name_plural = _("history (internal notes are for reviewers only)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class LetterInline(ReadOnlyInline):
    model = ThankYouLetter
    fields = readonly_fields = ["recipient", "issued_at", "issued_by", "letter_link"]

    @admin.display(description=_("letter"))
    def letter_link(self, letter):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            letter.get_absolute_url(),
            gettext("Open the printable letter"),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recipient", "issued_by")


# A bare "example.org" becomes https://example.org.
URL_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0
    formfield_overrides = URL_OVERRIDES
    fields = ["kind", "title", "achieved_on", "promoted", "link"]


def _with_program(applications):
    return list(applications.select_related("program").prefetch_related("named_members"))


def _involved(application) -> list:
    """The applicant and the named members: none of them decides on the application."""
    return [application.applicant_id, *(n.member_id for n in application.named_members.all())]


def _review(target: str, description) -> FormAction:
    """A reviewer's decision moving applications to ``target``, with the reviewer's words."""
    return FormAction(
        description=description,
        form_class=ReviewForm,
        form_kwargs={"comment_required": needs_comment(target)},
        run=lambda application, user, data: services.application_review(
            application=application, target=target, actor=user, **data
        ),
        errors=(ApplicationError,),
        involved=_involved,
        # The services' messages name the organization already.
        name_rows_in_errors=False,
        rows=_with_program,
        row_details=lambda application: application.get_state_display(),
        done_message=lambda count: (
            ngettext(
                "%(count)d application is now %(state)s.",
                "%(count)d applications are now %(state)s.",
                count,
            )
            % {"count": count, "state": ApplicationState(target).label}
        ),
    )


# The decisions, by the state they lead to: in the list's actions and as buttons on
# an application's page.
REVIEWS = {
    ApplicationState.IN_REVIEW: _review(ApplicationState.IN_REVIEW, _("Start the review")),
    ApplicationState.APPROVED: _review(ApplicationState.APPROVED, _("Approve")),
    ApplicationState.REJECTED: _review(ApplicationState.REJECTED, _("Reject")),
    ApplicationState.CHANGES_REQUESTED: _review(
        ApplicationState.CHANGES_REQUESTED, _("Request changes")
    ),
    ApplicationState.COMPLETED: _review(
        ApplicationState.COMPLETED, _("Complete and send thank-you letters")
    ),
}


@admin.register(Application)
class ApplicationAdmin(
    EscalationAdminMixin,
    ExportActionsMixin,
    WrittenByServicesMixin,
    ListFiltersMixin,
    admin.ModelAdmin,
):
    """Members apply on the site and the history stays: no adding or deleting here.
    Reviewers decide with the actions and the buttons; only milestones are edited."""

    escalation = Escalation(REVIEW_QUEUE_STATES, "submitted_at")
    list_display = [
        "organization_name",
        "program",
        "applicant",
        "state",
        "confirmed_members",
        "submitted_at",
        "updated_at",
        "escalated",
    ]
    list_filter = [EscalatedFilter, "state", "program", "submitted_at"]
    search_fields = [
        "organization_name",
        "website",
        "applicant__username",
        "applicant__display_name",
        "applicant__email",
        "contact_name",
        "contact_email",
    ]
    list_select_related = ["program", "applicant"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at", "-updated_at"]
    change_form_template = "admin/programs/application/change_form.html"
    fieldsets = [
        (None, {"fields": ["program", "applicant", "state", "logo_preview"]}),
        (
            _("Organization"),
            {"fields": ["organization_name", "website", "usage_html", "practice_list"]},
        ),
        (_("Contact (private)"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "coc_agreed_at",
                    "coc_version",
                    "created_at",
                    "submitted_at",
                    "decided_at",
                    "approved_at",
                    "completed_at",
                ]
            },
        ),
    ]
    actions = [
        "start_review",
        "approve",
        "request_changes",
        "reject",
        "complete",
        "name_member",
        *EXPORT_ACTIONS,
    ]
    export_name = "applications"
    export_columns = [
        Column(_("program"), "program__title"),
        Column(_("organization"), "organization_name"),
        Column(_("website"), "website"),
        Column(_("state"), "state"),
        Column(_("applicant"), "applicant__username"),
        Column(_("contact person"), "contact_name"),
        Column(_("contact e-mail"), "contact_email"),
        Column(_("contact phone"), "contact_phone"),
        Column(_("submitted at"), "submitted_at"),
        Column(_("approved at"), "approved_at"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_total=Count(
                    "named_members",
                    filter=Q(named_members__state=NamedMemberState.CONFIRMED),
                )
            )
        )

    def get_readonly_fields(self, request, obj=None):
        return [
            *(name for fieldset in self.fieldsets for name in fieldset[1]["fields"]),
        ]

    def get_inlines(self, request, obj):
        inlines = [NamedMemberInline, TransitionInline]
        if obj is not None and obj.state in PARTICIPATION_STATES:
            inlines.append(MilestoneInline)
        if obj is not None and obj.state == ApplicationState.COMPLETED:
            inlines.append(LetterInline)
        return inlines

    def save_model(self, request, obj, form, change):
        """The application itself is read-only here; only its milestones are saved."""

    @admin.display(description=_("confirmed members"), ordering="confirmed_total")
    def confirmed_members(self, application):
        return f"{application.confirmed_total} / {application.program.min_named_members}"

    @admin.display(description=_("logo"))
    def logo_preview(self, application):
        if not application.logo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="160" height="80" class="programs-logo-preview">',
            application.logo.url,
        )

    @admin.display(description=_("how they use the project"))
    def usage_html(self, application):
        return render_markdown(application.usage) or "—"

    @admin.display(description=_("practices"))
    def practice_list(self, application):
        return ", ".join(str(label) for label in application.practices) or "—"

    # Milestones: saved through the services, so the rules (participations only,
    # reviewers only) and the applicant's notification hold here too.
    def save_formset(self, request, form, formset, change):
        if formset.model is not Milestone:
            return super().save_formset(request, form, formset, change)
        # What the admin's change message reads (formset.save() would set them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        try:
            for inline_form in formset.deleted_forms:
                if inline_form.instance.pk is not None:
                    services.milestone_delete(milestone=inline_form.instance, actor=request.user)
                    formset.deleted_objects.append(inline_form.instance)
            for inline_form in formset.forms:
                if inline_form in formset.deleted_forms or not inline_form.has_changed():
                    continue
                data = {
                    name: inline_form.cleaned_data[name]
                    for name in services.MILESTONE_FIELDS
                    if name in inline_form.cleaned_data
                }
                if inline_form.instance.pk is None:
                    milestone = services.milestone_record(
                        application=form.instance, actor=request.user, **data
                    )
                    formset.new_objects.append(milestone)
                else:
                    milestone = services.milestone_update(
                        milestone=inline_form.instance,
                        actor=request.user,
                        changes={n: data[n] for n in inline_form.changed_data if n in data},
                    )
                    formset.changed_objects.append((milestone, inline_form.changed_data))
        except ApplicationError as error:
            self.message_user(request, error_message(error), messages.ERROR)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        targets = []
        if application is not None and self.has_change_permission(request, application):
            targets = [
                (move.target, ApplicationState(move.target).label)
                for move in allowed_moves(
                    application,
                    table=APPLICATION_TABLE,
                    user=request.user,
                    involved=_involved(application),
                )
            ]
        # Only a participation's milestones can be saved on this page.
        editable = application is not None and application.state in PARTICIPATION_STATES
        extra_context = {
            **(extra_context or {}),
            "review_targets": targets,
            "show_save": editable,
            "show_save_and_continue": editable,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/<str:target>/",
                self.admin_site.admin_view(self.review_view),
                name="programs_application_review",
            ),
            *super().get_urls(),
        ]

    # --- Decisions ----------------------------------------------------------------------

    def review_view(self, request, object_id, target):
        """One application's decision, from the buttons on its page."""
        application = self.get_object(request, object_id)  # None for unknown or garbage ids
        if application is None:
            raise Http404
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        if target not in services.REVIEW_ACTIONS:
            raise Http404
        change_url = reverse("admin:programs_application_change", args=[application.pk])
        if application_transition(application.state, target) is None:
            # Stale button (someone else decided meanwhile): say so before asking for words.
            self.message_user(
                request,
                gettext("This application is %(state)s now; it cannot become %(target)s.")
                % {
                    "state": application.get_state_display(),
                    "target": ApplicationState(target).label,
                },
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        if not REVIEWS[target].offered(self, request, [application]):
            return HttpResponseRedirect(change_url)
        response = REVIEWS[target].respond(self, request, [application], back=change_url)
        return response or HttpResponseRedirect(change_url)

    start_review = REVIEWS[ApplicationState.IN_REVIEW]
    approve = REVIEWS[ApplicationState.APPROVED]
    request_changes = REVIEWS[ApplicationState.CHANGES_REQUESTED]
    reject = REVIEWS[ApplicationState.REJECTED]
    complete = REVIEWS[ApplicationState.COMPLETED]

    name_member = FormAction(
        description=_("Name a member (by username or e-mail)"),
        title=_("Name a member"),
        form_class=NameMemberForm,
        single=True,
        run=lambda application, user, data: services.application_name_member(
            application=application, member=data["member"], actor=user
        ),
        errors=(ApplicationError,),
        name_rows_in_errors=False,
        rows=_with_program,
        row_details=lambda application: application.get_state_display(),
        row_done_message=lambda named: (
            gettext("%(member)s is named and asked to confirm.") % {"member": named.member.username}
        ),
    )


# --- Milestones -------------------------------------------------------------------------------


@admin.register(Milestone)
class MilestoneAdmin(ListFiltersMixin, TranslationAdmin):
    """Every participant's milestones in one list, e.g. for the media group."""

    list_display = ["title", "organization", "kind", "achieved_on", "promoted"]
    formfield_overrides = URL_OVERRIDES
    list_filter = ["promoted", "kind", "application__program"]
    search_fields = [*search_fields("title"), "application__organization_name"]
    list_select_related = ["application"]
    date_hierarchy = "achieved_on"
    readonly_fields = ["application", "recorded_by", "recorded_at"]
    fields = [
        "application",
        "kind",
        "title",
        "achieved_on",
        "promoted",
        "link",
        "description",
        "recorded_by",
        "recorded_at",
    ]
    actions = ["mark_for_promotion", "unmark_for_promotion"]

    def has_add_permission(self, request):
        return False  # recorded on the participation's page

    @admin.display(description=_("organization"), ordering="application__organization_name")
    def organization(self, milestone):
        return milestone.application.organization_name

    def save_model(self, request, obj, form, change):
        try:
            services.milestone_update(
                milestone=obj,
                actor=request.user,
                changes={name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ApplicationError as error:
            self.message_user(request, error_message(error), messages.ERROR)

    def delete_model(self, request, obj):
        services.milestone_delete(milestone=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for milestone in queryset:
            services.milestone_delete(milestone=milestone, actor=request.user)

    def _set_promoted(self, request, queryset, promoted):
        for milestone in queryset:
            services.milestone_update(
                milestone=milestone, actor=request.user, changes={"promoted": promoted}
            )
        self.message_user(request, gettext("The milestones are updated."), messages.SUCCESS)

    @admin.action(description=_("Mark for promotion"), permissions=["change"])
    def mark_for_promotion(self, request, queryset):
        self._set_promoted(request, queryset, True)

    @admin.action(description=_("Remove the promotion mark"), permissions=["change"])
    def unmark_for_promotion(self, request, queryset):
        self._set_promoted(request, queryset, False)
