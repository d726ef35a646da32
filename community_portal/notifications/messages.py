"""Notification texts are stored untranslated and rendered in the reader's language.

A service passes an English message id marked with ``gettext_noop`` and its
parameters. A parameter that itself needs translating (a state name, say) is
wrapped with :func:`translatable`, so it can be stored as JSON and translated
when the text is rendered. A list (the items of a digest) is a parameter made
with :func:`message_lines`: each line is a message id with its own parameters,
rendered one per line.
"""

import logging
from collections.abc import Iterable

from django.utils.translation import gettext, pgettext

from community_portal.core.formatting import render_param

logger = logging.getLogger(__name__)

_TRANSLATE = "__translate__"
_CONTEXT = "__context__"
_LINES = "__lines__"


def translatable(message_id: str, context: str | None = None) -> dict:
    """Mark a parameter value to be translated at rendering time.

    ``context`` is the message context of a label defined with ``pgettext``.
    """
    if context:
        return {_TRANSLATE: message_id, _CONTEXT: context}
    return {_TRANSLATE: message_id}


def message_lines(lines: Iterable[tuple[str, dict | None]]) -> dict:
    """Mark a parameter as a list of lines, each ``(message_id, params)``.

    Each line is translated and filled in like a message of its own (its
    parameters may be :func:`translatable` too); the lines are joined with
    newlines.
    """
    return {
        _LINES: [{"message": message_id, "params": params or {}} for message_id, params in lines]
    }


def _render_value(value):
    written = render_param(value)  # a date or a moment, in the reader's format
    if written is not None:
        return written
    if isinstance(value, dict):
        if _TRANSLATE in value:
            if value.get(_CONTEXT):
                return pgettext(value[_CONTEXT], value[_TRANSLATE])
            return gettext(value[_TRANSLATE])
        if _LINES in value:
            return "\n".join(
                render_message(line["message"], line["params"]) for line in value[_LINES]
            )
    return value


def render_message(message_id: str, params: dict | None = None) -> str:
    """Translate ``message_id`` into the active language and fill in ``params``."""
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
