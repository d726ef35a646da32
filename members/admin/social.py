"""allauth's social-login admin, with the labels allauth leaves in English.

Some of allauth's relations have no verbose_name (``SocialAccount.user``,
``SocialApp.sites``, ``SocialToken.app`` and ``.account``) and one column is titled
with a plain string; Django then shows the field's English name in every language.
Here they take the related model's name, which is translated.
"""

from allauth.socialaccount import admin as allauth_admin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


def _unnamed_relation(model, name):
    """The relation field called ``name``, if its verbose_name is just its name."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a method, or a lookup path
        return None
    if field.is_relation and str(field.verbose_name) == field.name.replace("_", " "):
        return field
    return None


def _related_name(field):
    meta = field.related_model._meta
    return meta.verbose_name_plural if field.many_to_many else meta.verbose_name


def _column(name, title):
    def column(obj):
        return getattr(obj, name)

    column.short_description = title
    column.admin_order_field = name
    column.__name__ = name
    return column


def _column_method(model_admin, name, title):
    method = getattr(model_admin, name)

    def column(obj):
        return method(obj)

    column.short_description = title
    column.__name__ = name
    return column


def _titled_filter(title):
    class TitledFilter(admin.RelatedFieldListFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


class RelationLabelsMixin:
    column_titles: dict = {}  # a method column's name -> its translated title

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = _unnamed_relation(self.model, db_field.name)
        if field is not None:
            kwargs.setdefault("label", capfirst(_related_name(field)))
            if field.many_to_many and field.name in self.filter_horizontal:
                kwargs.setdefault("widget", FilteredSelectMultiple(_related_name(field), False))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_list_display(self, request):
        columns = []
        for name in super().get_list_display(request):
            field = isinstance(name, str) and _unnamed_relation(self.model, name)
            if field:
                name = _column(name, _related_name(field))
            elif name in self.column_titles:
                name = _column_method(self, name, self.column_titles[name])
            columns.append(name)
        return columns

    def get_list_filter(self, request):
        filters = []
        for item in super().get_list_filter(request):
            field = isinstance(item, str) and _unnamed_relation(self.model, item)
            filters.append((item, _titled_filter(_related_name(field))) if field else item)
        return filters


admin.site.unregister(SocialApp)
admin.site.unregister(SocialAccount)
admin.site.unregister(SocialToken)


@admin.register(SocialApp)
class SocialAppAdmin(RelationLabelsMixin, allauth_admin.SocialAppAdmin):
    pass


@admin.register(SocialAccount)
class SocialAccountAdmin(RelationLabelsMixin, allauth_admin.SocialAccountAdmin):
    pass


@admin.register(SocialToken)
class SocialTokenAdmin(RelationLabelsMixin, allauth_admin.SocialTokenAdmin):
    column_titles = {"truncated_token": _("token")}
