"""Fixtures every test module may use."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from community_portal.celery import app as celery_app
from tests.factories.members import MemberFactory, ReviewerFactory


def pytest_collection_modifyitems(config, items):
    """Skip what this run's services can't support, saying why."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    has_redis = bool(os.environ.get("REDIS_URL"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL: row locks do nothing on SQLite")
            )
        if "redis" in item.keywords and not (has_redis and on_postgres):
            item.add_marker(
                pytest.mark.skip(
                    reason="needs REDIS_URL, and a PostgreSQL DATABASE_URL a worker can share"
                )
            )


@pytest.fixture(autouse=True)
def _isolated_services(settings, tmp_path, request):
    """Each test gets its own cache, media folder and in-process Celery."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }
    # Query budgets count the session's query, whether or not REDIS_URL would put
    # sessions in the cache (tests/core/test_page_cache.py checks that it saves one).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Real hashing is deliberately slow; tests create hundreds of members.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()
    eager = "redis" not in request.keywords
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def other_member(db):
    return MemberFactory()


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, with every alias's connection pool closed before
    they are dropped. Django closes only the pool of the database it drops, and the
    replica alias (a test mirror of it, tests/settings.py) kept two connections to
    it open: PostgreSQL refused to drop the database, and the pass ended in a warning."""
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            close_pool = getattr(connections[alias], "close_pool", None)
            if close_pool is not None:
                connections[alias].close()
                close_pool()


@pytest.fixture(scope="session")
def migrate_sqlite_file(django_db_setup, django_db_blocker):
    """A function that migrates ``path``, the SQLite file of a separate process whose
    environment is ``env``. On SQLite it first copies this pass's own test database
    there, so that ``migrate`` has nothing left to apply: migrating from nothing
    takes half a minute."""

    def migrate(path: Path, env: dict) -> None:
        if connection.vendor == "sqlite":
            with django_db_blocker.unblock():
                connection.ensure_connection()
                with closing(sqlite3.connect(path)) as copy:
                    connection.connection.backup(copy)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )

    return migrate
