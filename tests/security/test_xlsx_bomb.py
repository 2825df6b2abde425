"""An 0.45 MB XLSX that expands to 3 million cells parsed for 70 s at 1.15 GB (issue 13).

Hardened: the workbook is measured before openpyxl sees it — the zip directory's unpacked
sizes, then the sheet XML streamed with its rows and cells counted to a cap — and refused
in well under a few seconds with a translated message; nothing is imported."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from pos_app.errors import PosError
from pos_app.services.catalog_import import import_products
from pos_app.services.import_limits import MAX_ROWS
from tests.security.conftest import changed, digest

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        '"xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
        '</sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>'),
}


def xlsx_bomb(path: Path, rows: int = 100_000, columns: int = 30) -> Path:
    """rows × columns numeric cells, written streaming; 3M cells zip to well under 1 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
                        b'schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref='
                        b'"A1:B2"/><sheetData>')
            row = b"".join(b'<c t="n"><v>1</v></c>' for _ in range(columns))
            for n in range(1, rows + 1):
                sheet.write(b'<row r="%d">' % n + row + b"</row>")
            sheet.write(b"</sheetData></worksheet>")
    return path


def test_an_xlsx_bomb_is_refused_fast_before_parsing(world, tmp_path):
    bomb = xlsx_bomb(tmp_path / "catalog.xlsx")
    assert bomb.stat().st_size < 1_000_000  # small on disk, 3M cells inside
    before = digest(world.engine)
    started = time.monotonic()
    with pytest.raises(PosError) as info:
        import_products(world.engine, bomb)
    assert time.monotonic() - started < 10
    assert info.value.code == "import_too_large"
    assert "too large" in info.value.message()
    assert changed(before, digest(world.engine)) == []


def test_a_csv_over_the_row_limit_is_refused(world, tmp_path):
    big = tmp_path / "catalog.csv"
    big.write_text("sku,name_zh,price\n" + "".join(f"S{i},名{i},1.00\n"
                                                    for i in range(MAX_ROWS + 5)), "utf-8")
    before = digest(world.engine)
    with pytest.raises(PosError) as info:
        import_products(world.engine, big)
    assert info.value.code == "import_too_large"
    assert changed(before, digest(world.engine)) == []
