"""Helpers the apps' demo.py modules share."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def add_translations(row, texts: dict[str, dict[str, str]]) -> None:
    """Give a demo row its texts in other languages (``{"name": {"zh-hans": "..."}}``).

    Only the languages it has no text in yet: a second run changes nothing, and a
    database seeded before the texts had a column per language gets them too.
    """
    from modeltranslation.utils import build_localized_fieldname

    columns = []
    for field, by_language in texts.items():
        for language, text in by_language.items():
            column = build_localized_fieldname(field, language)
            if not getattr(row, column):
                setattr(row, column, text)
                columns.append(column)
    if columns:
        row.save(update_fields=columns)
