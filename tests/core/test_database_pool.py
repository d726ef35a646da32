"""DATABASE_POOL: Django's psycopg pool (1, the default on PostgreSQL) or one persistent
connection per process (0); SQLite keeps its own single connection."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection


def _fresh_process(code: str, **environment) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community_portal.settings",
        "DEBUG": "1",
        **environment,
    }
    env = {name: value for name, value in env.items() if value is not None}  # None: unset
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import json, django; django.setup()\n{code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


SETTINGS_PROBE = (
    "from django.conf import settings; d = settings.DATABASES['default']; "
    "print(json.dumps([d['CONN_MAX_AGE'], d.get('OPTIONS', {}).get('pool')]))"
)
SOME_POSTGRES = "postgres://app@db.internal:5432/portal"


def test_postgresql_connections_are_pooled_by_default():
    output = _fresh_process(SETTINGS_PROBE, DATABASE_URL=SOME_POSTGRES, DATABASE_POOL=None)

    max_age, pool = json.loads(output)
    assert max_age == 0  # the pool keeps the connections, Django must not
    assert pool["max_size"] >= pool["min_size"] >= 1


def test_database_pool_off_keeps_one_persistent_connection():
    output = _fresh_process(SETTINGS_PROBE, DATABASE_URL=SOME_POSTGRES, DATABASE_POOL="0")

    assert json.loads(output) == [60, None]


def test_sqlite_is_never_pooled(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    output = _fresh_process(SETTINGS_PROBE, DATABASE_URL=database, DATABASE_POOL="1")

    assert json.loads(output) == [0, None]


@pytest.mark.postgres
@pytest.mark.django_db
def test_pooled_connections_answer_queries_on_postgresql():
    primary = connection.settings_dict
    url = (
        f"postgres://{primary['USER']}:{primary['PASSWORD'] or ''}@{primary['HOST']}:"
        f"{primary['PORT'] or 5432}/{primary['NAME']}"
    )
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT 41 + 1')\n"
        "    answer = cursor.fetchone()[0]\n"
        "print(json.dumps([answer, connection.pool is not None]))"
    )

    assert json.loads(_fresh_process(code, DATABASE_URL=url, DATABASE_POOL=None)) == [42, True]
