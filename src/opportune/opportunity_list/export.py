"""The opportunity list as a file: every row the list's filter and sort select (all pages, not
one), in the chosen columns, as CSV or XLSX.

Rows are read in chunks of CHUNK_SIZE and written one at a time, so memory stays flat however
long the list: CSV goes to the response as it is written, XLSX is written by openpyxl's
write-only mode into a temporary file that the response then streams.

Spreadsheet programs run a text cell starting with "=", "+", "-", "@", tab or CR as a formula
(formula injection): such text gets a leading apostrophe in CSV and is a plain text cell in
XLSX. Numbers and dates are written as numbers and dates, never as text.
"""

import csv
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import IO

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from opportune.opportunities.models import Opportunity
from opportune.pipeline.models import FieldType

from .columns import Column, Columns, PageRows, page_rows
from .list_settings import chosen_columns

CHUNK_SIZE = 2000
# CSV rows handed to the response at once: one write per row would be 100,000 small writes.
CSV_ROWS_PER_WRITE = 200
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MACHINE = "machine"  # ?format=machine: ISO dates, decimal point and "," in every language
BOM = "\ufeff"  # spreadsheet programs read a CSV as UTF-8 only with it
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel number formats are stored without locale; Excel shows the reader's separators.
XLSX_MONEY_FORMAT = "#,##0.00"

# A cell's value as the columns give it: text, a number, a date or an instant; None is empty.
Value = str | Decimal | date | datetime | None

# An export-only column beside the money columns: the amounts are plain numbers there.
CURRENCY = Column("currency", gettext_lazy("Currency"), (), lambda o, rows: o.currency)
MONEY_KEYS = ("value", "weighted")


def export_columns(request, registry: Columns) -> list[Column]:
    """The columns an export writes, in order: those of `columns=` in the address (comma
    separated keys, as the list reads them), else the reader's chosen columns; the currency
    after the first money column."""
    given = request.GET.get("columns", "").split(",")
    keys, _unknown = registry.known(key.strip() for key in given if key.strip())
    if not keys:
        keys = chosen_columns(workspace=request.workspace, user=request.user, columns=registry)
    columns = [registry.by_key[key] for key in keys]
    money = [i for i, column in enumerate(columns) if column.key in MONEY_KEYS]
    if money:
        columns.insert(money[0] + 1, CURRENCY)
    return columns


def _is_money(column: Column) -> bool:
    return column.key in MONEY_KEYS or (
        column.field is not None and column.field.type == FieldType.MONEY
    )


@dataclass(frozen=True)
class ExportFormat:
    """How numbers and dates are written: the reader's language, or machine-readable."""

    delimiter: str
    decimal_separator: str
    date_format: str  # Django format for CSV, "" for ISO
    datetime_format: str
    xlsx_date_format: str
    xlsx_datetime_format: str

    @classmethod
    def for_reader(cls, *, machine: bool) -> "ExportFormat":
        """The format for the active language, or the machine-readable one."""
        if machine:
            return cls(",", ".", "", "", "YYYY-MM-DD", "YYYY-MM-DD HH:MM")
        separator = formats.get_format("DECIMAL_SEPARATOR")
        # With a decimal comma, spreadsheet programs split a CSV at semicolons.
        return cls(
            delimiter=";" if separator == "," else ",",
            decimal_separator=separator,
            date_format="SHORT_DATE_FORMAT",
            datetime_format="SHORT_DATETIME_FORMAT",
            xlsx_date_format=_excel_format(formats.get_format("SHORT_DATE_FORMAT")),
            xlsx_datetime_format=_excel_format(formats.get_format("SHORT_DATETIME_FORMAT")),
        )

    def text(self, value: Value) -> str:
        """A CSV field: numbers with the decimal separator and no grouping, dates in the
        format, text neutralised."""
        if value is None:
            return ""
        if isinstance(value, Decimal | int | float):
            return format(value, "f").replace(".", self.decimal_separator)
        if isinstance(value, datetime):
            local = timezone.localtime(value)
            if not self.datetime_format:
                return local.isoformat(timespec="seconds")
            return formats.date_format(local, self.datetime_format)
        if isinstance(value, date):
            return formats.date_format(value, self.date_format) if self.date_format else str(value)
        text = str(value)
        return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _excel_format(django_format: str) -> str:
    """An Excel number format for a Django date format ("d.m.Y H:i" -> "DD.MM.YYYY HH:MM")."""
    codes = {"d": "DD", "m": "MM", "Y": "YYYY", "H": "HH", "i": "MM"}
    return "".join(codes.get(character, character) for character in django_format)


def export_rows(opportunities, columns) -> Iterator[tuple[Opportunity, PageRows]]:
    """Each opportunity with the tags and custom values the columns show, read CHUNK_SIZE at a
    time: the rows in one query, their related data in one query per kind and chunk."""
    rows = opportunities.select_related("organization", "phase", "owner", "category")
    rows = rows.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        related = page_rows(chunk, columns)
        for opportunity in chunk:
            yield opportunity, related


def export_filename(workspace, extension: str) -> str:
    return f"opportunities-{workspace.slug}-{timezone.localdate().isoformat()}.{extension}"


def csv_chunks(opportunities, *, columns, export_format: ExportFormat) -> Iterator[str]:
    """The CSV file in pieces, BOM first; read lazily, as the response sends it."""
    # The response is sent after the view returns: keep the reader's language until the end.
    language = translation.get_language()
    writer = csv.writer(_Echo(), delimiter=export_format.delimiter)
    with translation.override(language):
        yield BOM + writer.writerow([str(column.label) for column in columns])
        lines = []
        for opportunity, related in export_rows(opportunities, columns):
            values = [export_format.text(column.value(opportunity, related)) for column in columns]
            lines.append(writer.writerow(values))
            if len(lines) == CSV_ROWS_PER_WRITE:
                yield "".join(lines)
                lines = []
        if lines:
            yield "".join(lines)


class _Echo:
    """A file for csv.writer that hands each written row back instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def xlsx_file(opportunities, *, columns, export_format: ExportFormat) -> IO[bytes]:
    """The XLSX workbook in a temporary file, positioned at its start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Opportunities"))
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, str(column.label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    money = [_is_money(column) for column in columns]
    for opportunity, related in export_rows(opportunities, columns):
        values = (column.value(opportunity, related) for column in columns)
        sheet.append(
            [
                _xlsx_value(sheet, value, export_format, is_money=is_money)
                for value, is_money in zip(values, money, strict=True)
            ]
        )
    # openpyxl keeps written rows in a file of its own; only the zip is assembled here. The
    # response closes the file once it is sent.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(file)
    file.seek(0)
    return file


def _xlsx_value(sheet, value: Value, export_format: ExportFormat, *, is_money: bool):
    """A value for a row of the write-only sheet: itself, or a cell with a format."""
    if isinstance(value, Decimal) and not is_money and value == value.to_integral_value():
        value = int(value)  # counts and percentages; a Decimal may read 1E+2
    if value is None or isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date | Decimal):
        cell = WriteOnlyCell(sheet)
        if isinstance(value, datetime):
            # Excel has no time zones: the local wall-clock time, as the pages show it.
            cell.value = timezone.localtime(value).replace(tzinfo=None, microsecond=0)
            cell.number_format = export_format.xlsx_datetime_format
        elif isinstance(value, date):
            cell.value = value
            cell.number_format = export_format.xlsx_date_format
        else:
            cell.value = value
            cell.number_format = XLSX_MONEY_FORMAT if is_money else "General"
        return cell
    # XML cannot hold most control characters; openpyxl refuses text with them.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not text.startswith(FORMULA_PREFIXES):
        return text
    cell = WriteOnlyCell(sheet, text)
    # openpyxl takes "=…" for a formula: keep it text, marked as typed text (quotePrefix) so
    # that editing the cell in Excel does not turn it into one either.
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
