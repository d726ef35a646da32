"""Spreadsheets for organizers: any admin list as CSV or XLSX, in constant memory.

An admin declares its columns once::

    export_columns = [
        Column(_("event"), "event__title"),
        Column(_("e-mail"), "member__email", permission="members.view_user"),
        Column(_("checked in"), "checked_in_at", local_time),
    ]

and gets two actions (``ExportActionsMixin``): the rows the reviewer selected, or
every row the list's filters keep ("select all"), as a file. Rows are read with
``values_list(...).iterator()``: plain tuples, a chunk at a time, never a model
instance or the whole result in memory. A CSV is streamed as it is written. An XLSX
is a zip that XlsxWriter can only finish at the end: in ``constant_memory`` mode it
writes each row to a temporary file at once, and the finished file is then streamed
from disk, so memory stays flat whatever the number of rows.

A column with a ``permission`` is left out for a viewer without it (members'
e-mail addresses for reviewers who may not see member accounts).
"""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter
from django.contrib import admin
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def local_time(value):
    """A moment in the community's time zone, as a spreadsheet shows it."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    format: Callable | None = None
    permission: str | None = None


def columns_for(columns: list[Column], user) -> list[Column]:
    return [c for c in columns if c.permission is None or user.has_perm(c.permission)]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def table_rows(queryset, columns: list[Column]) -> Iterator[list]:
    """The rows of ``queryset`` as lists of cells, read a chunk at a time."""
    fields = [column.field for column in columns]
    formats = [column.format or _cell for column in columns]
    for values in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        yield [fmt(value) for fmt, value in zip(formats, values, strict=True)]


class _Line:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, text):
        return text


def _formula_safe(cell):
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def csv_response(header: list[str], rows: Iterable[list], filename: str):
    writer = csv.writer(_Line())

    def lines():
        yield "\ufeff"  # the BOM: spreadsheet programs then read UTF-8 (Chinese names) right
        yield writer.writerow([str(title) for title in header])
        for row in rows:
            yield writer.writerow([_formula_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(header: list[str], rows: Iterable[list], filename: str, sheet: str):
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook = xlsxwriter.Workbook(
        spool,
        {"constant_memory": True, "in_memory": False, "strings_to_formulas": False},
    )
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    worksheet.write_row(0, 0, [str(title) for title in header], bold)
    worksheet.freeze_panes(1, 0)
    for number, row in enumerate(rows, 1):
        worksheet.write_row(number, 0, row)
    workbook.close()
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )


EXPORT_ACTIONS = ("export_csv", "export_xlsx")


class ExportActionsMixin:
    """ "Export as CSV" and "Export as XLSX" for an admin list (``export_columns``): list
    ``*EXPORT_ACTIONS`` in the admin's ``actions``. Anyone who may view the list may
    export it."""

    export_columns: list[Column] = []
    export_name = "export"

    def _export(self, request, queryset, kind):
        columns = columns_for(self.export_columns, request.user)
        header = [column.header for column in columns]
        rows = table_rows(queryset, columns)  # in the list's own order
        name = f"{self.export_name}-{timezone.localdate():%Y%m%d}"
        if kind == "csv":
            return csv_response(header, rows, name)
        return xlsx_response(header, rows, name, str(self.model._meta.verbose_name_plural))

    @admin.action(description=_("Export as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export as XLSX"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")
