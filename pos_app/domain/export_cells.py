"""Cells written to CSV/XLSX exports, made safe to open in a spreadsheet (CSV injection).

Why: a catalog name like `=HYPERLINK("http://evil", "点我")` or `@SUM(…)` is stored as given
(it is just text to the till), but Excel/WPS/LibreOffice run a cell that starts with
= + - @, or with a tab or carriage return before one of those, as a formula when an export is
opened. Every export (now and later, till or HQ — HQ may import pos_app.domain) passes its
cells through `safe_cell`/`safe_row`: such text gets a leading apostrophe, which spreadsheets
show as plain text and do not display. Numbers stay numbers (-5 is a value, not a formula).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` unchanged unless it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]
