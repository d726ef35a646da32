from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import User


@admin.register(User)
class MemberAdmin(UserAdmin):
    list_display = ["username", "display_name", "email", "is_staff", "is_active", "date_joined"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Portal"), {"fields": ("display_name", "preferred_language")}),
    )
