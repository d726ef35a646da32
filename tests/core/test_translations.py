"""Every catalog of every language in settings.LANGUAGES is complete and compiled.

English is the source language: every msgid is the English text itself, never a
key (``test_msgids_are_english_text_not_keys``), so English needs no catalog. If an
``en`` catalog is ever added (for instance to reword a third-party text), the same
rules apply to it as to the others.
"""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

BASE_DIR = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
SOURCE_LANGUAGE = "en"
PLURAL_RULES = {
    # n -> plural form index, as each language's Plural-Forms header must give it.
    "en": {0: 1, 1: 0, 2: 1, 5: 1},
    "zh-hans": {0: 0, 1: 0, 2: 0, 5: 0},
    "fr": {0: 0, 1: 0, 2: 1, 5: 1},
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")


def catalogs_of(language):
    return sorted(
        path
        for path in BASE_DIR.glob(f"**/locale/{to_locale(language)}/LC_MESSAGES/*.po")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    )


def locale_dirs():
    """Each app's locale directory (and the project's), whatever languages it holds."""
    return sorted(
        {
            path.parents[2]
            for path in BASE_DIR.glob("**/locale/*/LC_MESSAGES/*.po")
            if ".venv" not in path.parts and "node_modules" not in path.parts
        }
    )


CATALOGS = [(language, path) for language in LANGUAGES for path in catalogs_of(language)]


def catalog_id(value):
    if isinstance(value, Path):
        return str(value.relative_to(BASE_DIR))
    return value


def entries(catalog):
    return [entry for entry in polib.pofile(str(catalog)) if not entry.obsolete]


def test_every_other_language_has_a_project_catalog():
    for language in LANGUAGES:
        if language != SOURCE_LANGUAGE:
            domain = BASE_DIR / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"
            assert domain in catalogs_of(language), language


@pytest.mark.parametrize("locale_dir", locale_dirs(), ids=catalog_id)
def test_an_app_with_catalogs_has_one_for_every_language(locale_dir):
    domains = {path.name for path in locale_dir.glob("*/LC_MESSAGES/*.po")}
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        present = {path.name for path in (locale_dir / to_locale(language)).glob("*/*.po")}
        assert present == domains, language


@pytest.mark.parametrize(("language", "catalog"), CATALOGS, ids=catalog_id)
def test_every_string_is_translated(language, catalog):
    po = polib.pofile(str(catalog))
    missing = [entry.msgid for entry in po.untranslated_entries() if not entry.obsolete]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries() if not entry.obsolete]

    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize(("language", "catalog"), CATALOGS, ids=catalog_id)
def test_the_header_names_the_language_and_its_plural_rule(language, catalog):
    po = polib.pofile(str(catalog))
    assert po.metadata["Language"] == to_locale(language)
    with catalog.with_suffix(".mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    assert {n: compiled.plural(n) for n in PLURAL_RULES[language]} == PLURAL_RULES[language]


@pytest.mark.parametrize(("language", "catalog"), CATALOGS, ids=catalog_id)
def test_compiled_catalog_matches_the_source(language, catalog):
    """The committed .mo must be rebuilt whenever the .po changes (make messages)."""
    po_entries = [entry for entry in entries(catalog) if entry.translated()]
    with catalog.with_suffix(".mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    compiled_keys = {
        (entry.msgctxt, entry.msgid) for entry in polib.mofile(str(catalog.with_suffix(".mo")))
    } - {(None, "")}

    assert compiled_keys == {(entry.msgctxt, entry.msgid) for entry in po_entries}
    for entry in po_entries:
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                n = next(n for n, form in PLURAL_RULES[language].items() if form == index)
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


@pytest.mark.parametrize(("language", "catalog"), CATALOGS, ids=catalog_id)
def test_placeholders_survive_translation(language, catalog):
    for entry in entries(catalog):
        if not entry.translated():
            continue
        if not entry.msgid_plural:
            assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
                PLACEHOLDER.findall(entry.msgstr)
            ), entry.msgid
            continue
        # The most general form (plural; the only one in Chinese) keeps every
        # placeholder of the English plural; no form invents one.
        known = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
        forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        assert set(PLACEHOLDER.findall(forms[-1])) == set(
            PLACEHOLDER.findall(entry.msgid_plural)
        ), entry.msgid
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) <= known, entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_same_text_has_one_translation_across_catalogs(language):
    """Django looks a message up in the project catalog first, then in each app's
    in INSTALLED_APPS order: an app whose catalog translates the same English text
    differently is silently overridden. Different meanings need a message context."""
    translations = {}
    conflicts = []
    for catalog in catalogs_of(language):
        for entry in entries(catalog):
            if not entry.translated():
                continue
            key = (catalog.stem, entry.msgctxt, entry.msgid, entry.msgid_plural)
            text = (
                tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
                if entry.msgid_plural
                else entry.msgstr
            )
            first = translations.setdefault(key, (catalog, text))
            if first[1] != text:
                conflicts.append((entry.msgctxt, entry.msgid, first[1], text))

    assert conflicts == []


def test_msgids_are_english_text_not_keys():
    """Why English has no catalog: what the code marks for translation is already
    the English text. A dotted or snake_case key would show as such to English readers."""
    key_like = re.compile(r"^[a-z0-9]+([._][a-z0-9]+)+$")
    keys = [
        (catalog_id(catalog), entry.msgid)
        for _language, catalog in CATALOGS
        for entry in entries(catalog)
        if key_like.match(entry.msgid)
    ]

    assert keys == []


def french_typography_errors(text):
    """Spaces that French typography wants non-breaking, outside HTML tags."""
    prose = re.sub(r"<[^>]*>", "", text)
    return re.findall(r"\S ([:;!?»])|(«) ", prose)


@pytest.mark.parametrize("catalog", catalogs_of("fr"), ids=catalog_id)
def test_french_keeps_its_punctuation_on_the_line(catalog):
    """« guillemets » and the space before : ; ! ? are non-breaking in French, so
    that a line never starts with a colon or a closing guillemet."""
    wrong = [
        entry.msgid
        for entry in entries(catalog)
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if text and french_typography_errors(text)
    ]

    assert wrong == []


def test_french_typography_check_catches_ordinary_spaces():
    assert french_typography_errors("Motif : %(reason)s") == [(":", "")]
    assert french_typography_errors("« %(title)s »") == [("", "«"), ("»", "")]
    assert french_typography_errors("Motif\u00a0: <a href='https://x'>lien</a>") == []
