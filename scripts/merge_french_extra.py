"""Merge French entries written beside the code into the French catalogs.

    .venv/bin/python scripts/merge_french_extra.py [--search DIR]... EXTRA.po...

Takes every entry of the EXTRA files whose (msgctxt, msgid) no French catalog of
this checkout has yet, and adds it to the catalog of the app that owns the text: the
app whose zh_Hans catalog holds the same msgid, in this checkout or in a --search
tree (another branch's worktree), else the project catalog (locale/). French
typography is applied (typographic apostrophes, non-breaking spaces before : and
inside « », narrow ones before ; ! ?), the catalogs are rewrapped as make messages
writes them (msgcat) and compiled (msgfmt). An entry already in a catalog is only
filled in when it is untranslated or fuzzy there (after make messages has moved it
to a new app's catalog, say): review the others by hand. Do not run make messages
before the code that marks these texts is merged: it drops what no source file marks.
"""

import argparse
import re
import subprocess
from pathlib import Path

import polib

BASE = Path(__file__).resolve().parent.parent
NBSP, NNBSP = "\u00a0", "\u202f"
# Tags, placeholders and text between them: typography applies to the text only.
MARKUP = re.compile(r"(<[^>]*>|%\(\w+\)[sdr]|%[sd]|\{\w*\})")


def french_typography(text):
    pieces = MARKUP.split(text)
    for index in range(0, len(pieces), 2):
        piece = pieces[index].replace("'", "\u2019")
        piece = re.sub(r" +:", NBSP + ":", piece)
        piece = re.sub(r" +([;!?])", NNBSP + r"\1", piece)
        piece = re.sub(r"« +", "«" + NBSP, piece)
        pieces[index] = re.sub(r" +»", NBSP + "»", piece)
    return "".join(pieces)


def catalogs(root, language):
    return [
        path
        for path in sorted(root.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]


def locale_dir(catalog, root):
    """'members/locale' for members/locale/fr/LC_MESSAGES/django.po."""
    return catalog.parents[2].relative_to(root)


def key(entry):
    return (entry.msgctxt, entry.msgid)


def owners(roots):
    """(msgctxt, msgid) -> the locale dir whose zh_Hans catalog holds it."""
    found = {}
    for root in roots:
        for catalog in catalogs(root, "zh_Hans"):
            where = locale_dir(catalog, root)
            for entry in polib.pofile(str(catalog)):
                # The first tree that files it under an app wins; the project
                # catalog only when no app holds it.
                if key(entry) not in found or found[key(entry)] == Path("locale"):
                    found[key(entry)] = where
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("extra", nargs="+", type=Path)
    parser.add_argument("--search", action="append", default=[], type=Path)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    french = {locale_dir(path, BASE): polib.pofile(str(path)) for path in catalogs(BASE, "fr")}
    present = {key(entry) for po in french.values() for entry in po}
    unfinished = {
        key(entry): (where, entry)
        for where, po in french.items()
        for entry in po
        if not entry.translated() or "fuzzy" in entry.flags
    }
    owner_of = owners([BASE, *args.search])
    changed = set()
    for extra in args.extra:
        for entry in polib.pofile(str(extra)):
            if entry.obsolete or not entry.msgid:
                continue
            if not (entry.msgstr or any(entry.msgstr_plural.values())):
                continue
            if key(entry) in unfinished:
                where, target = unfinished.pop(key(entry))
                target.msgstr = french_typography(entry.msgstr)
                target.msgstr_plural = (
                    {i: french_typography(entry.msgstr_plural.get(i, "")) for i in range(2)}
                    if entry.msgid_plural
                    else {}
                )
                if "fuzzy" in target.flags:
                    target.flags.remove("fuzzy")
                changed.add(where)
                print(f"{extra.name} -> {where} (filled in): {entry.msgid!r}")
                continue
            if key(entry) in present:
                continue
            where = owner_of.get(key(entry), Path("locale"))
            if where not in french:
                where = Path("locale")
            new = polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural,
                flags=[flag for flag in entry.flags if flag != "fuzzy"],
            )
            if entry.msgid_plural:
                forms = [entry.msgstr_plural.get(index, "") for index in range(2)]
                new.msgstr_plural = {i: french_typography(form) for i, form in enumerate(forms)}
            else:
                new.msgstr = french_typography(entry.msgstr)
            french[where].append(new)
            present.add(key(entry))
            changed.add(where)
            print(f"{extra.name} -> {where}: {entry.msgid!r}")
    if args.dry_run:
        return
    for where in sorted(changed):
        path = BASE / where / "fr" / "LC_MESSAGES" / "django.po"
        french[where].save(str(path))
        subprocess.run(["msgcat", "--no-location", "-o", path, path], check=True)  # noqa: S603, S607
        subprocess.run(  # noqa: S603
            ["msgfmt", "--check", "-o", path.with_suffix(".mo"), path],  # noqa: S607
            check=True,
        )


if __name__ == "__main__":
    main()
