"""Reads that may go to the replica, and only those (the replica is a test mirror here)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community_portal.db.replica import ReplicaRouter, replica_reads
from members.models import User
from tests.factories.members import MemberFactory

BOTH = ["default", "replica"]


@pytest.fixture
def replica_on(settings):
    settings.REPLICA_READS = True


def _queries(alias):
    return CaptureQueriesContext(connections[alias])


def test_reads_stay_on_the_primary_unless_switched_on(replica_on):
    assert ReplicaRouter().db_for_read(User) == "default"
    with replica_reads():
        assert ReplicaRouter().db_for_read(User) == "replica"
    assert ReplicaRouter().db_for_read(User) == "default"


def test_writes_always_go_to_the_primary(replica_on):
    with replica_reads():
        assert ReplicaRouter().db_for_write(User) == "default"


def test_without_a_replica_reads_stay_on_the_primary(settings):
    settings.REPLICA_READS = False
    with replica_reads():
        assert ReplicaRouter().db_for_read(User) == "default"


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_reads_inside_a_transaction_stay_on_the_primary(replica_on):
    member = MemberFactory()
    with replica_reads(), _queries("replica") as on_replica:
        assert User.objects.filter(pk=member.pk).exists()
        with transaction.atomic():
            assert User.objects.filter(pk=member.pk).exists()

    assert len(on_replica.captured_queries) == 1  # the read outside the transaction only


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_visitors_public_page_reads_from_the_replica(client, replica_on):
    MemberFactory(username="lin", display_name="Lin Wei")

    with _queries("replica") as on_replica, _queries("default") as on_primary:
        response = client.get(reverse("members:profile", args=["lin"]))

    assert response.status_code == 200
    assert "Lin Wei" in response.content.decode()
    assert on_replica.captured_queries
    assert not on_primary.captured_queries


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_signed_in_member_reads_their_own_writes_from_the_primary(client, replica_on):
    member = MemberFactory(username="lin")
    client.force_login(member)

    with _queries("replica") as on_replica:
        response = client.get(reverse("members:profile", args=["lin"]))

    assert response.status_code == 200
    assert not on_replica.captured_queries


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_pages_not_marked_public_read_from_the_primary(client, replica_on):
    with _queries("replica") as on_replica:
        client.get(reverse("account_login"))
        client.post(reverse("account_login"), {"login": "x@example.com", "password": "nope"})

    assert not on_replica.captured_queries


def test_replica_url_adds_a_mirrored_replica_alias():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community_portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": "postgres://app@primary.internal:5432/portal",
        "DATABASE_REPLICA_URL": "postgres://app@replica.internal:5432/portal",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "r = settings.DATABASES['replica']; "
        "print(json.dumps([settings.REPLICA_READS, r['HOST'], r['TEST']['MIRROR'], "
        "r['CONN_MAX_AGE'], 'pool' in r['OPTIONS']]))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    # The replica is pooled like the primary (the default on PostgreSQL).
    assert result.stdout.strip().splitlines()[-1] == (
        '[true, "replica.internal", "default", 0, true]'
    )
