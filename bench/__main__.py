"""``python -m bench``: build (or reuse) the dataset, serve, load, report.

    python -m bench --scale 0.05 --duration 10 --rounds 3
    python -m bench --pages leaderboard,points     # only the pages whose name contains these
    python -m bench --pool-compare                 # also DATABASE_POOL=0 against =1

Everything it starts (two gunicorns, wrk, two Celery workers) is stopped
before it returns, also on Ctrl-C.
"""

import argparse
import contextlib
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cp_bench_data"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
MARKER_TABLE = "bench_dataset"
DRAIN = 20  # seconds


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def fail(message: str):
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(1)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the issue's community")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", default="", help="comma-separated parts of page names")
    parser.add_argument("--pool-compare", action="store_true")
    parser.add_argument("--skip-delivery", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the dataset anyway")
    parser.add_argument(
        "--keep-dataset",
        action="store_true",
        help="reuse a dataset of this scale built before the latest migrations: migrate it "
        "forward rather than build it again",
    )
    parser.add_argument("--markdown", help="also write the Markdown block to this file")
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 1:
        parser.error("--scale is between 0 (excluded) and 1")
    return args


def bench_env() -> dict:
    """The environment of this process, the gunicorns and the workers: production mode."""
    env = dict(os.environ)
    env.pop("EMAIL_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    var_dir = REPO / "var" / "bench"
    env.update(
        {
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL,
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL,
            "DEBUG": "0",
            "SECRET_KEY": "bench-" + hashlib.sha256(str(REPO).encode()).hexdigest(),
            "ALLOWED_HOSTS": "127.0.0.1",
            # HTTPS stays on: the load carries X-Forwarded-Proto: https, as from a TLS proxy.
            "BEHIND_TLS_PROXY": "1",
            "SITE_URL": "https://127.0.0.1",
            "VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
            "DJANGO_SETTINGS_MODULE": "community_portal.settings",
        }
    )
    return env


def _maintenance_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def check_services(env: dict) -> None:
    import psycopg
    import redis

    if not env["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        fail("BENCH_DATABASE_URL must be a PostgreSQL URL.")
    maintenance, _name = _maintenance_url(env["DATABASE_URL"])
    try:
        psycopg.connect(maintenance, connect_timeout=5).close()
    except psycopg.Error as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        fail(f"PostgreSQL is not reachable at {maintenance} ({first_line}).")
    try:
        redis.Redis.from_url(env["REDIS_URL"], socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        fail(f"Redis is not reachable at {env['REDIS_URL']} ({error}).")


# --- The dataset: reused while its scale, loader and migrations are the same ---------------


def fingerprint(scale: float) -> str:
    from django.db.migrations.loader import MigrationLoader

    from bench.dataset import DATASET_VERSION

    migrations = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations)
    return hashlib.sha256(json.dumps([DATASET_VERSION, scale, migrations]).encode()).hexdigest()


def stored_dataset(database_url: str, wanted: str):
    import psycopg

    try:
        with psycopg.connect(database_url, connect_timeout=5) as conn:
            row = conn.execute(f"SELECT info FROM {MARKER_TABLE} WHERE id = 1").fetchone()
    except psycopg.Error:
        return None
    if row and row[0].get("fingerprint") == wanted:
        return row[0]
    return None


def rebuild(env: dict, scale: float, wanted: str):
    import psycopg
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from bench import dataset

    maintenance, name = _maintenance_url(env["DATABASE_URL"])
    connection.close()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    started = time.monotonic()
    log(f"building the dataset at scale {scale:g} in {name}: migrate")
    call_command("migrate", interactive=False, verbosity=0)
    log("demo data (seed_demo)")
    # The demo accounts' passwords are never used by the benchmark: hash them cheaply.
    with (
        open(os.devnull, "w") as devnull,
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        call_command("seed_demo", allow_production=True, stdout=devnull)
    log("bulk rows (COPY)")
    built = dataset.build(scale=scale)
    rebuild_summaries()
    log("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(f"CREATE TABLE {MARKER_TABLE} (id integer PRIMARY KEY, info jsonb)")
        info = {
            "fingerprint": wanted,
            "built": built.as_json(),
            "build_seconds": time.monotonic() - started,
        }
        cursor.execute(f"INSERT INTO {MARKER_TABLE} VALUES (1, %s)", [json.dumps(info)])
    log(f"dataset built in {info['build_seconds']:.0f} s")
    return info


def rebuild_summaries() -> None:
    """The summary rows the services keep, from the rows COPY wrote."""
    from django.core.management import call_command, get_commands

    for command in ("rebuild_points_summary", "rebuild_insight_summary"):
        if command in get_commands():
            log(command)
            call_command(command)


def migrate_forward(env: dict, scale: float, wanted: str):
    """The stored dataset of this scale, brought up to the current migrations."""
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    try:
        with psycopg.connect(env["DATABASE_URL"], connect_timeout=5) as conn:
            row = conn.execute(f"SELECT info FROM {MARKER_TABLE} WHERE id = 1").fetchone()
    except psycopg.Error:
        return None
    if not row or row[0].get("built", {}).get("scale") != scale:
        return None
    info = row[0]
    # The migrations' own data steps fill what they add (a new summary from its rows).
    log(f"keeping the dataset at scale {scale:g}: migrate it forward")
    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        info["fingerprint"] = wanted
        cursor.execute(f"UPDATE {MARKER_TABLE} SET info = %s WHERE id = 1", [json.dumps(info)])
    return info


def ensure_dataset(env: dict, scale: float, force: bool, keep: bool = False):
    from bench.dataset import Built

    wanted = fingerprint(scale)
    info = None if force else stored_dataset(env["DATABASE_URL"], wanted)
    if info is None and keep and not force:
        info = migrate_forward(env, scale, wanted)
    if info is None:
        info = rebuild(env, scale, wanted)
    else:
        log(f"reusing the dataset at scale {scale:g} (built in {info['build_seconds']:.0f} s)")
    return Built.from_json(info["built"]), info


# --- Pages ----------------------------------------------------------------------------------


def measure_pages(built, env: dict, args, log_dir: Path):
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client

    from bench import load
    from bench.pages import client_for, instrument, pages
    from bench.report import PageResult
    from members.models import User

    member = User.objects.get(pk=built.bench_member_id)
    # The dashboard's reader: the demo data's administrator, a reviewer.
    reviewer = User.objects.reviewers().order_by("pk").first()
    static_path = staticfiles_storage.url("css/portal.css")
    listed = pages(built, static_path)
    if args.pages:
        wanted = [part.strip().lower() for part in args.pages.split(",") if part.strip()]
        listed = [page for page in listed if any(part in page.name.lower() for part in wanted)]
    # The database connections of a running site have served every page before. A
    # connection's first query on a table reads that table's catalog entries: 3-5 ms
    # of "SQL" on whichever leaderboard came first, once per connection. So each page
    # is asked for once, unrecorded, and then measured.
    log(f"{len(listed)} pages: one unrecorded request each, then one instrumented")
    for page in listed:
        # A failure here shows in the instrumented request below, which reports it.
        with contextlib.suppress(Exception):
            reader = reviewer if page.reviewer else member
            client_for(page, reader, uncached=True).get(page.path)
    results = []
    for page in listed:
        try:
            measured = instrument(page, reviewer if page.reviewer else member)
        except Exception as error:  # a page that fails is reported, not fatal
            log(f"  {page.name}: {error!r}")
            measured = None
        results.append(PageResult(page=page, status=0, instrumented=measured))
    client = Client()
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    anonymous = dict(load.BROWSER)
    logged_in = {**load.BROWSER, "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    # A client of its own: signing another user in would end the member's session.
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    reviewer_cookie = reviewer_client.cookies[settings.SESSION_COOKIE_NAME].value
    as_reviewer = {
        **load.BROWSER,
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={reviewer_cookie}",
    }

    def headers_for(page):
        if page.reviewer:
            return as_reviewer
        return logged_in if page.logged_in else anonymous

    portal_env = {k: v for k, v in env.items() if k != "DATABASE_POOL"} | (
        {"DATABASE_POOL": os.environ["DATABASE_POOL"]} if "DATABASE_POOL" in os.environ else {}
    )
    trivial_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.trivial_settings"}
    with (
        load.Server(
            "community_portal.wsgi", portal_env, log_dir / "portal.log", cwd=REPO
        ) as portal,
        load.Server(
            "bench.trivial_wsgi", trivial_env, log_dir / "trivial.log", cwd=REPO
        ) as trivial,
    ):
        for result in results:
            headers = headers_for(result.page)
            result.status = load.fetch_status(portal.base + result.page.path, headers)
            if result.status != 200:
                log(f"  {result.page.name}: HTTP {result.status} ({result.page.path})")
        for round_number in range(1, args.rounds + 1):
            log(f"round {round_number} of {args.rounds}")
            for result in results:
                headers = headers_for(result.page)
                baseline = load.run_wrk(
                    trivial.base + "/", headers=anonymous, duration=args.duration
                )
                measured = load.run_wrk(
                    portal.base + result.page.path, headers=headers, duration=args.duration
                )
                result.rounds.append((baseline, measured))
                # Requests wrk left queued in the portal's backlog are served before the
                # next run starts: one request waits behind them, or, when that takes
                # long (a slow page), the portal is restarted.
                try:
                    load.fetch_status(portal.base + static_path, anonymous, timeout=DRAIN)
                except OSError:
                    log(f"  restarting the portal (its backlog took over {DRAIN} s)")
                    portal.restart()
                log(
                    f"  {result.page.name}: {measured.rps:.1f} req/s "
                    f"(trivial {baseline.rps:.0f}), p99 {measured.p99_ms:.0f} ms"
                )
        pool_rows = []
        if args.pool_compare:
            pool_rows = compare_pool(results, portal_env, args, log_dir, anonymous, logged_in)
    return results, pool_rows


def compare_pool(results, env, args, log_dir, anonymous, logged_in):
    from bench import load

    chosen = [
        r for r in results if r.page.name in ("home", "leaderboard all time", "points", "inbox")
    ]
    figures = {}
    for pool in ("0", "1"):
        log(f"DATABASE_POOL={pool}")
        with load.Server(
            "community_portal.wsgi", {**env, "DATABASE_POOL": pool}, log_dir / "pool.log", cwd=REPO
        ) as server:
            for result in chosen:
                headers = logged_in if result.page.logged_in else anonymous
                load.fetch_status(server.base + result.page.path, headers)
                figures[pool, result.page.name] = load.run_wrk(
                    server.base + result.page.path, headers=headers, duration=args.duration
                )
    return [
        [
            r.page.name,
            f"{figures['0', r.page.name].rps:.1f}",
            f"{figures['1', r.page.name].rps:.1f}",
            f"{figures['0', r.page.name].p99_ms:.0f} / {figures['1', r.page.name].p99_ms:.0f}",
        ]
        for r in chosen
    ]


# --- Main -----------------------------------------------------------------------------------


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["remind"]:
        from bench.delivery import child_main

        child_main(argv[1:])
        return
    args = parse_args(argv)
    env = bench_env()
    os.environ.clear()
    os.environ.update(env)
    check_services(env)
    import django
    import redis

    django.setup()
    from django.core.management import call_command

    from bench import delivery, report

    built, _info = ensure_dataset(env, args.scale, args.rebuild, args.keep_dataset)
    # Nothing cached from another dataset or an earlier run: the benchmark's own Redis db.
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    log_dir = REPO / "var" / "bench" / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log("collectstatic")
    call_command("collectstatic", interactive=False, verbosity=0)
    results, pool_rows = measure_pages(built, env, args, log_dir)
    charts = []
    if any("dashboard" in result.page.name for result in results):
        from bench import insight

        log("health dashboard, part by part")
        charts = insight.measure()
    reminders, deliveries = [], []
    if not args.skip_delivery:
        log("reminders and delivery")
        reminders, deliveries = delivery.measure(built=built, env=env, log_dir=log_dir)
    text, markdown = report.render(
        scale=args.scale,
        duration=args.duration,
        rounds=args.rounds,
        counts=built.counts,
        results=results,
        reminders=reminders,
        deliveries=deliveries,
        pool=pool_rows,
        charts=charts,
    )
    print()
    print(text)
    print()
    print("Markdown, for the README:")
    print()
    print(markdown)
    if args.markdown:
        Path(args.markdown).write_text(markdown + "\n")


if __name__ == "__main__":
    main()
