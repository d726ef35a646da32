"""Stations, their memberships, and events (some starting within 24 hours: the event
reminder's burst) with their registrations."""

from datetime import timedelta

from bench.dataset.rows import copy_rows, distinct, first_id
from bench.dataset.vocabulary import CITIES, EVENT_KINDS, REGIONS


def load_stations(rng, count, ref_now) -> list[tuple[int, str]]:
    first = first_id("stations_station")
    stations = [(first + n, f"bench-station-{n + 1:03d}") for n in range(count)]
    copy_rows(
        "stations_station",
        [
            "id",
            "name",
            "name_key",
            "slug",
            "kind",
            "city",
            "region",
            "founded_on",
            "description",
            "banner",
            "join_link",
            "website",
            "state",
            "created_at",
            "updated_at",
        ],
        (
            (
                station_id,
                f"Bench Station {n + 1}",
                f"benchstation{n + 1}",
                slug,
                "city" if n % 3 else "university",
                CITIES[n % len(CITIES)],
                REGIONS[n % len(REGIONS)],
                (ref_now - timedelta(days=rng.uniform(30, 1500))).date(),
                "We meet every month.\n\n- talks\n- workshops",
                "",
                "",
                "",
                "active",
                ref_now - timedelta(days=1500),
                ref_now - timedelta(days=10),
            )
            for n, (station_id, slug) in enumerate(stations)
        ),
    )
    return stations


def load_memberships(rng, count, stations, member_ids, bench_member_id, ref_now) -> None:
    first = first_id("stations_membership")
    sizes = _spread(count, len(stations))
    roles = ["lead", "deputy", "deputy", "committee", "committee", "committee"]

    def rows():
        next_id = first
        for index, (station_id, _slug) in enumerate(stations):
            members = distinct(rng, member_ids, sizes[index])
            if index == 0 and bench_member_id not in members:
                members[-1] = bench_member_id
            for position, member_id in enumerate(members):
                role = roles[position] if position < len(roles) else ""
                joined = ref_now - timedelta(days=rng.uniform(1, 1400))
                yield (next_id, role, joined, joined if role else None, member_id, station_id)
                next_id += 1

    copy_rows(
        "stations_membership",
        ["id", "role", "joined_at", "role_since", "member_id", "station_id"],
        rows(),
    )


def load_events(rng, count, registrations, seats_soon, stations, active, bench_member_id, ref_now):
    """Events (some starting within 24 hours of ref_now, holding ``seats_soon`` seats) and
    their registrations. Returns an upcoming event of the first station."""
    first = first_id("stations_event")
    first_registration = first_id("stations_registration")
    soon = max(1, min(count // 4, -(-seats_soon // 100)))
    soon_sizes = _spread(seats_soon, soon)
    other_sizes = _spread(max(0, registrations - seats_soon), count - soon)
    events = []
    registration_rows = []
    next_registration = first_registration
    shown_event = 0
    for n in range(count):
        event_id = first + n
        station_id = stations[n % len(stations)][0]
        if n < soon:
            starts = ref_now + timedelta(hours=1 + 22 * rng.random())
            size = soon_sizes[n]
            capacity = seats = max(1, size) + 20
        else:
            # Past and coming events, two years back and three months ahead.
            starts = ref_now + timedelta(days=rng.uniform(-730, 90))
            size = other_sizes[n - soon]
            # From four registrations on, the last one waits for a seat.
            seats = size - 1 if size >= 4 else max(1, size)
            capacity = seats
            if not shown_event and station_id == stations[0][0] and starts > ref_now:
                shown_event = event_id
        is_past = starts + timedelta(hours=3) < ref_now
        cancelled = n >= soon and rng.random() < 0.03
        events.append(
            (
                event_id,
                f"{rng.choice(['Spring', 'Summer', 'Autumn', 'Winter'])} meetup {n + 1}",
                EVENT_KINDS[n % 4],
                "Talks and a workshop.\n\n**Bring a laptop.**",
                starts,
                starts + timedelta(hours=3),
                "Community hall, 2nd floor",
                "",
                capacity,
                "cancelled" if cancelled else "scheduled",
                "The venue is closed." if cancelled else "",
                starts - timedelta(days=2) if cancelled else None,
                0,
                starts - timedelta(days=30),
                starts - timedelta(days=30),
                None,
                station_id,
            )
        )
        members = distinct(rng, active, size)
        if n == soon and members and bench_member_id not in members:
            members[0] = bench_member_id
        for position, member_id in enumerate(members):
            created = starts - timedelta(days=rng.uniform(1, 20))
            waitlisted = None
            if position >= seats:
                state, waitlisted = "waitlisted", created
            elif is_past and not cancelled and rng.random() < 0.7:
                state = "attended"
            elif n >= soon and rng.random() < 0.1:
                state = "cancelled"
            else:
                state = "registered"
            checked_in = starts + timedelta(minutes=10) if state == "attended" else None
            registration_rows.append(
                (
                    next_registration,
                    state,
                    created,
                    created,
                    waitlisted,
                    checked_in,
                    None,
                    event_id,
                    member_id,
                )
            )
            next_registration += 1
    _copy_events(rng, events)
    copy_rows(
        "stations_registration",
        [
            "id",
            "state",
            "created_at",
            "updated_at",
            "waitlisted_at",
            "checked_in_at",
            "checked_in_by_id",
            "event_id",
            "member_id",
        ],
        registration_rows,
    )
    return shown_event or first


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal whole numbers."""
    if parts <= 0:
        return []
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def _uuid(rng) -> str:
    import uuid

    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _copy_events(rng, events) -> None:
    copy_rows(
        "stations_event",
        [
            "id",
            "uid",
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "online_url",
            "capacity",
            "state",
            "cancellation_reason",
            "cancelled_at",
            "sequence",
            "created_at",
            "updated_at",
            "created_by_id",
            "station_id",
        ],
        ((event[0], _uuid(rng), *event[1:]) for event in events),
    )
