"""Demo stations: Shanghai, Hangzhou and Chengdu (seed 003), a university station,
a pending founding request, past and upcoming events with registrations and a
waiting list. Safe to run again: a station that exists is left alone.
"""

import io
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from community_portal.core.seeding import DemoLogin, add_translations
from members.demo import demo_password, ensure_member
from members.models import User
from stations import demo_texts, services
from stations.enums import EventKind, Region, RegistrationState, StationKind
from stations.models import (
    Event,
    EventSummary,
    FoundingRequest,
    Membership,
    Registration,
    Station,
    name_key,
)

FOUNDED = date(2021, 5, 15)  # seed 003: the three city stations were founded together

# name, kind, city, region, founded, description, core team (lead first, then deputies,
# then committee members), deputies count, plain members
STATIONS = [
    (
        "Shanghai",
        StationKind.CITY,
        "Shanghai",
        Region.EAST,
        FOUNDED,
        "The Shanghai station was founded on 15 May 2021 by active community users and "
        "members living in Shanghai. It is in its start-up phase with **4 core members**.\n\n"
        "We meet every other month: talks from production users, hands-on workshops, and "
        "time to talk.",
        ["chen.jie", "li.na", "wang.lei", "zhao.min"],
        1,
        ["sun.hao", "zhou.yu", "wu.fang"],
    ),
    (
        "Hangzhou",
        StationKind.CITY,
        "Hangzhou",
        Region.EAST,
        FOUNDED,
        "The Hangzhou station was founded on 15 May 2021. It is in its start-up phase with "
        "**5 core members**, and meets by the West Lake and online.",
        ["lin.tao", "xu.jing", "he.qiang", "ma.li", "gao.yan"],
        1,
        ["sun.hao", "zheng.kai"],
    ),
    (
        "Chengdu",
        StationKind.CITY,
        "Chengdu",
        Region.SOUTHWEST,
        FOUNDED,
        "The Chengdu station was founded on 15 May 2021. It is in its start-up phase with "
        "**6 core members**: hot pot after every meetup.",
        ["yang.fan", "huang.wei", "luo.xin", "tang.jun", "feng.lu", "deng.hui"],
        2,
        ["zheng.kai"],
    ),
    (
        "Zhejiang University",
        StationKind.UNIVERSITY,
        "Hangzhou",
        Region.EAST,
        date(2023, 9, 20),
        "The campus station of Zhejiang University: study groups, first contributions and "
        "a workshop every term.",
        ["qian.xiao", "shen.yue"],
        0,
        ["zhou.yu"],
    ),
]

# The 汉字 of each place, so that a founding request for "上海市" finds the Shanghai station.
PLACE_ALIASES = {
    "Shanghai": "上海",
    "Hangzhou": "杭州",
    "Chengdu": "成都",
    "Zhejiang University": "浙江大学, 浙大",
}


def _person(username: str) -> User:
    display = " ".join(part.capitalize() for part in reversed(username.split(".")))
    return ensure_member(
        username=username,
        email=f"{username.replace('.', '-')}@example.org",
        display_name=display,
    )


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _past_event(station, *, title, kind, day, venue, attendees, texts, capacity=40) -> Event:
    """An event that already took place, with its check-ins: written as history."""
    event = Event.objects.create(
        station=station,
        title=title,
        kind=kind,
        starts_at=_at(day, 14),
        ends_at=_at(day, 17),
        venue=venue,
        capacity=capacity,
        description="Talks, demos and a lot of questions. Slides are in the station's group.",
        created_at=_at(day - timedelta(days=20), 10),
    )
    add_translations(event, texts)
    for person in attendees:
        Registration.objects.create(
            event=event,
            member=person,
            state=RegistrationState.ATTENDED,
            created_at=_at(day - timedelta(days=10), 9),
            checked_in_at=_at(day, 14),
        )
    return event


# (rating, what was good, what to improve) of the Shanghai meetup's attendees.
FOLLOW_UP_ANSWERS = [
    (5, "The production stories were concrete and honest.", "A longer Q&A."),
    (4, "Good talks, friendly room.", "The room was too warm."),
    (4, "Meeting other users from Shanghai.", ""),
    (5, "", "Share the slides before the talks."),
]


def _demo_photo() -> ContentFile:
    """A small generated picture: a room with a screen and a few people."""
    image = Image.new("RGB", (480, 270), (232, 238, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 30, 330, 130), fill=(52, 90, 160))
    for n in range(6):
        x = 60 + n * 70
        draw.ellipse((x, 170, x + 36, 206), fill=(220, 160, 110))
        draw.rectangle((x - 6, 206, x + 42, 262), fill=(90, 110, 90))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return ContentFile(output.getvalue(), name="demo-meetup.png")


def _follow_up(event: Event, lead: User) -> None:
    """The past meetup's feedback and summary (seed 001: 活动总结、反馈收集)."""
    if EventSummary.objects.filter(event=event).exists():
        return
    attendees = Registration.objects.filter(
        event=event, state=RegistrationState.ATTENDED
    ).select_related("member")
    for registration, (rating, good, improve) in zip(attendees, FOLLOW_UP_ANSWERS, strict=False):
        if not hasattr(registration, "feedback"):
            services.feedback_submit(
                event=event,
                member=registration.member,
                rating=rating,
                what_was_good=good,
                what_to_improve=improve,
            )
    summary = services.event_summary_save(
        event=event,
        actor=lead,
        text=demo_texts.FOLLOW_UP_SUMMARY["en"],
        slides_url="https://slides.example.org/shanghai-a-year-in-production",
        recording_url="https://video.example.org/shanghai-a-year-in-production",
        photos=[(_demo_photo(), "About thirty people facing a screen during the first talk")],
    )
    add_translations(summary, {"text": {"zh-hans": demo_texts.FOLLOW_UP_SUMMARY["zh-hans"]}})


def _upcoming_event(station, lead, *, title, kind, day, capacity, people, texts, **place):
    event = services.event_create(
        station=station,
        actor=lead,
        title=title,
        kind=kind,
        starts_at=_at(day, 19),
        ends_at=_at(day, 21),
        capacity=capacity,
        description="Two talks and open discussion. Bring your questions and your use cases.",
        **place,
    )
    add_translations(event, texts)
    for person in people:
        services.registration_create(event=event, member=person)
    return event


def _seed_station(spec, today: date, demo_member: User) -> None:
    name, kind, city, region, founded, description, core, deputies, plain = spec
    texts = demo_texts.STATIONS[name]
    if existing := Station.objects.filter(name_key=name_key(name)).first():
        add_translations(existing, texts)
        return
    team = [_person(username) for username in core]
    lead = team[0]
    station = services.station_create(
        name=name,
        kind=kind,
        city=city,
        region=region,
        lead=lead,
        actor=lead,
        founded_on=founded,
        description=description,
        place_aliases=PLACE_ALIASES.get(name, ""),
    )
    add_translations(station, texts)
    name_zh = texts["name"]["zh-hans"]
    since = _at(founded, 10)
    for index, person in enumerate(team[1:]):
        Membership.objects.create(
            station=station,
            member=person,
            role="deputy" if index < deputies else "committee",
            joined_at=since,
            role_since=since,
        )
    members = [_person(username) for username in plain]
    if name == "Shanghai":
        members.insert(0, demo_member)
    for person in members:
        Membership.objects.create(station=station, member=person, joined_at=since)

    everyone = team + members
    _past_event(
        station,
        title=f"{name} meetup: a year in production",
        kind=EventKind.MEETUP,
        day=today - timedelta(days=30),
        venue=f"{city}, community space",
        attendees=everyone[:6],
        texts=demo_texts.past_meetup(name_zh),
    )
    if name == "Shanghai":
        # A small workshop: three seats, two people on the waiting list.
        _upcoming_event(
            station,
            lead,
            title="Hands-on workshop: your first cluster",
            kind=EventKind.WORKSHOP,
            day=today + timedelta(days=21),
            capacity=3,
            venue="Shanghai, Xuhui district, training room 3",
            people=members[:3] + team[2:4],
            texts=demo_texts.WORKSHOP,
        )
    _upcoming_event(
        station,
        lead,
        title=f"{name} meetup: observability in practice",
        kind=EventKind.ONLINE_TALK if kind == StationKind.UNIVERSITY else EventKind.MEETUP,
        day=today + timedelta(days=14),
        capacity=30,
        venue=f"{city}, community space",
        online_url="https://meeting.example.org/stations-live",
        people=everyone[1:5],
        texts=demo_texts.upcoming_meetup(name_zh),
    )


def seed() -> list[DemoLogin] | None:
    today = timezone.localdate()
    demo_member = User.objects.get(username="member")
    for spec in STATIONS:
        _seed_station(spec, today, demo_member)
    # A followed-up past event: feedback, a summary with a photo and links.
    shanghai = Station.objects.filter(name_key=name_key("Shanghai")).first()
    meetup = (
        Event.objects.filter(station=shanghai, title_en="Shanghai meetup: a year in production")
        .order_by("-starts_at")
        .first()
    )
    if meetup is not None:
        _follow_up(meetup, shanghai.memberships.get(role="lead").member)

    # A pending founding request from the demo member, who attended a meetup lately.
    if not FoundingRequest.objects.filter(name_key=name_key("Shenzhen")).exists():
        services.founding_request_create(
            proposer=demo_member,
            kind=StationKind.CITY,
            name="Shenzhen",
            city="Shenzhen",
            region=Region.SOUTH,
            motivation="About twenty users work in Nanshan district; we would meet every month.",
        )
    return [
        DemoLogin(role="lead", email="chen-jie@example.org", password=demo_password("chen.jie")),
    ]
