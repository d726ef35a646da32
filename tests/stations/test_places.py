"""One station per city or university, whatever the spelling of the place."""

import pytest
from django.urls import reverse

from stations import selectors, services
from stations.enums import Region, StationKind
from stations.models import FoundingRequest, StationLogEntry
from stations.places import place_key, place_keys, split_aliases
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import FoundingRequestFactory, StationFactory

CITY, UNIVERSITY = StationKind.CITY, StationKind.UNIVERSITY


@pytest.mark.parametrize(
    "spelling",
    [
        "Shanghai",
        "shanghai",
        "SHANG HAI",
        " Shanghai City ",
        "Shanghai-Shi",
        "\uff33\uff48\uff41\uff4e\uff47\uff48\uff41\uff49",  # full-width letters
    ],
)
def test_place_key_city_spellings_are_one_key(spelling):
    assert place_key(spelling, kind=CITY) == "shanghai"


@pytest.mark.parametrize("spelling", ["上海市", "上海", " 上 海 市 ", "上海市。"])
def test_place_key_city_suffix_in_chinese_is_dropped(spelling):
    assert place_key(spelling, kind=CITY) == "上海"


def test_place_key_keeps_city_inside_a_name():
    assert place_key("Cityville", kind=CITY) == "cityville"
    assert place_key("Shishi", kind=CITY) == "shishi"


def test_place_key_university_keeps_its_words():
    assert place_key("Zhejiang  University", kind=UNIVERSITY) == "zhejianguniversity"
    assert place_key("City University", kind=UNIVERSITY) == "cityuniversity"


def test_place_key_of_punctuation_only_is_empty():
    assert place_key(" - 。 ", kind=CITY) == ""


def test_split_aliases_reads_chinese_commas_too():
    assert split_aliases("上海\uff0c 上海市、Shang-hai;  ,") == ["上海", "上海市", "Shang-hai"]


def test_place_keys_of_a_city_station_are_its_city_name_and_aliases():
    keys = place_keys(kind=CITY, name="Shanghai", city="Shanghai", aliases="上海, 沪")

    assert keys == {"shanghai", "上海", "沪"}


def test_place_keys_of_a_university_ignore_its_city():
    assert place_keys(kind=UNIVERSITY, name="Fudan University", city="Shanghai") == {
        "fudanuniversity"
    }


# --- The rule, in the services and the form ----------------------------------------------


@pytest.fixture
def proposer(db, active_measure):
    member = MemberFactory()
    active_measure.add(member.pk)
    return member


def propose(proposer, *, name, city, kind=CITY):
    return services.founding_request_create(
        proposer=proposer,
        kind=kind,
        name=name,
        city=city,
        region=Region.EAST,
        motivation="We meet already.",
    )


@pytest.mark.parametrize("city", ["Shanghai", "上海", "上海市", "Shanghai City", "shang hai"])
def test_founding_in_a_city_with_a_station_is_refused_naming_it(proposer, city):
    StationFactory(name="Shanghai", city="Shanghai", place_aliases="上海")

    with pytest.raises(services.StationError) as refused:
        propose(proposer, name="Pudong", city=city)

    assert str(refused.value) == (
        f"{city} already has a station: Shanghai. Join it, or ask its lead how to help."
    )
    assert FoundingRequest.objects.count() == 0


def test_founding_by_the_chinese_name_of_a_city_station_is_refused(proposer):
    StationFactory(name="Shanghai", city="Shanghai", place_aliases="上海")

    with pytest.raises(services.StationError, match="already has a station: Shanghai"):
        propose(proposer, name="上海", city="上海市")


def test_founding_in_an_unlisted_spelling_is_accepted(proposer):
    # No station says that 上海 is Shanghai: the spellings cannot be linked.
    StationFactory(name="Shanghai", city="Shanghai")

    assert propose(proposer, name="上海", city="上海").city == "上海"


def test_founding_a_university_station_in_a_city_with_a_station_is_accepted(proposer):
    StationFactory(name="Shanghai", city="Shanghai")

    founding = propose(proposer, name="Fudan University", city="Shanghai", kind=UNIVERSITY)

    assert founding.kind == UNIVERSITY


def test_founding_a_university_by_its_other_name_is_refused(proposer):
    StationFactory(
        name="Peking University", kind=UNIVERSITY, city="Beijing", place_aliases="北京大学, 北大"
    )

    with pytest.raises(services.StationError) as refused:
        propose(proposer, name="北京大学", city="北京", kind=UNIVERSITY)

    assert str(refused.value).startswith("北京大学 already has a station: Peking University.")


def test_founding_while_a_request_for_the_city_waits_is_refused(proposer):
    FoundingRequestFactory(name="Shenzhen", city="Shenzhen", kind=CITY)

    with pytest.raises(services.StationError, match="for Shen zhen Shi; it is being reviewed"):
        propose(proposer, name="Nanshan", city="Shen zhen Shi")


def test_station_create_refuses_a_second_station_for_the_place(db):
    StationFactory(name="Shanghai", city="Shanghai", place_aliases="上海")

    with pytest.raises(services.StationError, match="already has a station: Shanghai"):
        services.station_create(
            name="Pudong",
            kind=CITY,
            city="上海市",
            region=Region.EAST,
            lead=MemberFactory(),
            actor=MemberFactory(),
        )


def test_founding_form_puts_the_existing_station_beside_the_city(member_client, active_measure):
    StationFactory(name="Shanghai", city="Shanghai", place_aliases="上海")

    response = member_client.post(
        reverse("stations:found"),
        {
            "kind": "city",
            "name": "Pudong",
            "city": "上海市",
            "region": "east",
            "motivation": "We are many.",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["city"] == [
        "上海市 already has a station: Shanghai. Join it, or ask its lead how to help."
    ]


def test_founding_form_puts_a_university_taken_beside_the_name(member_client, active_measure):
    StationFactory(name="Zhejiang University", kind=UNIVERSITY, place_aliases="浙江大学")

    response = member_client.post(
        reverse("stations:found"),
        {
            "kind": "university",
            "name": "浙江大学",
            "city": "杭州",
            "region": "east",
            "motivation": "Our club.",
        },
    )

    assert response.context["form"].errors["name"] == [
        "浙江大学 already has a station: Zhejiang University. Join it, or ask its lead how to help."
    ]


# --- The other spellings, kept by reviewers ---------------------------------------------


def test_station_set_place_aliases_links_the_spellings(db):
    station = StationFactory(name="Shanghai", city="Shanghai")
    reviewer = ReviewerFactory()

    services.station_set_place_aliases(station=station, actor=reviewer, aliases="上海\uff0c沪 ,")

    station.refresh_from_db()
    assert station.place_aliases == "上海, 沪"
    assert selectors.station_for_place(kind=CITY, name="X", city="沪") == station
    assert StationLogEntry.objects.filter(station=station, actor=reviewer).count() == 1


def test_station_set_place_aliases_refuses_the_place_of_another_station(db):
    StationFactory(name="Hangzhou", city="Hangzhou", place_aliases="杭州")
    station = StationFactory(name="Shanghai", city="Shanghai")

    with pytest.raises(services.StationError, match="杭州 already has a station: Hangzhou"):
        services.station_set_place_aliases(
            station=station, actor=ReviewerFactory(), aliases="上海, 杭州"
        )


def test_station_set_place_aliases_needs_a_reviewer(db):
    station = StationFactory()

    with pytest.raises(services.StationPermissionDenied):
        services.station_set_place_aliases(station=station, actor=MemberFactory(), aliases="x")


def test_admin_action_sets_the_place_aliases(db, client):
    station = StationFactory(name="Shanghai", city="Shanghai")
    client.force_login(ReviewerFactory())

    response = client.post(
        reverse("admin:stations_station_changelist"),
        {
            "action": "set_place_aliases",
            "_selected_action": [station.pk],
            "apply": "1",
            "aliases": "上海",
        },
    )

    assert response.status_code == 302
    station.refresh_from_db()
    assert station.place_aliases == "上海"
