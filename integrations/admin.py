"""The integrations in the admin: secrets (write-only), each campaign's GitHub
repositories and forum categories, deliveries received, drafts, and "merged on
GitHub" on the submissions' own pages.

The submissions admin is extended from here (a list filter and an inline), so the
submissions app imports nothing from this one.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.core.admin import ListFiltersMixin, ReadOnlyAdminMixin, ReadOnlyInline
from integrations.forms import ForumSourceForm, GitHubSourceForm, ReceiverSecretForm
from integrations.models import (
    ForumSource,
    GitHubSource,
    PullRequestMerge,
    ReceiverSecret,
    SubmissionDraft,
    WebhookDelivery,
)
from submissions.models import Submission

MASK = "••••••••"


@admin.register(ReceiverSecret)
class ReceiverSecretAdmin(admin.ModelAdmin):
    form = ReceiverSecretForm
    list_display = ["provider", "masked_secret", "changed_at"]
    readonly_fields = ["masked_secret", "changed_at"]
    fields = ["provider", "masked_secret", "secret", "changed_at"]

    @admin.display(description=_("saved secret"))
    def masked_secret(self, row):
        return MASK if row.pk and row.secret else "-"

    def get_readonly_fields(self, request, obj=None):
        # The provider of a saved secret stays; a new row picks one.
        return [*self.readonly_fields, "provider"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if "secret" in form.changed_data:
            obj.changed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(GitHubSource)
class GitHubSourceAdmin(ListFiltersMixin, admin.ModelAdmin):
    form = GitHubSourceForm
    list_display = ["repository", "label", "campaign"]
    list_filter = ["campaign"]
    list_select_related = ["campaign"]
    search_fields = ["repository", "label"]


@admin.register(ForumSource)
class ForumSourceAdmin(ListFiltersMixin, admin.ModelAdmin):
    form = ForumSourceForm
    list_display = ["forum_url", "category_id", "campaign"]
    list_filter = ["campaign"]
    list_select_related = ["campaign"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    list_display = ["received_at", "provider", "event", "delivery_id", "outcome"]
    list_filter = ["provider", "event"]
    search_fields = ["delivery_id"]
    date_hierarchy = "received_at"
    fields = list_display
    readonly_fields = fields


@admin.register(SubmissionDraft)
class SubmissionDraftAdmin(ReadOnlyAdminMixin, ListFiltersMixin, admin.ModelAdmin):
    list_display = ["title", "member", "campaign", "channel", "state", "created_at"]
    list_filter = ["state", "provider", "campaign"]
    list_select_related = ["member", "campaign"]
    search_fields = ["title", "url", "external_author", "member__username"]
    fields = [
        "campaign",
        "member",
        "provider",
        "channel",
        "title",
        "url",
        "external_author",
        "handle_verified",
        "merged_at",
        "state",
        "submission",
        "created_at",
        "decided_at",
    ]
    readonly_fields = fields


# --- On the submissions' pages --------------------------------------------------------------


class PullRequestMergeInline(ReadOnlyInline):
    model = PullRequestMerge
    fields = ["merged_at", "repository", "pr_author", "author_mismatch", "handle_verified"]
    readonly_fields = fields
    verbose_name = _("merged on GitHub")
    verbose_name_plural = _("merged on GitHub")


class MergedOnGitHubFilter(admin.SimpleListFilter):
    title = _("merged on GitHub")
    parameter_name = "github"

    def lookups(self, request, model_admin):
        return [
            ("merged", _("merged")),
            ("mismatch", _("merged, by someone else")),
            ("unverified", _("merged, submitter's handle unverified")),
            ("no", _("not seen merged")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "merged":
            return queryset.filter(github_merge__isnull=False)
        if value == "mismatch":
            return queryset.filter(github_merge__author_mismatch=True)
        if value == "unverified":
            return queryset.filter(github_merge__handle_verified=False)
        if value == "no":
            return queryset.filter(github_merge__isnull=True)
        return queryset


def _extend(model, *, inlines=(), list_filters=()) -> None:
    model_admin = admin.site.get_model_admin(model)
    new_inlines = [inline for inline in inlines if inline not in model_admin.inlines]
    new_filters = [item for item in list_filters if item not in model_admin.list_filter]
    model_admin.inlines = [*model_admin.inlines, *new_inlines]
    model_admin.list_filter = [*model_admin.list_filter, *new_filters]


_extend(Submission, inlines=[PullRequestMergeInline], list_filters=[MergedOnGitHubFilter])
