# ruff: noqa: RUF001 (the Chinese texts use full-width punctuation)
"""Texts the portal writes into rows are stored as message ids and parameters and read
in the reader's language; old rows are converted by the data migrations."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from community_portal.core.messages import (
    STATION_EVENT_CHANGED,
    STATION_PLACE_ALIASES,
    TIER_JOINED,
    content,
    match_stored,
    render_stored,
    stored,
)
from members.models import TierChange
from members.services.tiers import member_place_in_entry_tier
from stations import services as station_services
from stations.enums import LogAction
from stations.models import StationLogEntry
from tests.factories.members import MemberFactory, ReviewerFactory, TierFactory
from tests.factories.stations import EventFactory, StationFactory

pytestmark = pytest.mark.django_db

needs_french = pytest.mark.skipif(
    "fr" not in dict(settings.LANGUAGES), reason="French arrives with the french branch"
)


def read(row, attribute, language):
    with translation.override(language):
        return getattr(row, attribute)


@pytest.fixture
def joined():
    """A member placed at the entry tier while the site spoke Chinese."""
    TierFactory(level="user")
    member = MemberFactory()
    with translation.override("zh-hans"):
        change = member_place_in_entry_tier(member=member)
    return TierChange.objects.get(pk=change.pk)


def test_history_row_is_stored_as_a_message_not_as_the_writers_words(joined):
    assert joined.message_id == TIER_JOINED.id
    assert joined.reason == "Joined the community."


def test_history_row_reads_in_english_and_chinese(joined):
    assert read(joined, "reason_text", "en") == "Joined the community."
    assert read(joined, "reason_text", "zh-hans") == "加入了社区。"


@needs_french
def test_history_row_reads_in_french(joined):
    with translation.override("fr"):
        expected = gettext("Joined the community.")

    assert read(joined, "reason_text", "fr") == expected
    assert expected != "Joined the community."


def test_tier_page_shows_the_history_in_the_members_language(client, joined):
    member = joined.member
    member.preferred_language = "zh-hans"
    member.save(update_fields=["preferred_language"])
    client.force_login(member)

    with translation.override("en"):  # the member's language is switched on for the request only
        page = client.get(reverse("members:tier")).content.decode()

    assert "加入了社区。" in page
    assert "Joined the community." not in page


def test_a_reason_typed_by_a_person_stays_as_typed(db):
    TierFactory(level="user")
    change = TierChange.objects.create(
        member=MemberFactory(), to_tier=TierFactory(level="contributor"), reason="Great work."
    )

    assert read(change, "reason_text", "zh-hans") == "Great work."


def test_an_unknown_message_id_renders_the_stored_text():
    assert render_stored("members.removed_long_ago", {}, "Old words.") == "Old words."


def test_parameters_translated_for_each_reader_are_filled_in():
    event_changed = stored(STATION_EVENT_CHANGED, fields={"__list__": []})
    assert event_changed.text == "Changed: "

    row = stored(STATION_PLACE_ALIASES, aliases="上海, 沪")
    with translation.override("zh-hans"):
        assert render_stored(row.message_id, row.params, row.text) == "地点的其他写法：上海, 沪"


def test_station_log_of_an_event_edit_names_the_fields_in_each_language(db):
    station = StationFactory(lead=MemberFactory())
    lead = station.memberships.get(role="lead").member
    event = EventFactory(station=station)

    station_services.event_update(
        event=event,
        actor=lead,
        title="A new title",
        kind=event.kind,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        capacity=event.capacity + 10,
        venue=event.venue,
    )

    entry = StationLogEntry.objects.get(event=event, action=LogAction.EVENT_CHANGED)
    assert read(entry, "comment_text", "en") == "Changed: title, capacity"
    assert read(entry, "comment_text", "zh-hans") == "修改了：标题、名额"


def test_station_log_of_the_places_spellings_reads_in_each_language(db):
    station = StationFactory(name="Shanghai", city="Shanghai")

    with translation.override("zh-hans"):
        station_services.station_set_place_aliases(
            station=station, actor=ReviewerFactory(), aliases="上海, 沪"
        )

    entry = StationLogEntry.objects.get(station=station, action=LogAction.PAGE_EDITED)
    assert read(entry, "comment_text", "en") == "Other spellings of the place: 上海, 沪"
    assert read(entry, "comment_text", "zh-hans") == "地点的其他写法：上海, 沪"


def test_match_stored_finds_the_message_and_parameters_in_any_language():
    assert match_stored("地点的其他写法：沪", [STATION_PLACE_ALIASES]) == (
        STATION_PLACE_ALIASES,
        {"aliases": "沪"},
    )
    assert match_stored("Other spellings of the place: 沪", [STATION_PLACE_ALIASES]) == (
        STATION_PLACE_ALIASES,
        {"aliases": "沪"},
    )
    assert match_stored("Something a person typed", [STATION_PLACE_ALIASES]) is None


# --- The data migrations ----------------------------------------------------------------


def migration(app, name):
    return importlib.import_module(f"{app}.migrations.{name}")


def old_tier_change(reason, **fields):
    """A row as it was stored before the messages: the words only."""
    return TierChange.objects.create(
        member=MemberFactory(), to_tier=TierFactory(level="user"), reason=reason, **fields
    )


def test_migration_maps_old_english_and_chinese_tier_reasons_to_the_message(db):
    english = old_tier_change("Joined the community.")
    chinese = old_tier_change("加入了社区。")
    typed = old_tier_change("加入了社区。", decided_by=ReviewerFactory())
    other = old_tier_change("Demo data: placed at this tier.")

    migration("members", "0009_stored_messages_from_old_texts").tier_reasons_to_messages(apps, None)

    for row in (english, chinese):
        row.refresh_from_db()
        assert (row.message_id, row.reason) == (TIER_JOINED.id, "Joined the community.")
        assert read(row, "reason_text", "zh-hans") == "加入了社区。"
    for row in (typed, other):
        row.refresh_from_db()
        assert row.message_id == ""
    assert read(typed, "reason_text", "en") == "加入了社区。"
    assert read(other, "reason_text", "zh-hans") == "Demo data: placed at this tier."


def test_migration_maps_old_station_log_comments_to_messages(db):
    station = StationFactory()
    event = EventFactory(station=station)

    def old_entry(action, comment, **fields):
        return StationLogEntry.objects.create(
            action=action, station=station, comment=comment, **fields
        )

    aliases_in_chinese = old_entry(LogAction.PAGE_EDITED, "地点的其他写法：上海, 沪")
    event_fields = old_entry(LogAction.EVENT_CHANGED, "title, starts_at", event=event)
    typed = old_entry(LogAction.EVENT_CHANGED, "Moved to the big room", event=event)

    migration("stations", "0007_stored_messages_from_old_texts").log_comments_to_messages(
        apps, None
    )

    for row in (aliases_in_chinese, event_fields, typed):
        row.refresh_from_db()
    assert aliases_in_chinese.message_id == STATION_PLACE_ALIASES.id
    assert aliases_in_chinese.comment == "Other spellings of the place: 上海, 沪"
    assert event_fields.message_id == STATION_EVENT_CHANGED.id
    assert read(event_fields, "comment_text", "en") == "Changed: title, starts"
    assert read(event_fields, "comment_text", "zh-hans") == "修改了：标题、开始时间"
    assert typed.message_id == ""
    assert read(typed, "comment_text", "zh-hans") == "Moved to the big room"


# --- Content written in each language, as a parameter -----------------------------------


def test_content_kept_in_each_language_is_shown_in_the_readers():
    program = SimpleNamespace(
        title="共建计划", title_en="Co-construction", title_zh_hans="共建计划"
    )
    row = stored(STATION_PLACE_ALIASES, aliases=content(program, "title"))

    with translation.override("en"):
        assert (
            render_stored(row.message_id, row.params)
            == "Other spellings of the place: Co-construction"
        )
    with translation.override("zh-hans"):
        assert render_stored(row.message_id, row.params) == "地点的其他写法：共建计划"


def test_content_missing_in_the_readers_language_falls_back_to_the_default_one():
    station = SimpleNamespace(name="Shanghai", name_en="Shanghai", name_zh_hans="")
    row = stored(STATION_PLACE_ALIASES, aliases=content(station, "name"))

    with translation.override("zh-hans"):
        assert render_stored(row.message_id, row.params) == "地点的其他写法：Shanghai"


def test_content_of_a_model_with_one_language_is_its_text():
    assert content(SimpleNamespace(name="Shanghai"), "name") == "Shanghai"
