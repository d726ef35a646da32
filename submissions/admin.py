"""Campaigns and their rules are configured here; submissions are reviewed here and
points corrected. Every decision goes through a service; the ledger is read-only."""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from community_portal.core.admin import (
    AllowedMovesMixin,
    ListFiltersMixin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
)
from community_portal.core.admin_actions import FormAction
from community_portal.core.exports import EXPORT_ACTIONS, Column, ExportActionsMixin
from community_portal.core.formatting import grouped
from community_portal.core.translated import search_fields
from community_portal.core.workflow import is_reviewer
from community_portal.notifications.admin import EscalatedFilter, EscalationAdminMixin
from community_portal.notifications.escalation import Escalation
from submissions import selectors, services
from submissions.enums import SUBMISSION_TABLE, SubmissionState
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
    PointsTotal,
    RewardRule,
    Submission,
    SubmissionTransition,
)

# --- Campaigns ----------------------------------------------------------------------------


class RewardRuleInline(TranslationStackedInline):
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
class CampaignAdmin(ListFiltersMixin, TranslationAdmin):
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
    search_fields = [*search_fields("title"), "slug", *search_fields("summary")]
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
class CampaignSubscriptionAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    """Who asked to be reminded before a campaign ends. Members follow and stop
    following on the campaign's page; here the list is only read."""

    list_display = ["campaign", "member", "created_at"]
    list_filter = ["campaign"]
    list_select_related = ["campaign", "member"]
    search_fields = ["member__username", "member__display_name", *search_fields("campaign__title")]
    date_hierarchy = "created_at"


# --- Review -------------------------------------------------------------------------------


class SubmissionTransitionInline(ReadOnlyInline):
    model = SubmissionTransition
    verbose_name_plural = gettext_lazy("review history")
    fields = ["created_at", "actor", "from_state", "to_state", "comment", "points"]
    readonly_fields = fields
    ordering = ["created_at", "id"]


def _in_submission_order(submissions):
    # Earliest submitted first: the order in which "first N selected" counts them.
    return list(submissions.order_by("submitted_at", "pk"))


def _describe_submission(submission) -> str:
    return " · ".join(
        [
            submission.author.public_name,
            submission.get_channel_display(),
            submission.get_state_display(),
        ]
    )


def _valued_rules(request, submissions) -> dict:
    """The reviewer-valued rules that selecting ``submissions`` today would apply."""
    today = timezone.localdate()
    valued = {}
    for submission in submissions:
        rule = selectors.reward_rule_for_selection(submission=submission, on=today)
        if rule is not None and rule.is_reviewer_valued:
            valued[rule.pk] = rule
    return {"valued_rules": list(valued.values())}


def _selected_message(submission) -> str:
    points = selectors.submission_points(submission=submission)
    if points:
        return _("“%(title)s” is selected: +%(points)s points (%(rule)s).") % {
            "title": submission.title,
            "points": grouped(points),
            "rule": submission.reward_rule.name,
        }
    return _("“%(title)s” is selected; no reward rule applied, so no points.") % {
        "title": submission.title
    }


def _involved(submission) -> list:
    # A reviewer is not offered their own submission (the service refuses it too).
    return [submission.author_id]


def _decision(*, service, **options) -> FormAction:
    """A review decision with a comment to the author, one ``service`` call a submission."""
    return FormAction(
        run=lambda submission, user, data: service(
            submission=submission, reviewer=user, comment=data["comment"]
        ),
        errors=(SubmissionsError,),
        involved=_involved,
        permission="review",
        rows=_in_submission_order,
        row_details=_describe_submission,
        **options,
    )


@admin.register(Submission)
class SubmissionAdmin(
    EscalationAdminMixin,
    ExportActionsMixin,
    AllowedMovesMixin,
    ReadOnlyAdminMixin,
    ListFiltersMixin,
    admin.ModelAdmin,
):
    """Read-only records; decisions are the actions, each through its service."""

    escalation = Escalation((SubmissionState.SUBMITTED,), "submitted_at")
    list_display = [
        "title",
        "state",
        "channel",
        "author_name",
        "points_total",
        "submitted_at",
        "campaign",
        "escalated",
    ]
    list_filter = [EscalatedFilter, "campaign", "channel", "state"]
    search_fields = ["title", "url", "author__username", "author__display_name"]
    list_select_related = ["campaign", "author"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at", "-id"]
    actions = ["select_submissions", "request_changes", "reject_submissions", *EXPORT_ACTIONS]
    export_name = "submissions"
    export_columns = [
        Column(gettext_lazy("campaign"), "campaign__title"),
        Column(gettext_lazy("title"), "title"),
        Column(gettext_lazy("URL"), "url"),
        Column(gettext_lazy("channel"), "channel"),
        Column(gettext_lazy("state"), "state"),
        Column(gettext_lazy("author"), "author__username"),
        Column(gettext_lazy("name"), "author__display_name"),
        Column(gettext_lazy("e-mail"), "author__email", permission="members.view_user"),
        Column(gettext_lazy("submitted"), "submitted_at"),
        Column(gettext_lazy("selected"), "selected_at"),
    ]
    fields = [
        "campaign",
        "author_name",
        "title",
        "channel",
        "link",
        "summary",
        "state",
        "moves_allowed_now",
        "reward_rule",
        "points_total",
        "submitted_at",
        "decided_at",
        "selected_at",
    ]
    readonly_fields = fields
    inlines = [SubmissionTransitionInline]
    workflow_table = SUBMISSION_TABLE

    def workflow_involved(self, submission):
        return _involved(submission)

    def get_queryset(self, request):
        return selectors.submissions_for_review()

    def has_review_permission(self, request):
        return is_reviewer(request.user)

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

    select_submissions = FormAction(
        description=gettext_lazy("Select and award points (with a comment)"),
        title=gettext_lazy("Select submissions"),
        submit_label=gettext_lazy("Select"),
        help_text=gettext_lazy(
            "Points are worked out for each submission at the moment it is selected, in the "
            "order listed, by the first reward rule of its campaign that matches."
        ),
        form_class=SelectForm,
        form_kwargs=_valued_rules,
        run=lambda submission, user, data: services.submission_select(
            submission=submission,
            reviewer=user,
            comment=data["comment"],
            amount=data.get("amount"),
        ),
        errors=(SubmissionsError,),
        involved=_involved,
        permission="review",
        rows=_in_submission_order,
        row_details=_describe_submission,
        row_done_message=_selected_message,
    )
    request_changes = _decision(
        description=gettext_lazy("Ask the author for changes (with a comment)"),
        title=gettext_lazy("Ask for changes"),
        form_class=RequestChangesForm,
        service=services.submission_request_changes,
        done_message=ngettext_lazy(
            "Changes were requested for %(count)d submission.",
            "Changes were requested for %(count)d submissions.",
            "count",
        ),
    )
    reject_submissions = _decision(
        description=gettext_lazy("Do not select (with a comment)"),
        title=gettext_lazy("Do not select"),
        form_class=DecisionForm,
        service=services.submission_reject,
        done_message=ngettext_lazy(
            "%(count)d submission was not selected.",
            "%(count)d submissions were not selected.",
            "count",
        ),
    )


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
class PointEntryAdmin(ExportActionsMixin, ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    """Read-only: an entry is never edited or deleted, only corrected by a reversing one."""

    list_display = [
        "created_at",
        "member",
        "signed_amount",
        "reason_text",
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
    actions = ["correct_entries", *EXPORT_ACTIONS]
    export_name = "ledger"
    export_columns = [
        Column(gettext_lazy("when"), "created_at"),
        Column(gettext_lazy("member"), "member__username"),
        Column(gettext_lazy("name"), "member__display_name"),
        Column(gettext_lazy("e-mail"), "member__email", permission="members.view_user"),
        Column(gettext_lazy("points"), "amount"),
        Column(gettext_lazy("reason"), "reason"),
        Column(gettext_lazy("reviewer"), "awarded_by__username"),
    ]
    fields = [
        "created_at",
        "member",
        "signed_amount",
        "reason_text",
        "source_link",
        "awarded_by",
        "reverses",
        "after_reversal",
        "correction_state",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("source")

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

    correct_entries = FormAction(
        description=gettext_lazy("Correct: add a reversing entry (with a reason)"),
        title=gettext_lazy("Correct points"),
        submit_label=gettext_lazy("Add the reversing entries"),
        form_class=ReversalForm,
        run=lambda entry, user, data: services.points_reverse(
            entry=entry, reason=data["reason"], reversed_by=user
        ),
        errors=(SubmissionsError,),
        permission="reverse",
        rows=lambda entries: list(entries.select_related("member")),
        row_details=lambda entry: f"{entry.member.public_name} · {entry.amount:+d}",
        done_message=ngettext_lazy(
            "%(count)d entry was corrected by a reversing entry.",
            "%(count)d entries were corrected by reversing entries.",
            "count",
        ),
    )


@admin.register(PointsTotal)
class PointsTotalAdmin(ExportActionsMixin, ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    """The leaderboards (all time, each year, each month) as rows, to export for gifts."""

    list_display = ["member", "period", "period_start", "points", "reached_at"]
    list_filter = ["period", "period_start"]
    search_fields = ["member__username", "member__display_name"]
    list_select_related = ["member"]
    ordering = ["period", "-period_start", "-points", "reached_at", "id"]
    actions = [*EXPORT_ACTIONS]
    export_name = "leaderboard"
    export_columns = [
        Column(gettext_lazy("period"), "period"),
        Column(gettext_lazy("from"), "period_start"),
        Column(gettext_lazy("member"), "member__username"),
        Column(gettext_lazy("name"), "member__display_name"),
        Column(gettext_lazy("e-mail"), "member__email", permission="members.view_user"),
        Column(gettext_lazy("points"), "points"),
        Column(gettext_lazy("reached"), "reached_at"),
    ]
