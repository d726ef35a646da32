from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk custom robot")
    FEISHU = "feishu", _("Feishu / Lark custom bot")
    SLACK = "slack", _("Slack incoming webhook")
    DISCORD = "discord", _("Discord webhook")


class Audience(models.TextChoices):
    """Who reads a channel, and so which messages it gets."""

    STATION = "station", _("a station's group")
    REVIEWERS = "reviewers", _("the reviewers")
    COMMUNITY = "community", _("the whole community")


class MessageKind(models.TextChoices):
    EVENT_NEW = "event_new", _("new event")
    EVENT_CHANGED = "event_changed", _("event changed or cancelled")
    EVENT_REMINDER = "event_reminder", _("event reminder (24 hours)")
    SEAT_FREED = "seat_freed", _("seat freed")
    REVIEW_DIGEST = "review_digest", _("reviewers' daily digest")
    SUBMISSION_SELECTED = "submission_selected", _("submission selected")
    TEST = "test", _("test message")


# Which audiences hear of each kind (a station's kinds go to that station's channels).
KIND_AUDIENCES = {
    MessageKind.EVENT_NEW: {Audience.STATION},
    MessageKind.EVENT_CHANGED: {Audience.STATION},
    MessageKind.EVENT_REMINDER: {Audience.STATION},
    MessageKind.SEAT_FREED: {Audience.STATION},
    MessageKind.REVIEW_DIGEST: {Audience.REVIEWERS},
    MessageKind.SUBMISSION_SELECTED: {Audience.REVIEWERS, Audience.COMMUNITY},
}


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("not sent (channel switched off)")


class ChatOutcome(models.TextChoices):
    """What one delivery attempt did; the task decides on a retry from it."""

    SENT = "sent"
    SKIPPED = "skipped"
    ALREADY_DONE = "already_done"
    BUSY = "busy"
    # Over the channel's rate limit (ours, or the provider said so): tried later.
    POSTPONED = "postponed"
    FAILED = "failed"
