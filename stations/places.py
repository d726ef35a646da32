"""The place a station stands for, and when two spellings name the same place.

One station per city and one per university: the place of a city station is its
city, that of a university station the university (its name). Spelling rules make
"上海市", "上海", "Shanghai City", "shang hai" and "SHANGHAI" one key for a city;
pinyin and 汉字 are linked by the stations themselves, whose name, place and
``place_aliases`` all spell the one place ("Shanghai" lists "上海").
"""

import re
import unicodedata
from collections.abc import Iterable

from stations.enums import StationKind

# "Shanghai City", "Shanghai Shi", "上海市": the suffix says nothing about which city.
_CITY_SUFFIX = re.compile(r"(?:(?:^|[\s\-_.·]+)(?:city|shi)|市)$")
_TRAILING_PUNCTUATION = re.compile(r"[\W_]+$")
# Commas and semicolons, full-width ones and the 顿号 "、" too.
_ALIAS_SEPARATORS = re.compile("[,;\n\uff0c\u3001\uff1b]+")


def place_key(text: str, *, kind: str) -> str:
    """The form of a place's name used to compare it: "" when nothing is left."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    if kind == StationKind.CITY:
        text = _CITY_SUFFIX.sub("", _TRAILING_PUNCTUATION.sub("", text))
    return "".join(character for character in text if character.isalnum())


def split_aliases(text: str) -> list[str]:
    """The spellings in a comma-separated list (Chinese commas too), without blanks."""
    return [alias.strip() for alias in _ALIAS_SEPARATORS.split(text) if alias.strip()]


def place_of(*, kind: str, name: str, city: str) -> str:
    """The place a station (or a founding request) stands for."""
    return city if kind == StationKind.CITY else name


def place_keys(*, kind: str, name: str, city: str, aliases: str = "") -> set[str]:
    """Every key under which a station of ``kind`` called ``name`` in ``city`` is known.

    A university's city is not its place: Zhejiang University in Hangzhou does not
    take Hangzhou's city station.
    """
    spellings: Iterable[str] = [place_of(kind=kind, name=name, city=city), name]
    keys = {place_key(spelling, kind=kind) for spelling in [*spellings, *split_aliases(aliases)]}
    keys.discard("")
    return keys
