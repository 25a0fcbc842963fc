"""Reading the spreadsheets of bulk imports: XLSX (openpyxl, streamed) and CSV (UTF-8, with or
without a byte-order mark). No hand-written parser.

A sheet is read into its header and its data rows, each with the spreadsheet's own row number
(the header is row 1), so that an error names the row the user sees. What makes the whole file
unreadable (a wrong encoding, a broken file, too many rows) raises ``SheetError`` with a code;
formula cells are refused cell by cell (``Sheet.formulas``): an import takes values as typed,
never a formula's result, which the file may not even hold."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

MAX_ROWS = 10_000
# Columns read at most: a sheet whose used range reaches column XFD is not read cell by cell.
MAX_COLUMNS = 200
EXTENSIONS = (".xlsx", ".csv")


class SheetError(Exception):
    """The file cannot be read at all: ``code`` and ``params`` as an import error's."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number, cells as text, stripped)
    formulas: list[tuple[int, int]] = field(default_factory=list)  # (row, column index)


def cell_text(value: Any) -> str:
    """A cell's value as the text an import checks: whole numbers without ".0" (a numeric
    participant id or a key typed as 1), dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):  # openpyxl's are naive: a date typed in a cell
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read(filename: str, content: bytes) -> Sheet:
    name = filename.lower()
    if name.endswith(".csv"):
        return read_csv(content)
    if name.endswith(".xlsx"):
        return read_xlsx(content)
    raise SheetError("unsupported_file")


def _too_many() -> SheetError:
    return SheetError("too_many_rows", limit=MAX_ROWS)


def read_csv(content: bytes) -> Sheet:
    """UTF-8 only (a byte-order mark is dropped): a file saved in another encoding is refused
    rather than guessed, since a wrong guess would import misspelt names."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError("wrong_encoding") from None
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to Spanish save CSV with semicolons.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, raw in enumerate(reader, start=1):
            cells = [c.strip() for c in raw[:MAX_COLUMNS]]
            if header is None:
                header = cells
                continue
            if not any(cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many()
            rows.append((number, cells))
    except csv.Error:
        raise SheetError("unreadable_file") from None
    return Sheet(header=header or [], rows=rows)


def read_xlsx(content: bytes) -> Sheet:
    """The first worksheet, streamed (``read_only``); formulas are kept as formulas
    (``data_only=False``) so that they can be found and refused."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise SheetError("unreadable_file") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return Sheet(header=[], rows=[])
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        formulas: list[tuple[int, int]] = []
        # No max_col: openpyxl would pad every row to it with empty cells.
        for number, raw in enumerate(sheet.iter_rows(), start=1):
            cells = []
            has_formula = False
            for index, cell in enumerate(raw[:MAX_COLUMNS]):
                if getattr(cell, "data_type", None) == "f":
                    formulas.append((number, index))
                    cells.append("")
                    has_formula = True
                    continue
                cells.append(cell_text(getattr(cell, "value", None)))
            while cells and not cells[-1]:
                cells.pop()
            if header is None:
                header = cells
                continue
            if not any(cells) and not has_formula:
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many()
            rows.append((number, cells))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
        raise SheetError("unreadable_file") from None
    finally:
        workbook.close()
    # Trailing empty header cells (a used range wider than the table) are not columns.
    while header and not header[-1]:
        header.pop()
    return Sheet(header=header or [], rows=rows, formulas=formulas)


def template(columns: list[str]) -> bytes:
    """An XLSX with the header row of an import, for the user to fill in."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("import")
    sheet.append(columns)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
