"""On SQLite, concurrent writers wait for each other instead of failing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)

# Each process reads, then writes, inside a transaction, many times over: with
# SQLite's default DEFERRED transactions this is the pattern that fails with
# "database is locked" when another process holds the write lock.
WRITER = """
import django
django.setup()
from django.db import transaction
from members.models import User
for i in range(40):
    with transaction.atomic():
        User.objects.count()
        User.objects.create(username=f"{NAME}-{i}", email=f"{NAME}-{i}@example.org")
print("ok")
"""


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "") not in ("", None)
    and not os.environ["DATABASE_URL"].startswith("sqlite"),
    reason="about the embedded SQLite configuration",
)
@pytest.mark.embedded
def test_parallel_writers_wait_for_the_lock(tmp_path, migrate_sqlite_file):
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "community_portal.settings",
    }
    env.pop("DATABASE_URL", None)  # the embedded default: VAR_DIR/db.sqlite3
    migrate_sqlite_file(tmp_path / "db.sqlite3", env)

    writers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", WRITER.replace("{NAME}", name)],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right", "middle")
    ]
    results = [writer.communicate(timeout=120) for writer in writers]

    for writer, (stdout, stderr) in zip(writers, results, strict=True):
        assert writer.returncode == 0, stderr
        assert stdout.strip() == "ok"


def test_embedded_database_takes_the_write_lock_at_begin():
    if connection.vendor != "sqlite":
        pytest.skip("about the embedded SQLite configuration")
    options = settings.DATABASES["default"]["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


@pytest.mark.django_db
def test_bulk_insert_of_a_thousand_rows_is_one_statement(django_assert_num_queries):
    if connection.vendor != "sqlite":
        pytest.skip("about the embedded SQLite configuration")
    from datetime import date, timedelta

    from community_portal.core.models import CalendarDay

    days = [CalendarDay(date=date(2030, 1, 1) + timedelta(days=n), name="x") for n in range(1000)]
    with django_assert_num_queries(1):
        CalendarDay.objects.bulk_create(days)
