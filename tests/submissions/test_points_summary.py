"""The leaderboards' summary rows: what the boards show after awards, corrections and
awards given again, across local month and year boundaries, and the command that
rebuilds and checks them from the ledger."""

import random
from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from submissions import selectors, services
from submissions.models import PointEntry, PointsTotal, Submission
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db


def local(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def board(client, *args):
    name = {0: "leaderboard", 1: "leaderboard_year", 2: "leaderboard_month"}[len(args)]
    response = client.get(reverse(f"submissions:{name}", args=args))
    return [(row.rank, row.member.public_name, row.points) for row in response.context["page"]]


def check() -> tuple[int, str]:
    """Run ``rebuild_points_summary --check``: (exit status, output)."""
    out = StringIO()
    try:
        call_command("rebuild_points_summary", "--check", stdout=out, stderr=StringIO())
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def rebuild() -> None:
    call_command("rebuild_points_summary", stdout=StringIO())


def test_award_given_again_counts_in_its_own_local_month_and_year(client, reviewer, award):
    ana = MemberFactory(display_name="Ana")
    # 23:30 on New Year's Eve in Shanghai is still 2025 there (15:30 UTC).
    with time_machine.travel(local("2025-12-31T23:30"), tick=False):
        first = award(ana, 100)
    with time_machine.travel(local("2026-01-01T00:10"), tick=False):
        services.points_reverse(entry=first, reason="Wrong amount", reversed_by=reviewer)
        services.points_award(member=ana, amount=300, reason="Fixed", source=first.source)

    assert board(client) == [(1, "Ana", 300)]
    assert board(client, 2025) == []
    assert board(client, 2025, 12) == []
    assert board(client, 2026) == [(1, "Ana", 300)]
    assert board(client, 2026, 1) == [(1, "Ana", 300)]
    assert check() == (0, "Points summary matches the ledger.\n")


def test_award_at_the_start_of_a_local_month_counts_in_that_month(client, award):
    bo = MemberFactory(display_name="Bo")
    with time_machine.travel(local("2025-03-31T23:59:59"), tick=False):
        award(bo, 10)
    with time_machine.travel(local("2025-04-01T00:00"), tick=False):
        award(bo, 20)

    assert board(client, 2025, 3) == [(1, "Bo", 10)]
    assert board(client, 2025, 4) == [(1, "Bo", 20)]
    assert board(client, 2025) == [(1, "Bo", 30)]


def test_correcting_the_latest_award_puts_the_member_back_where_they_were(client, reviewer, award):
    ana, bo = MemberFactory(display_name="Ana"), MemberFactory(display_name="Bo")
    with time_machine.travel(local("2025-01-10T10:00"), tick=False):
        award(ana, 100)
    with time_machine.travel(local("2025-02-10T10:00"), tick=False):
        award(bo, 100)
    with time_machine.travel(local("2025-03-10T10:00"), tick=False):
        latest = award(ana, 100)
    assert board(client) == [(1, "Ana", 200), (2, "Bo", 100)]

    services.points_reverse(entry=latest, reason="Counted twice", reversed_by=reviewer)

    # Tied again: Ana reached 100 in January, before Bo.
    assert board(client) == [(1, "Ana", 100), (1, "Bo", 100)]
    assert board(client, 2025, 3) == []
    assert check()[0] == 0


def test_deductions_and_corrections_do_not_count_as_points_earned(client, reviewer, award):
    cy = MemberFactory(display_name="Cy")
    award(cy, 500)
    award(cy, -200, reason="Redeemed a T-shirt")
    services.points_reverse(entry=award(cy, -50, reason="x"), reason="Oops", reversed_by=reviewer)

    assert board(client) == [(1, "Cy", 500)]
    assert selectors.points_balance(member=cy) == 300
    assert check()[0] == 0


def test_a_tie_across_two_pages_keeps_its_rank(client, award):
    with time_machine.travel(local("2025-05-01T10:00"), tick=True):
        for points in range(100, 76, -1):  # 24 members, 100 down to 77 points
            award(MemberFactory(), points)
        tied = [MemberFactory(display_name=f"Tied {n}") for n in range(3)]
        for member in tied:
            award(member, 5)

    first = client.get(reverse("submissions:leaderboard"))
    second = client.get(reverse("submissions:leaderboard"), {"page": 2})

    assert [row.rank for row in first.context["page"]][-2:] == [24, 25]
    assert [(row.rank, row.member.public_name) for row in second.context["page"]] == [
        (25, "Tied 1"),
        (25, "Tied 2"),
    ]


def test_a_viewer_far_down_the_board_sees_their_rank(client, award):
    for points in range(100, 60, -1):
        award(MemberFactory(), points)
    viewer = MemberFactory()
    award(viewer, 61)  # tied with the 40th
    client.force_login(viewer)

    response = client.get(reverse("submissions:leaderboard"))

    assert response.context["position"] == selectors.LeaderboardPosition(rank=40, points=61)


def test_check_reports_a_difference_and_rebuild_repairs_it(client, award):
    ana = MemberFactory(display_name="Ana")
    with time_machine.travel(local("2025-06-01T10:00"), tick=False):
        award(ana, 100)
    PointsTotal.objects.filter(member=ana, period="month").update(points=999)

    status, output = check()

    assert status == 1
    assert f"member {ana.pk}, month from 2025-06-01: summary 999 points" in output
    assert "ledger 100 points" in output
    rebuild()
    assert check()[0] == 0
    assert board(client, 2025, 6) == [(1, "Ana", 100)]


def test_rebuild_counts_ledger_rows_loaded_without_the_services(client):
    """What the benchmark does: bulk-load the ledger, then rebuild the summary."""
    ana, bo = MemberFactory(display_name="Ana"), MemberFactory(display_name="Bo")
    kind = ContentType.objects.get_for_model(Submission)
    rows = [(ana, 100, "2025-01-05T10:00"), (bo, 300, "2025-02-05T10:00"), (ana, 250, "2025-02-06")]
    PointEntry.objects.bulk_create(
        PointEntry(
            member=member,
            amount=amount,
            reason="Loaded",
            source_type=kind,
            source_id=number,
            created_at=local(at),
        )
        for number, (member, amount, at) in enumerate(rows, start=1)
    )
    assert check()[0] == 1

    rebuild()

    assert board(client) == [(1, "Ana", 350), (2, "Bo", 300)]
    assert board(client, 2025, 2) == [(1, "Bo", 300), (2, "Ana", 250)]
    assert check()[0] == 0


def test_every_page_shows_its_part_of_the_whole_board_in_order_and_rank(client, award):
    chooser = random.Random(20261202)
    with time_machine.travel(local("2025-05-01T10:00"), tick=True):
        # 80 members on 12 scores: ties inside pages and across their edges.
        for _ in range(80):
            award(MemberFactory(), chooser.choice(range(10, 130, 10)))

    totals = list(
        PointsTotal.objects.filter(period="all", points__gt=0).order_by(
            "-points", "reached_at", "member_id"
        )
    )
    whole = [
        (1 + sum(other.points > total.points for other in totals), total.member_id, total.points)
        for total in totals
    ]
    shown = []
    for page in range(1, 5):
        response = client.get(reverse("submissions:leaderboard"), {"page": page})
        shown += [(row.rank, row.member.pk, row.points) for row in response.context["page"]]

    assert shown == whole
