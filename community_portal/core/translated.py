"""Helpers for the content written in each language (django-modeltranslation).

Every registered field ``title`` has a column per language (``title_en``,
``title_zh_hans``, ``title_fr``); ``obj.title`` reads the active language's column
and falls back to the default language's. These helpers cover what the library
leaves to us: filling the default language's column on deploy, sorting by the
text a reader sees, and searching every language in the admin.
"""

from django import forms
from django.conf import settings
from django.db import connections
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_translation_fields
from modeltranslation.utils import get_language as content_language

__all__ = [
    "any_language",
    "content_language",
    "default_language",
    "fill_default_language",
    "fill_untranslated_rows",
    "localized",
    "search_fields",
    "set_texts",
    "texts_form",
    "translation_fields",
    "with_language_columns",
]


def default_language() -> str:
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def localized(field: str, language: str | None = None):
    """The expression of what readers in ``language`` (the active one) see of ``field``.

    Their column when it has a text, else the default language's: the same fallback
    as ``obj.field``, so a list sorted by it reads in order.
    """
    language = content_language() if language is None else language
    default = build_localized_fieldname(field, default_language())
    if language == default_language():
        return F(default)
    own = build_localized_fieldname(field, language)
    text = TextField()
    return Coalesce(NullIf(F(own), Value(""), output_field=text), F(default), output_field=text)


def translation_fields(*fields: str) -> tuple[str, ...]:
    """The per-language columns of registered fields: title_en, title_zh_hans, ..."""
    return tuple(get_translation_fields(*fields))


def search_fields(*fields: str) -> list[str]:
    """Admin ``search_fields`` matching a registered field in every language."""
    return list(translation_fields(*fields))


def any_language(lookup: str, value) -> Q:
    """``lookup`` (e.g. ``name__icontains``) matched in any language's column."""
    field, _, operator = lookup.partition("__")
    suffix = f"__{operator}" if operator else ""
    condition = Q()
    for column in translation_fields(field):
        condition |= Q(**{f"{column}{suffix}": value})
    return condition


def with_language_columns(model, names) -> list[str]:
    """``update_fields`` for ``save()``: a registered field set through ``obj.title``
    is stored in the active language's column, which must be saved with it."""
    registered = translator.get_options_for_model(model).all_fields
    columns = set(names)
    for name in names:
        if name in registered:
            columns.add(build_localized_fieldname(name, content_language()))
    return sorted(columns)


def texts_form(model, columns) -> type[forms.Form]:
    """A form with one field per column (``name_zh_hans``, ...), e.g. an admin action's
    page for a row the admin otherwise only shows. The default language's text is
    required where the field itself is."""
    fields = {}
    for column in columns:
        field = model._meta.get_field(column)
        form_field = field.formfield()
        original = field.translated_field
        if column == build_localized_fieldname(original.name, default_language()):
            form_field.required = not original.blank
        fields[column] = form_field
    return type(f"{model.__name__}TextsForm", (forms.Form,), fields)


def set_texts(row, texts: dict, columns) -> list[str]:
    """Set the per-language ``texts`` of ``row`` (only ``columns``); the changed columns."""
    unknown = set(texts) - set(columns)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    changed = []
    for column, text in texts.items():
        text = (text or "").strip()
        if (getattr(row, column) or "") != text:
            setattr(row, column, text)
            changed.append(column)
    return changed


def fill_untranslated_rows(using: str = "default") -> None:
    """Rows written around the models (COPY, raw SQL) have their texts in the plain
    columns only: make them the default language's, where it has none."""
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in translator.get_registered_models(abstract=False):
            table = quote(model._meta.db_table)
            for name in translator.get_options_for_model(model).fields:
                column = model._meta.get_field(name).column
                own = quote(build_localized_fieldname(column, default_language()))
                # Names from the model registry, not from any input.
                cursor.execute(
                    f"UPDATE {table} SET {own} = {quote(column)} WHERE {own} IS NULL"  # noqa: S608
                )


def fill_default_language(app_label: str, fields: dict[str, tuple[str, ...]]):
    """A migration's forward and backward functions for newly translated fields.

    Forward: every row's existing text goes into the default language's column (what
    modeltranslation's ``update_translation_fields`` command does, run on deploy).
    Backward: the default language's text, edited since, goes back to the plain column.
    """

    def forward(apps, schema_editor):
        for model_name, names in fields.items():
            rows = apps.get_model(app_label, model_name)._base_manager
            for name in names:
                column = build_localized_fieldname(name, default_language())
                rows.filter(Q(**{f"{column}__isnull": True}) | Q(**{column: ""})).update(
                    **{column: F(name)}
                )

    def backward(apps, schema_editor):
        for model_name, names in fields.items():
            rows = apps.get_model(app_label, model_name)._base_manager
            for name in names:
                column = build_localized_fieldname(name, default_language())
                rows.exclude(Q(**{f"{column}__isnull": True}) | Q(**{column: ""})).update(
                    **{name: F(column)}
                )

    return forward, backward
