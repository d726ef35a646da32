"""A station itself: creating it, its page and its state."""

from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from community_portal.core.messages import STATION_EVENT_CHANGED, STATION_PLACE_ALIASES, stored
from community_portal.core.translated import (
    default_language,
    set_texts,
    translation_fields,
    with_language_columns,
)
from stations import selectors
from stations.enums import (
    STATION_TRANSITIONS,
    LogAction,
    StationRole,
    StationState,
)
from stations.models import (
    Membership,
    Station,
    name_key,
)
from stations.places import place_of, split_aliases
from stations.services.common import (
    StationError,
    StationPermissionDenied,
    _log,
    _require_manager,
    _require_transition,
    _unique_slug,
    field_labels,
)
from titles.enums import ServiceRole
from titles.services import service_term_start

# --- Stations ---------------------------------------------------------------------------


@transaction.atomic
def station_create(
    *,
    name: str,
    kind: str,
    city: str,
    region: str,
    lead,
    actor,
    founded_on: date | None = None,
    description: str = "",
    place_aliases: str = "",
) -> Station:
    """A new active station with ``lead`` as its lead (founding approval, demo data)."""
    name = name.strip()
    check_no_station_for_place(kind=kind, name=name, city=city)
    try:
        with transaction.atomic():
            station = Station.objects.create(
                name=name,
                name_key=name_key(name),
                slug=_unique_slug(name, city),
                kind=kind,
                city=city.strip(),
                region=region,
                founded_on=founded_on or timezone.localdate(),
                description=description,
                place_aliases=", ".join(split_aliases(place_aliases)),
                state=StationState.ACTIVE,
            )
    except IntegrityError as error:
        raise StationError(
            _("There is already a station for %(name)s.") % {"name": name}
        ) from error
    # A station recorded with an earlier founding date has had its lead since then.
    since = timezone.now()
    if station.founded_on < timezone.localdate(since):
        since = timezone.make_aware(datetime.combine(station.founded_on, time.min))
    Membership.objects.create(
        station=station, member=lead, role=StationRole.LEAD, joined_at=since, role_since=since
    )
    service_term_start(
        holder=lead,
        role=ServiceRole.STATION_LEAD,
        station=station,
        started_on=timezone.localdate(since),
    )
    _log(
        action=LogAction.STATION_CREATED,
        actor=actor,
        station=station,
        member=lead,
        to_state=station.state,
    )
    return station


def check_no_station_for_place(*, kind: str, name: str, city: str) -> None:
    """Raise StationError when a station has the name, or stands for the place (the city
    of a city station, the university of a university station), however spelled."""
    if selectors.station_exists_for_name(name=name):
        raise StationError(_("There is already a station for %(name)s.") % {"name": name})
    if station := selectors.station_for_place(kind=kind, name=name, city=city):
        raise StationError(
            _("%(place)s already has a station: %(station)s. Join it, or ask its lead how to help.")
            % {"place": place_of(kind=kind, name=name, city=city) or name, "station": station.name}
        )


# Every language's name but the default one's: that is the founding name, which the
# same-place rules read (name_key); and the description in every language.
STATION_TEXTS = tuple(
    column
    for column in translation_fields("name", "description")
    if column != build_localized_fieldname("name", default_language())
)


@transaction.atomic
def station_set_texts(*, station: Station, actor, texts: dict) -> Station:
    """Write the station's name and description in each language (from the admin)."""
    _require_manager(station, actor)
    station = Station.objects.select_for_update().get(pk=station.pk)
    changed = set_texts(station, texts, STATION_TEXTS)
    if changed:
        station.save(update_fields=[*changed, "updated_at"])
        _log(
            action=LogAction.PAGE_EDITED,
            actor=actor,
            station=station,
            message=stored(STATION_EVENT_CHANGED, fields=field_labels(Station, changed)),
        )
    return station


@transaction.atomic
def station_update_page(
    *,
    station: Station,
    actor,
    description: str,
    join_link: str,
    website: str,
    banner=None,
) -> Station:
    """Edit the station's text and links; ``banner`` is a new (re-encoded) image,
    ``False`` to remove the current one, or ``None`` to keep it.

    The description is the editor's language's. Left as the form showed it (perhaps
    the default language's text, when theirs has none), it is not copied into
    their language, where it would no longer follow the original's edits.
    """
    _require_manager(station, actor)
    station = Station.objects.select_for_update().get(pk=station.pk)
    station.join_link = join_link
    station.website = website
    fields = ["join_link", "website", "updated_at"]
    if description != station.description:
        station.description = description
        fields.append("description")
    if banner is False:
        station.banner = ""
        fields.append("banner")
    elif banner is not None:
        station.banner.save(banner.name, banner, save=False)
        fields.append("banner")
    station.save(update_fields=with_language_columns(Station, fields))
    _log(action=LogAction.PAGE_EDITED, actor=actor, station=station)
    return station


@transaction.atomic
def station_set_state(*, station: Station, actor, state: str, comment: str = "") -> Station:
    """Reviewers mark a station dormant or active again (from the admin)."""
    if not actor.is_reviewer:
        raise StationPermissionDenied(_("Only reviewers can change a station's state."))
    station = Station.objects.select_for_update().get(pk=station.pk)
    _require_transition(STATION_TRANSITIONS, station.state, state)
    previous = station.state
    station.state = state
    station.save(update_fields=["state", "updated_at"])
    _log(
        action=LogAction.STATION_STATE_CHANGED,
        actor=actor,
        station=station,
        from_state=previous,
        to_state=state,
        comment=comment,
    )
    return station


@transaction.atomic
def station_set_place_aliases(*, station: Station, actor, aliases: str) -> Station:
    """Reviewers list the other spellings of a station's place (from the admin), e.g. "上海"
    for Shanghai; no station can then be founded for any of them."""
    if not actor.is_reviewer:
        raise StationPermissionDenied(_("Only reviewers can change a station's place."))
    station = Station.objects.select_for_update().get(pk=station.pk)
    spellings = split_aliases(aliases)
    for spelling in spellings:
        other = selectors.station_for_place(
            kind=station.kind, name=spelling, city=spelling, excluding=station
        )
        if other is not None:
            raise StationError(
                _("%(place)s already has a station: %(station)s.")
                % {"place": spelling, "station": other.name}
            )
    station.place_aliases = ", ".join(spellings)
    station.save(update_fields=["place_aliases", "updated_at"])
    _log(
        action=LogAction.PAGE_EDITED,
        actor=actor,
        station=station,
        message=stored(STATION_PLACE_ALIASES, aliases=station.place_aliases or "—"),
    )
    return station
