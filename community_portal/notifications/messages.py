"""Notification texts are stored untranslated and rendered in the reader's language.

A service passes an English message id marked with ``gettext_noop`` and its
parameters. A parameter that itself needs translating (a state name, say) is
wrapped with :func:`translatable`, so it can be stored as JSON and translated
when the text is rendered. A list (the items of a digest) is a parameter made
with :func:`message_lines`: each line is a message id with its own parameters,
rendered one per line. The rendering is the one every stored message shares
(``community_portal.core.messages``).
"""

from community_portal.core.messages import (
    message_lines,
    render_message,
    translatable,
    translatable_list,
)

__all__ = ["message_lines", "render_message", "translatable", "translatable_list"]
