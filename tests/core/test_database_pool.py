"""DATABASE_POOL: Django's psycopg pool (1) or one persistent connection per process (0)."""

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


def test_persistent_connections_by_default():
    env = {"DATABASE_URL": SOME_POSTGRES}
    output = _fresh_process(SETTINGS_PROBE, **env, DATABASE_POOL="")

    assert json.loads(output) == [60, None]


def test_database_pool_uses_djangos_psycopg_pool():
    output = _fresh_process(SETTINGS_PROBE, DATABASE_URL=SOME_POSTGRES, DATABASE_POOL="1")

    max_age, pool = json.loads(output)
    assert max_age == 0  # the pool keeps the connections, Django must not
    assert pool["max_size"] >= pool["min_size"] >= 1


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

    assert json.loads(_fresh_process(code, DATABASE_URL=url, DATABASE_POOL="1")) == [42, True]
