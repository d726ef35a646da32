"""Writing chat messages and channels.

``chat_post`` stores a message and one delivery per channel that should hear of it,
inside the caller's transaction, and queues the deliveries for after the commit: a
rolled-back change posts nothing, a committed one is posted even when the broker
was down at commit (the sweep finds it). This module is the only place that hands
chat deliveries to the task queue.
"""

import logging
from collections.abc import Iterable, Sequence
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.chat.enums import KIND_AUDIENCES, Audience, MessageKind, Provider
from community_portal.chat.models import ChatChannel, ChatDelivery, ChatMessage
from community_portal.core.workflow import DomainError

logger = logging.getLogger(__name__)

# The hosts each provider's webhooks live on; a URL elsewhere is refused, so that a
# channel cannot make the portal post to an address of its own network.
PROVIDER_HOSTS = {
    Provider.WECOM: {"qyapi.weixin.qq.com"},
    Provider.DINGTALK: {"oapi.dingtalk.com"},
    Provider.FEISHU: {"open.feishu.cn", "open.larksuite.com"},
    Provider.SLACK: {"hooks.slack.com"},
    Provider.DISCORD: {"discord.com", "discordapp.com", "canary.discord.com", "ptb.discord.com"},
}

TEST_TITLE = gettext_noop("Test message from %(community)s")
TEST_BODY = gettext_noop("If you can read this, the channel “%(channel)s” works.")


class ChatError(DomainError):
    """A chat channel change that is not allowed; the message is shown to the user."""


def check_webhook_url(provider: str, url: str) -> None:
    """Refuse a webhook URL that is not the provider's (HTTPS, on its host)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    extra = {h.lower() for h in getattr(settings, "CHAT_WEBHOOK_EXTRA_HOSTS", [])}
    if host in extra:
        return
    if parts.scheme != "https" or host not in PROVIDER_HOSTS.get(provider, set()):
        raise ChatError(
            _("This is not a webhook address of %(provider)s (expected https://%(host)s/…).")
            % {
                "provider": Provider(provider).label,
                "host": sorted(PROVIDER_HOSTS.get(provider, {"…"}))[0],
            },
            field="webhook_url",
        )


# --- Channels -----------------------------------------------------------------------


@transaction.atomic
def chat_channel_save(
    *,
    channel: ChatChannel,
    provider: str,
    webhook_url: str = "",
    secret: str = "",
    clear_secret: bool = False,
) -> ChatChannel:
    """Save a channel. A blank ``webhook_url`` or ``secret`` keeps the stored one (the
    forms never show them); ``clear_secret`` removes the secret."""
    webhook_url = webhook_url.strip()
    if webhook_url:
        channel.webhook_url = webhook_url
    elif not channel.webhook_url:
        raise ChatError(_("Give the channel's webhook address."), field="webhook_url")
    elif provider != channel.provider and channel.pk:
        # The stored address is the old provider's: a new one goes with the change.
        stored = ChatChannel.objects.filter(pk=channel.pk).values_list("provider", flat=True)
        if stored and stored[0] != provider:
            raise ChatError(
                _("Give the webhook address again when you change the provider."),
                field="webhook_url",
            )
    channel.provider = provider
    check_webhook_url(provider, channel.webhook_url)
    if clear_secret:
        channel.secret = ""
    elif secret.strip():
        channel.secret = secret.strip()
    if channel.audience != Audience.STATION:
        channel.station = None
    channel.save()
    return channel


@transaction.atomic
def chat_channel_send_test(*, channel: ChatChannel) -> ChatDelivery:
    """Queue a test message to this one channel (even when it is switched off)."""
    message = ChatMessage.objects.create(
        kind=MessageKind.TEST,
        title=TEST_TITLE,
        body=TEST_BODY,
        params={"community": settings.COMMUNITY_NAME, "channel": channel.name},
        url="/",
    )
    delivery = ChatDelivery.objects.create(message=message, channel=channel)
    deliver_after_commit([delivery.pk])
    return delivery


# --- Messages -----------------------------------------------------------------------


def _channels_for(kind: str, station) -> list[int]:
    audiences = KIND_AUDIENCES[kind]
    wanted = Q(audience__in=[a for a in audiences if a != Audience.STATION])
    if Audience.STATION in audiences and station is not None:
        wanted |= Q(audience=Audience.STATION, station=station)
    return list(ChatChannel.objects.active().filter(wanted).values_list("pk", flat=True))


def stations_with_chat(station_ids: Iterable[int]) -> set[int]:
    """Which of these stations have an active group channel: one query, so a reminder
    over many events posts (and queries) only for the stations that will read it."""
    return set(
        ChatChannel.objects.active()
        .filter(audience=Audience.STATION, station_id__in=list(station_ids))
        .values_list("station_id", flat=True)
    )


def chat_post(
    *,
    kind: str,
    title: str,
    body: str = "",
    params: dict | None = None,
    url: str = "",
    station=None,
    key: str | None = None,
) -> ChatMessage | None:
    """Store a message for the active channels that hear of ``kind`` (the station's
    own for station kinds) and post it to each after the transaction commits.

    ``title`` and ``body`` are English message ids marked with ``gettext_noop``,
    rendered in each channel's language when sent; ``params`` must hold nothing
    personal for a station's group. With a ``key``, a second message for the same
    occasion is not created (``None`` is returned), nor is one nobody would read.
    """
    channel_ids = _channels_for(kind, station)
    if not channel_ids:
        return None
    message = ChatMessage(
        kind=kind,
        key=key,
        station=station,
        title=title,
        body=body,
        params=params or {},
        url=url,
    )
    if key is None:
        message.save()
    else:
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            if ChatMessage.objects.filter(key=key).exists():
                return None
            raise
    deliveries = ChatDelivery.objects.bulk_create(
        [ChatDelivery(message=message, channel_id=pk) for pk in channel_ids]
    )
    deliver_after_commit([delivery.pk for delivery in deliveries])
    return message


def deliver_after_commit(ids: Sequence[int]) -> None:
    if ids:
        transaction.on_commit(partial(enqueue_chat_delivery, list(ids)), robust=True)


def enqueue_chat_delivery(ids: Iterable[int], *, countdown: float | None = None) -> bool:
    """Hand deliveries to Celery; whether the broker took them. A broker that is down
    loses nothing: the deliveries stay pending and the sweep queues them again."""
    from community_portal.chat import tasks

    ids = list(ids)
    if not ids:
        return True
    try:
        tasks.deliver_chat.apply_async(args=[ids], countdown=countdown)
    except Exception:
        logger.warning(
            "Could not queue %d chat deliveries; the sweep will retry.", len(ids), exc_info=True
        )
        return False
    return True
