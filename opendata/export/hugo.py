"""The static-site export: what a community's Hugo site is built from.

Two layers. ``site_data(language)`` returns plain dicts and lists (what the
``/api/v1/exports/hugo/<language>/…`` views serve as JSON); ``write_hugo_site(out)`` writes
them the way a multilingual Hugo site reads them:

    config/_default/languages.yaml          one entry per language, its contentDir
    content/<lang>/stations/_index.md       front matter in seed 003's structure
    data/<lang>/stations.yaml               the same, as data
    data/<lang>/showcase.yaml               participants: name, logo, link, milestones
    data/<lang>/acknowledgments.yaml        per campaign: who was selected, for what
    static/images/stations/<slug>.<ext>     the banners (backgroundImage points here)
    static/images/showcase/<id>.<ext>       the participants' logos

Seed 003 is the front matter of KubeSphere's page of city stations: ``citySection``
with its ``cityCard`` and a ``picList`` of stations (``name``, ``backgroundImage``,
``title``, ``des``, ``id``), and ``organization`` with the titles of the three roles
(``position1..3``). The export keeps exactly those keys and that nesting.
"""

import shutil
from pathlib import Path, PurePosixPath

import yaml
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from community_portal.core.markdown import render_markdown
from community_portal.core.translated import localized
from programs.selectors import showcase_participations
from stations.enums import ROLE_ORDER, StationState
from stations.models import Station
from submissions.enums import SubmissionState
from submissions.models import Campaign, Submission

BANNERS = PurePosixPath("/images/stations")
LOGOS = PurePosixPath("/images/showcase")


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _plain(text: str) -> str:
    return " ".join(strip_tags(render_markdown(text or "")).split())


def _file_name(stem, field) -> str:
    return f"{stem}{PurePosixPath(field.name).suffix.lower()}"


def _stations():
    # In the reader's language: the names each language's page lists.
    return Station.objects.filter(state=StationState.ACTIVE).order_by(
        "founded_on", localized("name"), "id"
    )


def stations_front_matter(stations=None) -> dict:
    """Seed 003's ``citySection`` and ``organization``, filled with the active stations."""
    stations = list(_stations() if stations is None else stations)
    names = pgettext("list separator", ", ").join(station.name for station in stations)
    return {
        "title": _("Stations"),
        "citySection": {
            "cityCard": {
                "title": _("Stations"),
                "des": _("%(community)s has %(count)d stations: %(names)s.")
                % {"community": settings.COMMUNITY_NAME, "count": len(stations), "names": names},
                "joinLink": _absolute(reverse("stations:found")),
            },
            "picList": [
                {
                    "name": station.name,
                    "backgroundImage": str(BANNERS / _file_name(station.slug, station.banner))
                    if station.banner
                    else "",
                    "title": f"{settings.COMMUNITY_NAME} — {station.name}",
                    "des": _plain(station.description),
                    "id": station.slug,
                }
                for station in stations
            ],
        },
        "organization": {
            "name": _("Organization chart"),
            **{f"position{rank}": str(role.label) for rank, role in enumerate(ROLE_ORDER, 1)},
        },
    }


def showcase() -> list[dict]:
    return [
        {
            "name": participation.organization_name,
            "logo": str(LOGOS / _file_name(participation.pk, participation.logo))
            if participation.logo
            else "",
            "link": participation.website,
            "program": participation.program.title,
            "milestones": [
                {
                    "title": milestone.title,
                    "kind": str(milestone.get_kind_display()),
                    "date": milestone.achieved_on.isoformat(),
                    "link": milestone.link,
                    "promoted": milestone.promoted,
                }
                for milestone in participation.milestones.all()
            ],
        }
        for participation in showcase_participations()
    ]


def acknowledgments() -> list[dict]:
    """Per published campaign, everyone it selected, in the order of their first selection
    (as the acknowledgments page lists them). Two queries, however many campaigns."""
    campaigns = {
        campaign.pk: {
            "campaign": campaign.title,
            "id": campaign.slug,
            "url": _absolute(campaign.get_absolute_url()),
            "people": [],
        }
        for campaign in Campaign.objects.filter(is_published=True).order_by("opens_on", "id")
    }
    people: dict[tuple[int, int], dict] = {}
    selected = (
        Submission.objects.filter(campaign__in=list(campaigns), state=SubmissionState.SELECTED)
        .select_related("author")
        .only("campaign_id", "title", "url", "author__username", "author__display_name")
        .order_by("selected_at", "id")
    )
    for submission in selected:
        key = (submission.campaign_id, submission.author_id)
        if key not in people:
            author = submission.author
            people[key] = {
                "name": author.public_name,
                "profile": _absolute(author.get_absolute_url()),
                "contributions": [],
            }
            campaigns[submission.campaign_id]["people"].append(people[key])
        people[key]["contributions"].append({"title": submission.title, "url": submission.url})
    return list(campaigns.values())


EXPORTS = {
    "stations": stations_front_matter,
    "showcase": showcase,
    "acknowledgments": acknowledgments,
}


def site_data(language: str, name: str):
    """One export (``stations``, ``showcase``, ``acknowledgments``) in ``language``."""
    with translation.override(language):
        return EXPORTS[name]()


# --- Writing a Hugo site --------------------------------------------------------------------


def _yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _copy(field, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with field.open("rb") as source, target.open("wb") as copy:
        shutil.copyfileobj(source, copy)


def write_hugo_site(out: Path) -> list[Path]:
    """Write every export, in every language, under ``out``; the files written."""
    out = Path(out)
    written = []

    def write(relative: str, text: str) -> None:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    languages = {}
    for weight, (code, name) in enumerate(settings.LANGUAGES, 1):
        with translation.override(code):
            languages[code] = {
                "languageName": str(name),
                "weight": weight,
                "contentDir": f"content/{code}",
            }
            stations = stations_front_matter()
            write(f"content/{code}/stations/_index.md", f"---\n{_yaml(stations)}---\n")
            write(f"data/{code}/stations.yaml", _yaml(stations))
            write(f"data/{code}/showcase.yaml", _yaml(showcase()))
            write(f"data/{code}/acknowledgments.yaml", _yaml(acknowledgments()))
    write("config/_default/languages.yaml", _yaml(languages))

    for station in _stations().exclude(banner=""):
        target = out / "static" / str(BANNERS / _file_name(station.slug, station.banner))[1:]
        _copy(station.banner, target)
        written.append(target)
    for participation in showcase_participations():
        if participation.logo:
            name = _file_name(participation.pk, participation.logo)
            target = out / "static" / str(LOGOS / name)[1:]
            _copy(participation.logo, target)
            written.append(target)
    return written
