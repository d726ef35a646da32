"""The community's own content in each language: the reader's, else the default's."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from community_portal.core.translated import fill_default_language, fill_untranslated_rows
from members.models import Tier, VolunteerGroup
from stations import services
from stations.models import Event, Station
from tests.factories.members import MemberFactory, TierFactory
from tests.factories.programs import ProgramFactory
from tests.factories.stations import EventFactory, StationFactory
from tests.factories.submissions import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(settings):
    """French as a site language (the `french` branch adds it to the settings)."""
    if "fr" not in dict(settings.LANGUAGES):
        settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]


def read(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_reader_in_chinese_sees_the_chinese_texts(client):
    program = ProgramFactory(title="Co-construction", title_zh_hans="社区共建计划")
    campaign = CampaignFactory(title="Co-write the tutorial", title_zh_hans="进阶教程共建")
    station = StationFactory(name="Shanghai", name_zh_hans="上海站")
    event = EventFactory(station=station, title="Meetup", title_zh_hans="上海站聚会")

    pages = {
        program.get_absolute_url(): "社区共建计划",
        campaign.get_absolute_url(): "进阶教程共建",
        reverse("stations:detail", args=[station.slug]): "上海站",
        reverse("stations:event", args=[station.slug, event.pk]): "上海站聚会",
    }

    for url, text in pages.items():
        assert text in read(client, url, "zh-hans"), url
        assert text not in read(client, url, "en"), url


def test_member_reading_in_chinese_sees_their_tier_in_chinese(client):
    TierFactory(level="user", requirements="- Real use", requirements_zh_hans="- 实际使用")
    member = MemberFactory(preferred_language="zh-hans")
    client.force_login(member)

    page = client.get(reverse("members:tier")).content.decode()

    assert "实际使用" in page


def test_reader_in_french_without_french_texts_sees_the_default_language(client, french):
    program = ProgramFactory(title="Co-construction", title_zh_hans="社区共建计划")
    station = StationFactory(name="Shanghai", name_zh_hans="上海站")

    program_page = read(client, program.get_absolute_url(), "fr")
    station_page = read(client, reverse("stations:detail", args=[station.slug]), "fr")

    assert "Co-construction" in program_page
    assert "社区共建计划" not in program_page
    assert "Shanghai" in station_page


def test_missing_translation_falls_back_to_the_default_language():
    station = StationFactory(name="Chengdu", description="Hot pot after every meetup.")
    station.name_zh_hans = "成都站"

    with translation.override("zh-hans"):
        assert (station.name, station.description) == ("成都站", "Hot pot after every meetup.")
    with translation.override("fr"):
        assert station.name == "Chengdu"


def test_text_written_in_chinese_first_is_also_the_default_languages():
    with translation.override("zh-hans"):
        station = StationFactory(name="杭州站")

    with translation.override("en"):
        assert Station.objects.get(pk=station.pk).name == "杭州站"


def test_station_directory_sorts_and_finds_by_the_readers_names(client):
    # In English Alpha comes first; in Chinese 上 (U+4E0A) sorts before 北 (U+5317).
    StationFactory(name="Alpha", name_zh_hans="北京站")
    StationFactory(name="Beta", name_zh_hans="上海站")

    client.cookies["django_language"] = "zh-hans"
    stations = list(client.get(reverse("stations:directory")).context["page"])
    found = list(client.get(reverse("stations:directory"), {"q": "北京"}).context["page"])

    assert [station.name for station in stations] == ["上海站", "北京站"]
    assert [station.name for station in found] == ["北京站"]


@pytest.mark.parametrize("rows", [1, 20])
def test_station_directory_in_chinese_runs_the_same_queries(
    client, django_assert_num_queries, rows
):
    StationFactory.create_batch(rows, name_zh_hans="站")
    client.cookies["django_language"] = "zh-hans"
    client.get(reverse("stations:directory"))  # warms the caches

    with django_assert_num_queries(QUERIES_FOR_THE_DIRECTORY):
        client.get(reverse("stations:directory"), {"kind": "city"})


QUERIES_FOR_THE_DIRECTORY = 3  # the page's keys and count, then its details


def test_admin_has_a_field_per_language_and_saves_them(admin_client):
    tier = TierFactory(level="contributor", requirements="- Contributions")
    url = reverse("admin:members_tier_change", args=[tier.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(
        url,
        {
            "level": "contributor",
            "rank": "2",
            "requirements_en": "- Contributions",
            "requirements_zh_hans": "- 有效贡献",
            "requirements_fr": "- Des contributions",
            "privileges_en": "- Commit code",
            "privileges_zh_hans": "",
            "privileges_fr": "",
            "thresholds-TOTAL_FORMS": "0",
            "thresholds-INITIAL_FORMS": "0",
        },
    )

    for column in ("requirements_en", "requirements_zh_hans", "requirements_fr"):
        assert f'name="{column}"' in page
    assert response.status_code == 302
    tier = Tier.objects.get(pk=tier.pk)
    assert tier.requirements_zh_hans == "- 有效贡献"
    assert tier.requirements_fr == "- Des contributions"
    with translation.override("zh-hans"):
        assert tier.privileges == "- Commit code"


def test_admin_search_finds_a_program_by_its_chinese_title(admin_client):
    ProgramFactory(title="Co-construction", title_zh_hans="社区共建计划")

    response = admin_client.get(reverse("admin:programs_program_changelist"), {"q": "共建"})

    assert [program.title for program in response.context["cl"].result_list] == ["Co-construction"]


def test_deploy_moves_existing_texts_into_the_default_language():
    station = StationFactory(name="Shanghai")
    Station.objects.filter(pk=station.pk).update(name_en=None)
    forward, _ = fill_default_language("stations", {"Station": ("name",)})
    # The models as the migration sees them: plain columns, no per-language rewriting.
    migration_apps = MigrationExecutor(connection).loader.project_state().apps

    forward(migration_apps, None)

    assert Station.objects.values_list("name_en", flat=True).get(pk=station.pk) == "Shanghai"


def test_lead_saving_the_page_in_chinese_does_not_copy_the_english_text():
    lead = MemberFactory()
    station = StationFactory(description="We meet monthly.", lead=lead)

    with translation.override("zh-hans"):
        services.station_update_page(
            station=station,
            actor=lead,
            description="We meet monthly.",  # as the form showed it: the fallback
            join_link="https://chat.example.org",
            website="",
        )

    station.refresh_from_db()
    assert station.join_link == "https://chat.example.org"
    assert not station.description_zh_hans
    station.description_en = "We meet every month."
    with translation.override("zh-hans"):
        assert station.description == "We meet every month."


def test_rows_copied_around_the_models_get_the_default_languages_texts():
    event = EventFactory(title="Meetup")
    Event.objects.filter(pk=event.pk).update(title_en=None)

    fill_untranslated_rows()

    assert Event.objects.values_list("title_en", flat=True).get(pk=event.pk) == "Meetup"


def test_two_groups_without_a_french_name_are_both_saved_from_the_admin(admin_client):
    owner = MemberFactory()
    for name in ("Media group", "Design group"):
        response = admin_client.post(
            reverse("admin:members_volunteergroup_add"),
            {
                "name_en": name,
                "name_zh_hans": "",
                "name_fr": "",
                "slug": name.lower().replace(" ", "-"),
                "owner": owner.pk,
                "description_en": "What we do.",
                "responsibilities_en": "- Help",
                "is_open": "on",
                "position": "0",
            },
        )
        assert response.status_code == 302

    assert list(VolunteerGroup.objects.values_list("name_fr", flat=True)) == [None, None]
