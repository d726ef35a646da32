"""Notification texts are stored untranslated and rendered in the reader's language.

A service passes an English message id marked with ``gettext_noop`` and its
parameters. A parameter that itself needs translating (a state name, say) is
wrapped with :func:`translatable`, so it can be stored as JSON and translated
when the text is rendered.
"""

import logging

from django.utils.translation import gettext, pgettext

logger = logging.getLogger(__name__)

_TRANSLATE = "__translate__"
_CONTEXT = "__context__"


def translatable(message_id: str, context: str | None = None) -> dict:
    """Mark a parameter value to be translated at rendering time.

    ``context`` is the message context of a label defined with ``pgettext``.
    """
    if context:
        return {_TRANSLATE: message_id, _CONTEXT: context}
    return {_TRANSLATE: message_id}


def _translate(value: dict) -> str:
    if value.get(_CONTEXT):
        return pgettext(value[_CONTEXT], value[_TRANSLATE])
    return gettext(value[_TRANSLATE])


def render_message(message_id: str, params: dict | None = None) -> str:
    """Translate ``message_id`` into the active language and fill in ``params``."""
    if not message_id:
        return ""
    text = gettext(message_id)
    if not params:
        return text
    values = {
        name: _translate(value) if isinstance(value, dict) and _TRANSLATE in value else value
        for name, value in params.items()
    }
    try:
        return text % values
    except (KeyError, ValueError, TypeError):
        # A translation with a broken placeholder must not hide the message.
        logger.warning("Could not fill in notification text %r", message_id)
        return message_id % values
