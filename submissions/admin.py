"""Campaigns and their rules are configured here; submissions are reviewed here and
points corrected. Every decision goes through a service; the ledger is read-only."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from submissions import selectors, services
from submissions.enums import SubmissionState
from submissions.errors import SubmissionsError
from submissions.forms import (
    CampaignAdminForm,
    DecisionForm,
    RequestChangesForm,
    ReversalForm,
    RewardRuleAdminForm,
    SelectForm,
)
from submissions.models import (
    Campaign,
    CampaignSubscription,
    PointEntry,
    RewardRule,
    Submission,
    SubmissionTransition,
)


class FormActionMixin:
    """Admin actions that ask for a comment, an amount or a reason first."""

    def run_form_action(
        self, request, objects, *, form_class, form_kwargs=None, title, submit_label, apply
    ):
        """Show ``form_class`` for ``objects``; once valid, ``apply(obj, data)`` to each.

        ``apply`` calls a service; a refusal is reported for that object and the
        others go on. Returns a response while the form is shown, else None.
        """
        bound = "apply" in request.POST
        form = form_class(request.POST if bound else None, **(form_kwargs or {}))
        if bound and form.is_valid():
            for obj in objects:
                try:
                    apply(obj, form.cleaned_data)
                except SubmissionsError as error:
                    self.message_user(request, f"{obj}: {error.message}", messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "objects": objects,
            "form": form,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "submit_label": submit_label,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/submissions/action_form.html", context)


# --- Campaigns ----------------------------------------------------------------------------


class RewardRuleInline(admin.StackedInline):
    model = RewardRule
    form = RewardRuleAdminForm
    extra = 0
    ordering = ["position", "id"]
    fieldsets = [
        (None, {"fields": [("position", "name"), "kind", "channels", ("starts_on", "ends_on")]}),
        (
            gettext_lazy("Amounts (fill in what the kind needs)"),
            {"fields": [("limit", "points", "multiplier"), ("min_points", "max_points")]},
        ),
    ]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignAdminForm
    list_display = [
        "title",
        "opens_on",
        "closes_on",
        "is_published",
        "submission_count",
        "selected_count",
    ]
    list_filter = ["is_published", "opens_on"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "opens_on"
    inlines = [RewardRuleInline]
    fields = [
        "title",
        "slug",
        "summary",
        "description",
        ("opens_on", "closes_on"),
        "channels",
        "is_published",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                submission_total=Count("submissions"),
                selected_total=Count(
                    "submissions", filter=Q(submissions__state=SubmissionState.SELECTED)
                ),
            )
        )

    @admin.display(description=gettext_lazy("submissions"), ordering="submission_total")
    def submission_count(self, campaign):
        return campaign.submission_total

    @admin.display(description=gettext_lazy("selected"), ordering="selected_total")
    def selected_count(self, campaign):
        return campaign.selected_total


@admin.register(CampaignSubscription)
class CampaignSubscriptionAdmin(admin.ModelAdmin):
    """Who asked to be reminded before a campaign ends. Members follow and stop
    following on the campaign's page; here the list is only read."""

    list_display = ["campaign", "member", "created_at"]
    list_filter = ["campaign"]
    list_select_related = ["campaign", "member"]
    search_fields = ["member__username", "member__display_name", "campaign__title"]
    date_hierarchy = "created_at"
    readonly_fields = ["campaign", "member", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Review -------------------------------------------------------------------------------


class SubmissionTransitionInline(admin.TabularInline):
    model = SubmissionTransition
    verbose_name_plural = gettext_lazy("review history")
    fields = ["created_at", "actor", "from_state", "to_state", "comment", "points"]
    readonly_fields = fields
    ordering = ["created_at", "id"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(FormActionMixin, admin.ModelAdmin):
    """Read-only records; decisions are the actions, each through its service."""

    list_display = [
        "title",
        "state",
        "channel",
        "author_name",
        "points_total",
        "submitted_at",
        "campaign",
    ]
    list_filter = ["campaign", "channel", "state"]
    search_fields = ["title", "url", "author__username", "author__display_name"]
    list_select_related = ["campaign", "author"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at", "-id"]
    actions = ["select_submissions", "request_changes", "reject_submissions"]
    fields = [
        "campaign",
        "author_name",
        "title",
        "channel",
        "link",
        "summary",
        "state",
        "reward_rule",
        "points_total",
        "submitted_at",
        "decided_at",
        "selected_at",
    ]
    readonly_fields = fields
    inlines = [SubmissionTransitionInline]

    def get_queryset(self, request):
        return selectors.submissions_for_review()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return request.user.has_perm(services.REVIEW_PERMISSION)

    @admin.display(description=gettext_lazy("author"), ordering="author__username")
    def author_name(self, submission):
        return submission.author.public_name

    @admin.display(description=gettext_lazy("points"), ordering="points")
    def points_total(self, submission):
        return submission.points

    @admin.display(description=gettext_lazy("URL"))
    def link(self, submission):
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>',
            submission.url,
            submission.url,
        )

    def _ordered(self, queryset):
        # Earliest submitted first: the order in which "first N selected" counts them.
        return list(queryset.order_by("submitted_at", "pk"))

    @admin.action(
        description=gettext_lazy("Select and award points (with a comment)"),
        permissions=["review"],
    )
    def select_submissions(self, request, queryset):
        submissions = self._ordered(queryset)
        today = timezone.localdate()
        valued = {}
        for submission in submissions:
            rule = selectors.reward_rule_for_selection(submission=submission, on=today)
            if rule is not None and rule.is_reviewer_valued:
                valued[rule.pk] = rule
        selected = []

        def select(submission, data):
            selected.append(
                services.submission_select(
                    submission=submission,
                    reviewer=request.user,
                    comment=data["comment"],
                    amount=data.get("amount"),
                )
            )

        response = self.run_form_action(
            request,
            submissions,
            form_class=SelectForm,
            form_kwargs={"valued_rules": list(valued.values())},
            title=_("Select submissions"),
            submit_label=_("Select"),
            apply=select,
        )
        for submission in selected:
            points = selectors.submission_points(submission=submission)
            if points:
                text = _("“%(title)s” is selected: +%(points)s points (%(rule)s).") % {
                    "title": submission.title,
                    "points": points,
                    "rule": submission.reward_rule.name,
                }
            else:
                text = _("“%(title)s” is selected; no reward rule applied, so no points.") % {
                    "title": submission.title
                }
            self.message_user(request, text, messages.SUCCESS)
        return response

    @admin.action(
        description=gettext_lazy("Ask the author for changes (with a comment)"),
        permissions=["review"],
    )
    def request_changes(self, request, queryset):
        return self._decide(
            request,
            queryset,
            form_class=RequestChangesForm,
            service=services.submission_request_changes,
            title=_("Ask for changes"),
            submit_label=_("Ask for changes"),
            done=lambda count: ngettext(
                "Changes were requested for %(count)d submission.",
                "Changes were requested for %(count)d submissions.",
                count,
            ),
        )

    @admin.action(
        description=gettext_lazy("Do not select (with a comment)"), permissions=["review"]
    )
    def reject_submissions(self, request, queryset):
        return self._decide(
            request,
            queryset,
            form_class=DecisionForm,
            service=services.submission_reject,
            title=_("Do not select"),
            submit_label=_("Do not select"),
            done=lambda count: ngettext(
                "%(count)d submission was not selected.",
                "%(count)d submissions were not selected.",
                count,
            ),
        )

    def _decide(self, request, queryset, *, form_class, service, title, submit_label, done):
        decided = []

        def decide(submission, data):
            decided.append(
                service(submission=submission, reviewer=request.user, comment=data["comment"])
            )

        response = self.run_form_action(
            request,
            self._ordered(queryset),
            form_class=form_class,
            title=title,
            submit_label=submit_label,
            apply=decide,
        )
        if decided:
            self.message_user(
                request, done(len(decided)) % {"count": len(decided)}, messages.SUCCESS
            )
        return response


# --- The ledger ---------------------------------------------------------------------------


class EntryKindFilter(admin.SimpleListFilter):
    title = gettext_lazy("kind of entry")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [
            ("award", gettext_lazy("awards standing")),
            ("corrected", gettext_lazy("awards corrected")),
            ("correction", gettext_lazy("corrections")),
        ]

    def queryset(self, request, queryset):
        return {
            "award": lambda: queryset.filter(reverses__isnull=True, reversal__isnull=True),
            "corrected": lambda: queryset.filter(reversal__isnull=False),
            "correction": lambda: queryset.filter(reverses__isnull=False),
        }.get(self.value(), lambda: queryset)()


@admin.register(PointEntry)
class PointEntryAdmin(FormActionMixin, admin.ModelAdmin):
    """Read-only: an entry is never edited or deleted, only corrected by a reversing one."""

    list_display = [
        "created_at",
        "member",
        "signed_amount",
        "reason",
        "source_link",
        "awarded_by",
        "correction_state",
    ]
    list_filter = [
        EntryKindFilter,
        ("source_type", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    search_fields = ["member__username", "member__display_name", "reason"]
    list_select_related = ["member", "awarded_by", "source_type", "reverses", "reversal"]
    date_hierarchy = "created_at"
    actions = ["correct_entries"]
    fields = [
        "created_at",
        "member",
        "signed_amount",
        "reason",
        "source_link",
        "awarded_by",
        "reverses",
        "correction_state",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_reverse_permission(self, request):
        return request.user.has_perm("submissions.reverse_pointentry")

    @admin.display(description=gettext_lazy("points"), ordering="amount")
    def signed_amount(self, entry):
        return f"{entry.amount:+d}"

    @admin.display(description=gettext_lazy("for"))
    def source_link(self, entry):
        source = entry.source
        if source is None:
            return "—"
        meta = source._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[source.pk])
        except NoReverseMatch:
            return str(source)
        return format_html('<a href="{}">{}</a>', url, source)

    @admin.display(description=gettext_lazy("correction"))
    def correction_state(self, entry):
        if entry.is_reversal:
            return _("corrects an earlier entry")
        if getattr(entry, "reversal", None) is not None:
            return _("corrected")
        return ""

    @admin.action(
        description=gettext_lazy("Correct: add a reversing entry (with a reason)"),
        permissions=["reverse"],
    )
    def correct_entries(self, request, queryset):
        corrected = []

        def correct(entry, data):
            corrected.append(
                services.points_reverse(
                    entry=entry, reason=data["reason"], reversed_by=request.user
                )
            )

        response = self.run_form_action(
            request,
            list(queryset.select_related("member")),
            form_class=ReversalForm,
            title=_("Correct points"),
            submit_label=_("Add the reversing entries"),
            apply=correct,
        )
        if corrected:
            count = len(corrected)
            self.message_user(
                request,
                ngettext(
                    "%(count)d entry was corrected by a reversing entry.",
                    "%(count)d entries were corrected by reversing entries.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        return response
