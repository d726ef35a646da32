"""Members in the admin: the profile, the tier (changed only through the action), history."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from community_portal.core.admin import ListFiltersMixin, ReadOnlyInline, TranslatedPermissionsMixin
from community_portal.core.admin_actions import FormAction
from members.errors import MemberError
from members.forms import ChangeTierForm, MemberPasswordChangeForm
from members.models import TierChange, User
from members.services.accounts import same_github_handle
from members.services.tiers import member_change_tier


class TierChangeInline(ReadOnlyInline):
    model = TierChange
    fk_name = "member"
    fields = [
        "decided_at",
        "from_tier",
        "to_tier",
        "reason_text",
        "override_reason",
        "decided_by",
        "request",
    ]
    readonly_fields = fields
    verbose_name_plural = _("tier history")


@admin.register(User)
class MemberAdmin(ListFiltersMixin, TranslatedPermissionsMixin, UserAdmin):
    change_password_form = MemberPasswordChangeForm
    list_display = [
        "username",
        "display_name",
        "email",
        "tier",
        "city",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = [
        "tier",
        "github_handle_verified",
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
    ]
    list_select_related = ["tier"]
    search_fields = [
        "username",
        "display_name",
        "email",
        "city",
        "organization",
        "github_handle",
        "forum_username",
    ]
    date_hierarchy = "date_joined"
    readonly_fields = ["tier", "github_handle_status"]
    inlines = [TierChangeInline]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Portal"), {"fields": ("display_name", "preferred_language", "tier")}),
        (
            _("Public profile"),
            {
                "fields": (
                    "avatar",
                    "bio",
                    "city",
                    "organization",
                    "github_handle",
                    "github_handle_status",
                    "forum_username",
                    "languages",
                )
            },
        ),
    )
    actions = ["change_tier"]

    change_tier = FormAction(
        description=_("Change the tier"),
        form_class=ChangeTierForm,
        permission="change_member_tier",
        run=lambda member, user, data: member_change_tier(
            member=member, to_tier=data["tier"], decided_by=user, reason=data["reason"]
        ),
        errors=(MemberError,),
    )

    @admin.display(description=_("GitHub user name"))
    def github_handle_status(self, member):
        if not member.github_handle:
            return "-"
        if member.github_handle_verified:
            return _("verified (signed in with GitHub)")
        return _("unverified (typed by hand)")

    def save_model(self, request, obj, form, change):
        # A handle typed here is not one GitHub confirmed.
        if "github_handle" in form.changed_data and not same_github_handle(
            form.initial.get("github_handle") or "", obj.github_handle
        ):
            obj.github_handle_verified = False
        super().save_model(request, obj, form, change)

    def has_change_member_tier_permission(self, request):
        return request.user.has_perm("members.change_member_tier")


admin.site.unregister(Group)


@admin.register(Group)
class MemberGroupAdmin(TranslatedPermissionsMixin, GroupAdmin):
    pass
