"""The Simplified Chinese catalogs are complete and compiled."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CATALOGS = sorted(
    path
    for path in BASE_DIR.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def test_there_is_a_catalog():
    assert BASE_DIR / "locale/zh_Hans/LC_MESSAGES/django.po" in CATALOGS


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_every_string_is_translated(catalog):
    po = polib.pofile(str(catalog))
    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]

    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_compiled_catalog_matches_the_source(catalog):
    """The committed .mo must be rebuilt whenever the .po changes (make messages)."""
    po = polib.pofile(str(catalog))
    with catalog.with_suffix(".mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)

    for entry in po.translated_entries():
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                n = 1 if index == 0 else 2
                got = (
                    compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    if entry.msgctxt
                    else compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                )
                assert got == text, entry.msgid
        else:
            got = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            )
            assert got == entry.msgstr, entry.msgid


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_placeholders_survive_translation(catalog):
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    po = polib.pofile(str(catalog))
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(placeholder.findall(entry.msgid)) == sorted(
            placeholder.findall(entry.msgstr)
        ), entry.msgid


def test_the_same_text_has_one_translation_across_catalogs():
    """Django looks a message up in the project catalog first, then in each app's
    in INSTALLED_APPS order: an app whose catalog translates the same English text
    differently is silently overridden. Different meanings need a message context."""
    translations = {}
    conflicts = []
    for catalog in CATALOGS:
        for entry in polib.pofile(str(catalog)).translated_entries():
            if entry.msgid_plural:
                continue
            key = (entry.msgctxt, entry.msgid)
            first = translations.setdefault(key, (catalog, entry.msgstr))
            if first[1] != entry.msgstr:
                conflicts.append((entry.msgid, entry.msgctxt, first[1], entry.msgstr))

    assert conflicts == []
