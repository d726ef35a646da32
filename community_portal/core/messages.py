"""Messages the portal writes for people: stored untranslated, rendered for each reader.

A text the system writes into the database (a history reason, a log comment, a
notification) is kept as a message id and its parameters (JSON), never as the
words of whoever happened to cause it: the page, the admin, the inbox or the
e-mail translates it into the reader's language when it is shown.

- ``define`` registers a message: a stable id and a lazy translatable template
  with named placeholders (``%(name)s``). ``stored`` gives what a row keeps:
  the id, the parameters and the English text, kept as the fallback.
- ``render_stored`` renders a row's message in the active language; an id the
  registry no longer knows renders the fallback text as it was stored.
- A parameter that needs translating itself (a state name, a field's name) is
  wrapped with ``translatable``; a text of the community's content written in
  each language (a program's title) with ``content``; a list of them with ``translatable_list``
  (joined the way the language writes lists); the items of a digest with
  ``message_lines``.
- ``match_stored`` finds, for an old row that kept only its text, the message
  and parameters that text was written from, in any of the portal's languages:
  the data migrations use it to convert existing rows.

Notification subjects and bodies use gettext's own ids (the English text, marked
with ``gettext_noop``) with the same parameters; ``render_message`` renders them.
Their kinds are listed in ``community_portal.notifications.kinds``.
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from community_portal.core.formatting import render_param

logger = logging.getLogger(__name__)

_TRANSLATE = "__translate__"
_CONTEXT = "__context__"
_LINES = "__lines__"
_LIST = "__list__"
_CONTENT = "__content__"
_MESSAGE = "__message__"


@dataclass(frozen=True)
class Message:
    """A message the system stores: a stable id and its translatable template."""

    id: str
    template: Promise

    def render(self, params: dict | None = None) -> str:
        return fill(str(self.template), params, fallback=None)


_REGISTRY: dict[str, Message] = {}


def define(message_id: str, template: Promise) -> Message:
    """Register a message; ``template`` is marked with ``gettext_lazy``."""
    if message_id in _REGISTRY and _REGISTRY[message_id].template != template:
        raise ValueError(f"The message id {message_id!r} is defined twice.")
    message = Message(message_id, template)
    _REGISTRY[message_id] = message
    return message


def registered() -> dict[str, Message]:
    return dict(_REGISTRY)


@dataclass(frozen=True)
class Stored:
    """What a row keeps of a message: its id, its parameters, and the English text
    as the fallback shown if the id is ever removed from the registry."""

    message_id: str
    params: dict
    text: str


def stored(message: Message, **params) -> Stored:
    with translation.override("en"):
        text = message.render(params)
    return Stored(message.id, params, text)


def render_stored(message_id: str, params: dict | None, fallback: str = "") -> str:
    """The stored message in the active language; the fallback for an unknown id."""
    message = _REGISTRY.get(message_id) if message_id else None
    if message is None:
        return fallback
    return fill(str(message.template), params, fallback=fallback)


# --- Parameters -------------------------------------------------------------------------


def translatable(message_id: str, context: str | None = None) -> dict:
    """Mark a parameter value to be translated at rendering time.

    ``context`` is the message context of a label defined with ``pgettext``.
    """
    if context:
        return {_TRANSLATE: message_id, _CONTEXT: context}
    return {_TRANSLATE: message_id}


def content(instance, field: str):
    """A text of the community's content (a program's title, a station's name) as a
    parameter: when the model keeps it in each language (``title_en``,
    ``title_zh_hans``...), every language's text is stored and the reader's is
    shown, else the default language's; otherwise the text itself."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        value = getattr(instance, f"{field}_{code.replace('-', '_')}", None)
        if value:
            texts[code] = value
    if not texts:
        return getattr(instance, field)
    return {_CONTENT: texts}


def _content_text(texts: dict) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()))


def stored_parameter(message_id: str, params: dict | None, text: str):
    """A row's stored message (or its literal ``text``) as a parameter of another
    message: rendered in the reader's language with it."""
    if not message_id:
        return text
    return {_MESSAGE: {"id": message_id, "params": params or {}, "text": text}}


def translatable_list(message_ids: Iterable[str]) -> dict:
    """Mark a parameter as a list of translatable labels, joined as the reader's
    language writes a list ("title, place" in English, "标题、地点" in Chinese)."""
    return {_LIST: [translatable(message_id) for message_id in message_ids]}


def message_lines(lines: Iterable[tuple[str, dict | None]]) -> dict:
    """Mark a parameter as a list of lines, each ``(message_id, params)``.

    Each line is translated and filled in like a message of its own (its
    parameters may be :func:`translatable` too); the lines are joined with
    newlines.
    """
    return {
        _LINES: [{"message": message_id, "params": params or {}} for message_id, params in lines]
    }


def list_separator() -> str:
    # Translators: between the items of a list, e.g. "title, place".
    return pgettext("list separator", ", ")


def _render_value(value):
    written = render_param(value)  # a date or a moment, in the reader's format
    if written is not None:
        return written
    if isinstance(value, dict):
        if _TRANSLATE in value:
            if value.get(_CONTEXT):
                return pgettext(value[_CONTEXT], value[_TRANSLATE])
            return gettext(value[_TRANSLATE])
        if _CONTENT in value:
            return _content_text(value[_CONTENT])
        if _MESSAGE in value:
            nested = value[_MESSAGE]
            return render_stored(nested["id"], nested["params"], nested["text"])
        if _LIST in value:
            return list_separator().join(str(_render_value(item)) for item in value[_LIST])
        if _LINES in value:
            return "\n".join(
                render_message(line["message"], line["params"]) for line in value[_LINES]
            )
    return value


def fill(text: str, params: dict | None, *, fallback: str | None) -> str:
    """``text`` (translated already) with ``params`` filled in; a translation whose
    placeholders don't match its parameters gives ``fallback`` (or the text)."""
    if not params:
        return text
    values = {name: _render_value(value) for name, value in params.items()}
    try:
        return text % values
    except (KeyError, ValueError, TypeError):
        logger.warning("Could not fill in the message %r", text)
        return fallback if fallback is not None else text


def render_message(message_id: str, params: dict | None = None) -> str:
    """A gettext message id (a notification's subject or body) translated into the
    active language, with ``params`` filled in."""
    if not message_id:
        return ""
    text = gettext(message_id)
    if not params:
        return text
    values = {name: _render_value(value) for name, value in params.items()}
    try:
        return text % values
    except (KeyError, ValueError, TypeError):
        # A translation with a broken placeholder must not hide the message.
        logger.warning("Could not fill in notification text %r", message_id)
        return message_id % values


# --- Old rows ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _pattern(template: str) -> re.Pattern:
    parts, position = [], 0
    for found in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : found.start()]))
        parts.append(f"(?P<{found.group(1)}>.+?)")
        position = found.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)


def match_stored(
    text: str, messages: Iterable[Message], languages: Iterable[str] | None = None
) -> tuple[Message, dict] | None:
    """The message (among ``messages``) and parameters ``text`` was rendered from, in
    any of ``languages`` (default: the portal's), or ``None``: a text typed by a
    person, or one no template matches, stays the literal text it is."""
    text = (text or "").strip()
    if not text:
        return None
    codes = list(languages or [code for code, _name in settings.LANGUAGES])
    for message in messages:
        for code in codes:
            with translation.override(code):
                template = str(message.template)
            found = _pattern(template).fullmatch(text)
            if found:
                return message, found.groupdict()
    return None


def convert_stored_rows(queryset, *, text_field: str, messages: Iterable[Message]) -> int:
    """Give the rows of ``queryset`` that have no message id yet the message their
    text was rendered from (in any language), with its parameters and its English
    words; a text no template matches stays literal. Returns how many were converted.
    For data migrations: ``queryset`` may be of a historical model."""
    messages = list(messages)
    converted = 0
    for pk, text in queryset.filter(message_id="").values_list("pk", text_field).iterator():
        found = match_stored(text, messages)
        if found is None:
            continue
        message, params = found
        row = stored(message, **params)
        queryset.filter(pk=pk).update(
            message_id=row.message_id, message_params=row.params, **{text_field: row.text}
        )
        converted += 1
    return converted


# --- The registry -----------------------------------------------------------------------
# Every message the system writes into a row. Ids are never reused for another
# meaning; a wording changes in the template (and the catalogs), not in the id.

TIER_JOINED = define("members.tier.joined", _("Joined the community."))
STATION_PLACE_ALIASES = define(
    "stations.log.place_aliases", _("Other spellings of the place: %(aliases)s")
)
STATION_EVENT_CHANGED = define("stations.log.event_changed", _("Changed: %(fields)s"))
STATION_REVIVED = define(
    "stations.log.revived", _("Active again: the dormant station planned an event.")
)
STATION_EVENT_SUMMARY = define(
    "stations.log.event_summary", _("Summary saved; photos added: %(photos)s")
)
# Translators: the reason of a points award: the reward rule's name, nothing more.
POINTS_REWARD_RULE = define("submissions.points.reward_rule", _("%(rule)s"))
