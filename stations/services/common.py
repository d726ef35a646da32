"""What every stations service shares: the domain error, history entries, checks, links."""

from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community_portal.core.messages import Stored, translatable_list
from community_portal.core.workflow import DomainError
from members.models import User
from stations import selectors
from stations.enums import (
    StationRole,
    check_transition,
)
from stations.models import (
    Event,
    Station,
    StationLogEntry,
)


class StationError(DomainError):
    """A stations change that is not allowed; the message is shown to the user."""


class StationPermissionDenied(StationError):
    """The acting member may not manage this station."""


# --- Shared helpers ---------------------------------------------------------------------


def _log(*, action: str, actor, message: Stored | None = None, **fields) -> StationLogEntry:
    """Record a history row; a comment the portal writes itself is a stored ``message``."""
    if message is not None:
        fields.update(
            comment=message.text, message_id=message.message_id, message_params=message.params
        )
    return StationLogEntry.objects.create(action=action, actor=actor, **fields)


def field_labels(model, names) -> dict:
    """The labels of ``model``'s fields ``names``, to translate for each reader."""
    with translation.override(None):
        return translatable_list(str(model._meta.get_field(name).verbose_name) for name in names)


def _refused_move(row, source: str) -> str:
    """What a refused move says: the page was drawn before someone else's change."""
    return _("This change is not possible any more; reload the page.")


def _require_transition(table, current: str, target: str) -> None:
    if not check_transition(table, current, target):
        raise StationError(_("This change is not possible any more; reload the page."))


def _require_manager(station: Station, actor) -> None:
    if not selectors.can_manage_station(station=station, member=actor):
        raise StationPermissionDenied(_("Only this station's lead and deputies can do that."))


def _require_role_manager(station: Station, actor) -> None:
    if not selectors.can_manage_roles(station=station, member=actor):
        raise StationPermissionDenied(_("Only this station's lead can change its roles."))


def _station_url(station: Station) -> str:
    return reverse("stations:detail", args=[station.slug])


def _event_url(event: Event) -> str:
    return reverse("stations:event", args=[event.station.slug, event.pk])


def _managers(station: Station):
    return User.objects.filter(
        is_active=True,
        station_memberships__station=station,
        station_memberships__role__in=[StationRole.LEAD, StationRole.DEPUTY],
    )


# Addresses the stations URLs use for pages of their own.
RESERVED_SLUGS = {"found"}


def _unique_slug(name: str, city: str) -> str:
    base = slugify(name) or slugify(city) or "station"
    slug, n = base[:100], 2
    while slug in RESERVED_SLUGS or Station.objects.filter(slug=slug).exists():
        slug = f"{base[:100]}-{n}"
        n += 1
    return slug
