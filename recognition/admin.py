"""Reviewers choose the stars among the nominees, and send selected submissions to the
essay competition (an action on the submissions' list); judges and maintainers read."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from community_portal.core.admin import ListFiltersMixin
from community_portal.core.admin_actions import FormAction
from recognition import services
from recognition.errors import RecognitionError
from recognition.forms import CitationForm, EssayNoteForm
from recognition.models import EssayRecommendation, Nomination, NominationTransition
from submissions.models import Submission


class NominationTransitionInline(admin.TabularInline):
    model = NominationTransition
    fields = ["created_at", "actor", "from_state", "to_state", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PeriodYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Nomination.objects.dates("period", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(period__year=int(value))
        return queryset


@admin.register(Nomination)
class NominationAdmin(ListFiltersMixin, TranslationAdmin):
    """Read-only records; choosing a star is the action, through its service."""

    list_display = ["member", "kind", "period", "state", "chosen_by", "chosen_at"]
    list_filter = ["state", "kind", PeriodYearFilter]
    search_fields = ["member__username", "member__display_name", "citation"]
    list_select_related = ["member", "chosen_by"]
    date_hierarchy = "period"
    ordering = ["-period", "kind", "state", "member__display_name"]
    inlines = [NominationTransitionInline]
    actions = ["choose_stars"]
    fields = [
        "kind",
        "period",
        "member",
        "state",
        "submission",
        "month_star",
        "citation",
        "nominated_at",
        "chosen_by",
        "chosen_at",
    ]

    choose_stars = FormAction(
        description=_("Choose as stars (with a citation)"),
        form_class=CitationForm,
        run=lambda nomination, user, data: services.star_choose(
            nomination=nomination, reviewer=user, citation=data["citation"]
        ),
        errors=(RecognitionError,),
        involved=lambda nomination: [nomination.member_id],
        permission="choose",
        rows=lambda queryset: queryset.select_related("member"),
        help_text=_(
            "The citation is shown in the hall of fame and sent to each star, in the "
            "language you write it in."
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.get_fields(request, obj) if not name.startswith("citation")]

    def get_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request):
        return False  # nominated by a selection

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Only a star's citation is edited here (its translations), by those who choose.
        return bool(obj is None or obj.is_star) and services.may_choose(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("recognition.view_nomination")

    def has_choose_permission(self, request):
        return services.may_choose(request.user)


@admin.register(EssayRecommendation)
class EssayRecommendationAdmin(ListFiltersMixin, admin.ModelAdmin):
    list_display = ["submission", "author", "campaign", "recommended_by", "recommended_at"]
    list_filter = ["submission__campaign", "submission__channel"]
    search_fields = [
        "submission__title",
        "submission__author__username",
        "submission__author__display_name",
        "note",
    ]
    list_select_related = ["submission__author", "submission__campaign", "recommended_by"]
    date_hierarchy = "recommended_at"
    fields = ["submission", "recommended_by", "recommended_at", "note"]
    readonly_fields = fields

    @admin.display(description=_("author"), ordering="submission__author__display_name")
    def author(self, recommendation):
        return recommendation.submission.author.public_name

    @admin.display(description=_("campaign"), ordering="submission__campaign")
    def campaign(self, recommendation):
        return recommendation.submission.campaign

    def has_add_permission(self, request):
        return False  # an action on the submissions' list

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(
            "recognition.view_essayrecommendation"
        ) or request.user.has_perm("recognition.judge_essays")

    def has_module_permission(self, request):
        return self.has_view_permission(request) or super().has_module_permission(request)


recommend_to_essay_competition = FormAction(
    description=_("Recommend to the essay competition (green channel)"),
    form_class=EssayNoteForm,
    run=lambda submission, user, data: services.essay_recommend(
        submission=submission, reviewer=user, note=data["note"]
    ),
    errors=(RecognitionError,),
    involved=lambda submission: [submission.author_id],
    permission="recommend_essay",
    rows=lambda queryset: queryset.select_related("author", "campaign"),
    help_text=_(
        "Selected submissions only. The judges see them on their page; the author is told."
    ),
)
recommend_to_essay_competition.__name__ = "recommend_to_essay_competition"


def _plug_into_submissions_admin():
    """The green channel is an action on the submissions' list: the submissions app
    knows nothing of it (it is registered here, from the app above)."""
    submission_admin = admin.site._registry.get(Submission)
    if submission_admin is None:
        return
    if recommend_to_essay_competition not in submission_admin.actions:
        submission_admin.actions = [*submission_admin.actions, recommend_to_essay_competition]
    submission_admin.has_recommend_essay_permission = lambda request: services.may_recommend(
        request.user
    )


_plug_into_submissions_admin()
