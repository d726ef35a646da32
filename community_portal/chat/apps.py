from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    """Chat channels: messages to a station's group and to the reviewers, through an outbox."""

    name = "community_portal.chat"
    label = "chat"
    verbose_name = _("Chat channels")

    # Reviewers set the channels in the admin and see what was posted.
    reviewer_permissions = [
        "chat.add_chatchannel",
        "chat.change_chatchannel",
        "chat.delete_chatchannel",
        "chat.view_chatchannel",
        "chat.view_chatmessage",
        "chat.view_chatdelivery",
    ]
