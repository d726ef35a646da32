"""Organizers' spreadsheets from the admin lists: CSV and XLSX, streamed in constant memory."""

import csv
import io
import re
import tracemalloc
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from community_portal.core.exports import Column, csv_response, table_rows, xlsx_response
from submissions.models import PointEntry
from tests.factories.members import MemberFactory
from tests.factories.programs import ApplicationFactory
from tests.factories.stations import EventFactory, RegistrationFactory
from tests.factories.submissions import SubmissionFactory

pytestmark = pytest.mark.django_db


def _export(client, url_name, action, **filters):
    url = reverse(url_name)
    if filters:
        url += "?" + "&".join(f"{key}={value}" for key, value in filters.items())
    return client.post(
        url, {"action": action, "select_across": "1", "index": "0", "_selected_action": ["0"]}
    )


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_text(response) -> str:
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = book.namelist()
        text = book.read("xl/worksheets/sheet1.xml").decode()
        if "xl/sharedStrings.xml" in names:
            text += book.read("xl/sharedStrings.xml").decode()
    return text


def test_registrants_export_has_check_in_for_the_events_filtered(reviewer_client):
    event = EventFactory(title="Lake meetup")
    present = RegistrationFactory(event=event, attended=True, member__display_name="Ada")
    RegistrationFactory(event=event)
    RegistrationFactory(event=EventFactory(title="Other meetup"))

    rows = _csv(
        _export(
            reviewer_client,
            "admin:stations_registration_changelist",
            "export_csv",
            event__id__exact=event.pk,
        )
    )

    assert rows[0][:6] == ["station", "event", "starts", "member", "name", "e-mail"]
    assert rows[0][-1] == "checked in"
    assert len(rows) == 3
    ada = next(row for row in rows if row[4] == "Ada")
    assert ada[5] == present.member.email
    assert ada[-1] == timezone.localtime(present.checked_in_at).strftime("%Y-%m-%d %H:%M")


def test_export_leaves_out_emails_for_a_viewer_who_may_not_see_accounts(client):
    RegistrationFactory(member__email="hidden@example.org")
    organizer = MemberFactory(is_staff=True)
    organizer.user_permissions.add(
        Permission.objects.get(
            codename="view_registration",
            content_type=ContentType.objects.get(app_label="stations", model="registration"),
        )
    )
    client.force_login(organizer)

    rows = _csv(_export(client, "admin:stations_registration_changelist", "export_csv"))

    assert "e-mail" not in rows[0]
    assert "hidden@example.org" not in str(rows)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:stations_registration_changelist",
        "admin:submissions_pointentry_changelist",
        "admin:submissions_pointstotal_changelist",
        "admin:submissions_submission_changelist",
        "admin:programs_application_changelist",
    ],
)
def test_export_is_refused_without_permission_to_view_the_list(client, url_name):
    RegistrationFactory()
    client.force_login(MemberFactory(is_staff=True))

    response = _export(client, url_name, "export_csv")

    assert response.status_code == 403


def test_anonymous_export_is_sent_to_sign_in(client):
    response = _export(client, "admin:stations_registration_changelist", "export_csv")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_ledger_and_leaderboard_export_as_xlsx(reviewer_client):
    submission = SubmissionFactory(author__display_name="Grace")
    PointEntry.objects.create(
        member=submission.author,
        amount=1000,
        reason="Selected: a tutorial",
        source_type=ContentType.objects.get_for_model(submission),
        source_id=submission.pk,
    )
    call_command("rebuild_points_summary")

    ledger = _xlsx_text(
        _export(reviewer_client, "admin:submissions_pointentry_changelist", "export_xlsx")
    )
    board = _xlsx_text(
        _export(reviewer_client, "admin:submissions_pointstotal_changelist", "export_xlsx")
    )

    assert "Grace" in ledger
    assert "Selected: a tutorial" in ledger
    assert "Grace" in board
    assert ">1000<" in board


def test_submissions_and_applications_export(reviewer_client):
    SubmissionFactory(title="A tuning story", selected=True)
    ApplicationFactory(submitted=True, organization_name="Acme", contact_email="c@acme.example")

    submissions = _csv(
        _export(reviewer_client, "admin:submissions_submission_changelist", "export_csv")
    )
    applications = _csv(
        _export(reviewer_client, "admin:programs_application_changelist", "export_csv")
    )

    assert submissions[1][1] == "A tuning story"
    assert submissions[1][4] == "selected"
    assert applications[1][1] == "Acme"
    assert "c@acme.example" in applications[1]


def test_csv_cells_cannot_run_as_formulas():
    response = csv_response(["title"], [['=HYPERLINK("http://evil")']], "x")

    assert _csv(response)[1] == ['\'=HYPERLINK("http://evil")']


ROWS = 100_000


@pytest.fixture
def ledger_of_100000_rows():
    member = MemberFactory()
    source_type = ContentType.objects.get_for_model(PointEntry)
    now = timezone.now()
    table = PointEntry._meta.db_table
    # Plain INSERTs: 100,000 model instances would make the setup the slow part.
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (member_id, amount, reason, message_id, message_params,"  # noqa: S608
            " source_type_id, source_id, created_at) VALUES (%s, %s, %s, '', '{}', %s, %s, %s)",
            [
                (member.pk, 10, f"Gift voucher batch, row {index:06d}", source_type.pk, index, now)
                for index in range(1, ROWS + 1)
            ],
        )
    return PointEntry.objects.order_by("id")


COLUMNS = [
    Column("when", "created_at"),
    Column("member", "member__username"),
    Column("points", "amount"),
    Column("reason", "reason"),
]
# The CSV alone is over 6 MB (and the rows as Python objects several times that);
# streamed, the export's peak is about 1.2 MB.
MEMORY_BOUND = 2 * 1024 * 1024


def _peak(consume) -> tuple[int, int]:
    tracemalloc.start()
    try:
        size = consume()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return size, peak


@pytest.mark.once
def test_export_of_100000_rows_streams_in_bounded_memory(ledger_of_100000_rows, tmp_path):
    header = ["when", "member", "points", "reason"]

    def consume_csv():
        response = csv_response(header, table_rows(ledger_of_100000_rows, COLUMNS), "ledger")
        size = lines = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
        assert lines == ROWS + 1
        return size

    def consume_xlsx():
        response = xlsx_response(
            header, table_rows(ledger_of_100000_rows, COLUMNS), "ledger", "Ledger"
        )
        with (tmp_path / "ledger.xlsx").open("wb") as file:
            for chunk in response.streaming_content:
                file.write(chunk)
            return file.tell()

    csv_size, csv_peak = _peak(consume_csv)
    xlsx_size, xlsx_peak = _peak(consume_xlsx)
    assert xlsx_size > 0

    assert csv_size > 3 * MEMORY_BOUND
    assert csv_peak < MEMORY_BOUND, f"CSV: peak {csv_peak} bytes"
    assert xlsx_peak < MEMORY_BOUND, f"XLSX: peak {xlsx_peak} bytes"
    with (
        zipfile.ZipFile(tmp_path / "ledger.xlsx") as book,
        book.open("xl/worksheets/sheet1.xml") as sheet,
    ):
        last = b""
        while block := sheet.read(1 << 20):
            last = (last + block)[-4000:]
    assert re.search(rb'<row r="%d"' % (ROWS + 1), last)
