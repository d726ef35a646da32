"""Notification texts are stored untranslated and rendered in the reader's language.

A service passes an English message id marked with ``gettext_noop`` and its
parameters. A parameter that itself needs translating (a state name, say) is
wrapped with :func:`translatable`, so it can be stored as JSON and translated
when the text is rendered.
"""

import logging

from django.utils.translation import gettext

logger = logging.getLogger(__name__)

_TRANSLATE = "__translate__"


def translatable(message_id: str) -> dict:
    """Mark a parameter value to be translated at rendering time."""
    return {_TRANSLATE: message_id}


def render_message(message_id: str, params: dict | None = None) -> str:
    """Translate ``message_id`` into the active language and fill in ``params``."""
    if not message_id:
        return ""
    text = gettext(message_id)
    if not params:
        return text
    values = {
        name: gettext(value[_TRANSLATE])
        if isinstance(value, dict) and _TRANSLATE in value
        else value
        for name, value in params.items()
    }
    try:
        return text % values
    except (KeyError, ValueError, TypeError):
        # A translation with a broken placeholder must not hide the message.
        logger.warning("Could not fill in notification text %r", message_id)
        return message_id % values
