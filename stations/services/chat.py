"""The station group's chat channel, which the station's lead sets (and reviewers)."""

from django.db import transaction

from community_portal.chat.enums import Audience
from community_portal.chat.models import ChatChannel
from community_portal.chat.services import chat_channel_save
from stations.models import Station
from stations.services.common import _require_role_manager


def station_chat_channel(*, station: Station) -> ChatChannel | None:
    """The channel of a station's group (the one its lead manages), if any."""
    return (
        ChatChannel.objects.filter(station=station, audience=Audience.STATION)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def station_chat_channel_save(
    *,
    station: Station,
    actor,
    provider: str,
    webhook_url: str,
    secret: str,
    clear_secret: bool,
    language: str,
    is_active: bool,
) -> ChatChannel:
    """Set the group's channel. Blank credentials keep the saved ones; a refused
    address raises ``ChatError`` (a ``DomainError``) beside the field."""
    _require_role_manager(station, actor)
    channel = station_chat_channel(station=station) or ChatChannel(
        station=station, audience=Audience.STATION
    )
    channel.name = channel.name or str(station.name)
    channel.language = language
    channel.is_active = is_active
    return chat_channel_save(
        channel=channel,
        provider=provider,
        webhook_url=webhook_url,
        secret=secret,
        clear_secret=clear_secret,
    )


@transaction.atomic
def station_chat_channel_remove(*, station: Station, actor) -> bool:
    _require_role_manager(station, actor)
    deleted, _rows = ChatChannel.objects.filter(station=station, audience=Audience.STATION).delete()
    return bool(deleted)
