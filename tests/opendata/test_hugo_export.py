"""The static-site export: seed 003's structure, and a real Hugo build from it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from stations.models import Station
from tests.factories.programs import ApplicationFactory, MilestoneFactory
from tests.factories.stations import StationFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.opendata.test_discovery import _uploaded

pytestmark = pytest.mark.django_db

# The seeds sit beside the checkout (../shared/seeds), or where SEEDS_DIR says.
_SEED_DIRS = [
    Path(os.environ.get("SEEDS_DIR", "")),
    Path(__file__).resolve().parents[2].parent / "shared" / "seeds",
    Path("/work/shared/seeds"),
]
SEED_003 = next((seed for d in _SEED_DIRS if d.name for seed in d.glob("003_*.txt")), None)
HUGO = shutil.which("hugo")


def _seed_front_matter() -> dict:
    text = SEED_003.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


def _shape(value):
    """Keys and nesting, without the values."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


@pytest.fixture
def demo_stations(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    for station in Station.objects.all():
        station.banner = _uploaded(f"{station.slug}.png")
        station.save()
    return list(Station.objects.filter(state="active"))


@pytest.mark.skipif(SEED_003 is None, reason="needs seed 003 (../shared/seeds or SEEDS_DIR)")
def test_stations_export_has_seed_003s_keys_and_nesting(tmp_path, demo_stations):
    seed = _seed_front_matter()

    call_command("export_site", "--format", "hugo", "--out", str(tmp_path))

    for language in ("en", "zh-hans"):
        text = (tmp_path / f"content/{language}/stations/_index.md").read_text()
        exported = yaml.safe_load(text.split("---")[1])
        assert _shape(exported["citySection"]) == _shape(seed["citySection"])
        assert set(exported["organization"]) >= {"position1", "position2", "position3"}
        with translation.override(language):
            in_order = sorted(demo_stations, key=lambda s: (s.founded_on, s.name, s.id))
        assert [entry["id"] for entry in exported["citySection"]["picList"]] == [
            station.slug for station in in_order
        ]
    chinese = yaml.safe_load((tmp_path / "data/zh-hans/stations.yaml").read_text())
    assert [chinese["organization"][f"position{n}"] for n in (1, 2, 3)] == [
        "站长",
        "副站长",
        "委员",
    ]
    for entry in chinese["citySection"]["picList"]:
        assert (tmp_path / "static" / entry["backgroundImage"].lstrip("/")).is_file()


def test_showcase_and_acknowledgments_are_exported_per_language(tmp_path, settings):
    participant = ApplicationFactory(approved=True, organization_name="Acme")
    MilestoneFactory(application=participant, title="In production at scale")
    campaign = CampaignFactory(title="Tutorials")
    SubmissionFactory(campaign=campaign, selected=True, author__display_name="Ada", title="Guide")

    call_command("export_site", "--out", str(tmp_path))

    showcase = yaml.safe_load((tmp_path / "data/en/showcase.yaml").read_text())
    assert showcase[0]["name"] == "Acme"
    assert showcase[0]["milestones"][0]["title"] == "In production at scale"
    assert (tmp_path / "static" / showcase[0]["logo"].lstrip("/")).is_file()
    thanks = yaml.safe_load((tmp_path / "data/zh-hans/acknowledgments.yaml").read_text())
    assert thanks[0]["campaign"] == "Tutorials"
    assert thanks[0]["people"][0]["name"] == "Ada"
    assert thanks[0]["people"][0]["contributions"][0]["title"] == "Guide"
    languages = yaml.safe_load((tmp_path / "config/_default/languages.yaml").read_text())
    assert languages["zh-hans"]["contentDir"] == "content/zh-hans"


def test_export_views_serve_the_same_data_as_json(client):
    station = StationFactory(name="Chengdu")

    response = client.get(reverse("exports:hugo", args=["zh-hans", "stations"]))

    assert response.status_code == 200
    entry = response.json()["citySection"]["picList"][0]
    assert entry["name"] == "Chengdu"
    assert entry["id"] == station.slug
    assert response.json()["organization"]["position1"] == "站长"
    assert client.get(reverse("exports:hugo", args=["xx", "stations"])).status_code == 404
    assert client.get(reverse("exports:hugo", args=["en", "secrets"])).status_code == 404


LAYOUT = """<!DOCTYPE html><html lang="{{ .Site.Language.Lang }}"><body>
{{ range .Params.citySection.picList }}
<article id="{{ .id }}"><h2>{{ .name }}</h2>
<img src="{{ .backgroundImage }}" alt=""><p>{{ .des }}</p></article>
{{ end }}
<p>{{ .Params.organization.position1 }}</p>
{{ range index site.Data site.Language.Lang "showcase" }}
<p class="participant">{{ .name }}</p>{{ end }}
</body></html>
"""


@pytest.mark.skipif(HUGO is None, reason="needs Debian's hugo (installed by .ci/run)")
def test_hugo_builds_a_site_showing_every_station_and_banner(tmp_path, demo_stations):
    site = tmp_path / "site"
    call_command("export_site", "--format", "hugo", "--out", str(site))
    (site / "config/_default/hugo.yaml").write_text(
        "baseURL: https://community.example.org/\n"
        "defaultContentLanguage: en\n"
        "defaultContentLanguageInSubdir: true\n"
        "disableKinds: [taxonomy, term, RSS, sitemap, robotsTXT, 404]\n"
    )
    (site / "layouts/_default").mkdir(parents=True)
    (site / "layouts/_default/list.html").write_text(LAYOUT)
    (site / "layouts/_default/single.html").write_text(LAYOUT)

    subprocess.run(  # noqa: S603
        [HUGO, "--source", str(site), "--destination", str(site / "public"), "--quiet"],
        check=True,
        capture_output=True,
        timeout=120,
    )

    for language, lead in (("en", "lead"), ("zh-hans", "站长")):
        html = (site / f"public/{language}/stations/index.html").read_text()
        assert lead in html
        for station in demo_stations:
            with translation.override(language):
                assert station.name in html
            banner = f"/images/stations/{station.slug}.png"
            assert f'src="{banner}"' in html
            assert (site / "public" / banner.lstrip("/")).is_file()


@pytest.mark.parametrize("count", [1, 50])
def test_export_views_read_the_same_number_of_queries_for_1_and_50_rows(
    client, settings, count, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    for _index in range(count):
        StationFactory()
        MilestoneFactory()
        SubmissionFactory(selected=True)

    for name, queries in (("stations", 1), ("showcase", 2), ("acknowledgments", 2)):
        with django_assert_num_queries(queries):
            client.get(reverse("exports:hugo", args=["en", name]))
