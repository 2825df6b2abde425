"""Size limits a catalog file must pass BEFORE it is parsed (issue 13: an 0.45 MB XLSX that
expanded to 3 million cells parsed for 70 s at 1.15 GB).

An .xlsx is a zip of XML: its directory says how big each part unpacks to, and the cells of
a sheet are `<c …>` elements. Both are checked with the standard library — the directory
sums, then each sheet's XML streamed in chunks and its `<row`/`<c ` tags counted until a cap
is passed — so a bomb is refused after reading a bounded amount, whatever it claims in its
<dimension> (exporters get that wrong, so it is not trusted in either direction). CSV: the
file's size, then rows and columns as they are read (import_rows._read_csv).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pos_app.errors import PosError
from pos_app.i18n import N_, gettext

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 64
MAX_CELLS = MAX_ROWS * 20

D_FILE_SIZE = N_("{size} MB; at most {limit} MB")
D_UNPACKED = N_("it unpacks to more than {limit} MB")
D_ROWS = N_("more than {limit} rows")
D_COLUMNS = N_("more than {limit} columns")
D_CELLS = N_("more than {limit} cells")

_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_CHUNK = 1 << 20


def too_large(path: Path, detail: str, **params: object) -> PosError:
    return PosError("import_too_large", path=str(path), detail=gettext(detail).format(**params))


def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise too_large(path, D_FILE_SIZE, size=round(size / 2**20, 1),
                        limit=MAX_FILE_BYTES // 2**20)


def check_xlsx(path: Path) -> None:
    """Refuse a workbook that unpacks too big or whose sheets hold too many rows/cells.
    A file that is not a zip at all is left to openpyxl's own "not a workbook" answer."""
    check_file_size(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise too_large(path, D_UNPACKED, limit=MAX_UNPACKED_BYTES // 2**20)
        for name in archive.namelist():
            if _SHEET.fullmatch(name):
                _count_cells(path, archive, name)


def _count_cells(path: Path, archive: zipfile.ZipFile, name: str) -> None:
    rows = cells = 0
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            data = tail + chunk
            cut = max(len(data) - 8, 0)  # a tag split across chunks is counted once
            rows += data.count(b"<row", 0, cut) + data.count(b":row ", 0, cut)
            cells += data.count(b"<c ", 0, cut) + data.count(b"<c>", 0, cut)
            tail = data[cut:]
            if rows > MAX_ROWS + 1:  # + the header row
                raise too_large(path, D_ROWS, limit=MAX_ROWS)
            if cells > MAX_CELLS:
                raise too_large(path, D_CELLS, limit=MAX_CELLS)
    rows += tail.count(b"<row")
    if rows > MAX_ROWS + 1:
        raise too_large(path, D_ROWS, limit=MAX_ROWS)


def used_columns(values: list[object] | tuple[object, ...]) -> int:
    """Columns up to the last non-empty one (styled empty columns do not count)."""
    for i in range(len(values) - 1, -1, -1):
        if values[i] not in (None, ""):
            return i + 1
    return 0


def check_shape(path: Path, rows: int, columns: int) -> None:
    """Rows/columns of a sheet as it is read (CSV, and XLSX rows openpyxl yields)."""
    if rows > MAX_ROWS + 1:
        raise too_large(path, D_ROWS, limit=MAX_ROWS)
    if columns > MAX_COLUMNS:
        raise too_large(path, D_COLUMNS, limit=MAX_COLUMNS)
