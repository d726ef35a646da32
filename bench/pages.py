"""The pages the benchmark measures, and the one instrumented request per page that
counts its queries and their time."""

import time
from dataclasses import dataclass
from math import ceil

from bench.dataset import Built

# The targets.
ANONYMOUS_RATIO = 0.5
LOGGED_IN_RATIO = 0.25
LEADERBOARD_SQL_MS = 10.0
MAX_LATENCY_MS = 1000.0

# The health dashboard computes nine charts from scratch when its cache is cold:
# each chart ≤ 100 ms of SQL (issue 15).
DASHBOARD_CHARTS = 9
DASHBOARD_SQL_MS = 100.0 * DASHBOARD_CHARTS

LEADERBOARD_DEEP_PAGE = 400
DIRECTORY_DEEP_PAGE = 500


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    logged_in: bool = False
    ratio_target: float | None = ANONYMOUS_RATIO
    sql_ms_target: float | None = None
    # Signed in as a reviewer (the dashboard), not as the bench member.
    reviewer: bool = False


def deep_page(full_scale_page: int, scale: float) -> int:
    """The page as deep into the list as ``full_scale_page`` is at scale 1."""
    return max(1, ceil(full_scale_page * min(scale, 1.0)))


def pages(built: Built, static_path: str) -> list[Page]:
    year, month = built.leaderboard_year, built.leaderboard_month
    board_page = deep_page(LEADERBOARD_DEEP_PAGE, built.scale)
    directory_page = deep_page(DIRECTORY_DEEP_PAGE, built.scale)
    boards = [
        ("all time", "/campaigns/leaderboard/"),
        ("year", f"/campaigns/leaderboard/{year}/"),
        ("month", f"/campaigns/leaderboard/{year}/{month}/"),
    ]
    listed = [
        Page("home", "/"),
        Page("programs", "/programs/"),
        Page("showcase", "/programs/showcase/"),
        Page("program page", f"/programs/{built.program_slug}/"),
        Page("station directory", "/stations/"),
        Page("station page", f"/stations/{built.station_slug}/"),
        Page("event page", f"/stations/{built.station_slug}/events/{built.event_id}/"),
        Page("station iCal feed", f"/stations/{built.station_slug}/calendar.ics"),
        Page("campaigns", "/campaigns/"),
        Page("campaign page", f"/campaigns/{built.campaign_slug}/"),
    ]
    for label, path in boards:
        listed.append(Page(f"leaderboard {label}", path, sql_ms_target=LEADERBOARD_SQL_MS))
        listed.append(
            Page(
                f"leaderboard {label} p{board_page}",
                f"{path}?page={board_page}",
                sql_ms_target=LEADERBOARD_SQL_MS,
            )
        )
    for label, path in boards:
        listed.append(
            Page(
                f"leaderboard {label}, own rank",
                path,
                logged_in=True,
                ratio_target=LOGGED_IN_RATIO,
                sql_ms_target=LEADERBOARD_SQL_MS,
            )
        )
    listed += [
        Page("acknowledgments", f"/campaigns/{built.acknowledgments_slug}/acknowledgments/"),
        Page("acknowledgments.md", f"/campaigns/{built.acknowledgments_slug}/acknowledgments.md"),
        Page("member directory", "/members/"),
        Page(f"member directory p{directory_page}", f"/members/?page={directory_page}"),
        Page("public profile", f"/members/people/{built.profile_username}/"),
        Page("certificate", f"/members/certificates/{built.certificate_number}/"),
    ]
    for name, path in [
        ("points", "/campaigns/points/"),
        ("inbox", "/inbox/"),
        ("my submissions", "/campaigns/mine/"),
        ("my applications", "/programs/applications/"),
        ("tier page", "/members/me/tier/"),
    ]:
        listed.append(Page(name, path, logged_in=True, ratio_target=LOGGED_IN_RATIO))
    for label, query in (("30 days", "?period=30"), ("365 days", "?period=365")):
        listed.append(
            Page(
                f"health dashboard, {label}",
                f"/insight/{query}",
                logged_in=True,
                reviewer=True,
                ratio_target=LOGGED_IN_RATIO,
                sql_ms_target=DASHBOARD_SQL_MS,
            )
        )
    listed.append(
        Page(
            "health dashboard CSV",
            "/insight/members.csv?period=365",
            logged_in=True,
            reviewer=True,
            ratio_target=LOGGED_IN_RATIO,
            sql_ms_target=DASHBOARD_SQL_MS,
        )
    )
    listed.append(Page("static file (whitenoise)", static_path, ratio_target=None))
    return listed


@dataclass
class Instrumented:
    status: int
    queries: int
    sql_ms: float
    warm_queries: int
    warm_sql_ms: float


class QueryTimer:
    """A ``connection.execute_wrapper`` that counts queries and adds up their time."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def client_for(page: Page, member, *, uncached: bool):
    """A test client ready to ask for the page in this process: signed in as
    ``member`` when the page needs it, the cache emptied first if ``uncached``."""
    from django.core.cache import cache
    from django.test import Client

    if uncached:
        cache.clear()
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    if page.logged_in:
        client.force_login(member)
    return client


def instrument(page: Page, member) -> Instrumented:
    """The page's queries and SQL time, uncached (the cache emptied first) and then
    again warm, in this process against the benchmark's database."""
    from django.db import connection

    results = []
    for cold in (True, False):
        # Signing in is not the page's cost: only the request is timed.
        client = client_for(page, member, uncached=cold)
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            response = client.get(page.path)
        results.append((response.status_code, timer.count, timer.seconds * 1000))
    (status, queries, sql_ms), (_warm_status, warm_queries, warm_ms) = results
    return Instrumented(status, queries, sql_ms, warm_queries, warm_ms)
