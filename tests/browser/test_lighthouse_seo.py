"""Lighthouse's SEO category scores 100 on every kind of public page, in every language.

Lighthouse (npm, pinned in tests/lighthouse/package-lock.json, installed by
scripts/ensure-test-tools) drives Debian's Chromium against the live server with the
demo data: one Node process, one Chromium, the pages one after another
(tests/lighthouse/seo.mjs). A page below 100 fails the test with the audits it failed.
"""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from members.models import Certificate, User
from stations.models import Event, Station
from submissions.models import Campaign

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.lighthouse]

LIGHTHOUSE = Path(settings.BASE_DIR) / "tests" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def demo_data(settings, live_server):
    # Canonical and hreflang addresses, the sitemap in robots.txt: all on the live server.
    settings.SITE_URL = live_server.url
    call_command("seed_demo", allow_production=True, verbosity=0)


def public_pages() -> dict[str, str]:
    """One address of each kind of public page in the demo data."""
    station = Station.objects.filter(slug="hangzhou").get()
    event = Event.objects.filter(station=station).order_by("pk").first()
    campaign = Campaign.objects.order_by("pk").first()
    certificate = Certificate.objects.filter(revoked_at__isnull=True).order_by("pk").first()
    return {
        "home": "/",
        "programs": "/programs/",
        "showcase": "/programs/showcase/",
        "stations directory": "/stations/",
        "station": reverse("stations:detail", args=[station.slug]),
        "event": reverse("stations:event", args=[station.slug, event.pk]),
        "campaigns": "/campaigns/",
        "campaign": campaign.get_absolute_url(),
        "leaderboards": "/campaigns/leaderboard/",
        "acknowledgments": reverse("submissions:acknowledgments", args=[campaign.slug]),
        "public profile": User.objects.get(username="member").get_absolute_url(),
        "certificate": certificate.get_absolute_url(),
        "certificate verification": "/members/certificates/verify/",
    }


def test_every_public_page_scores_100_for_seo_in_every_language(live_server, demo_data):
    node = shutil.which("node")
    if node is None or not (LIGHTHOUSE / "node_modules" / "lighthouse").is_dir():
        pytest.fail("Lighthouse is not installed: run scripts/ensure-test-tools (npm ci)")
    pages = public_pages()
    urls = {
        f"{live_server.url}{address}?lang={language}": f"[{language}] {kind}"
        for kind, address in pages.items()
        for language in LANGUAGES
    }
    started = time.monotonic()
    run = subprocess.run(  # noqa: S603 (our addresses, our script)
        [node, "seo.mjs", *urls],
        cwd=LIGHTHOUSE,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=1200,
    )
    elapsed = time.monotonic() - started
    assert run.returncode == 0, run.stderr[-3000:]
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]

    problems = []
    for result in results:
        label = urls[result["url"]]
        if result["error"]:
            problems.append(f"{label}: {result['error']}")
        elif result["score"] != 1:
            audits = "; ".join(
                f"{audit['id']} ({audit['title']}): {', '.join(audit['items'])}"
                for audit in result["failing"]
            )
            problems.append(f"{label}: SEO {round(result['score'] * 100)}: {audits}")
    assert [result["url"] for result in results] == list(urls)
    print(f"Lighthouse SEO: {len(results)} pages in {elapsed:.0f} s")
    if problems:
        pytest.fail(f"{len(problems)} pages below SEO 100:\n" + "\n".join(problems))
