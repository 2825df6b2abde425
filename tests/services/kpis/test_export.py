"""The XLSX export: the same report gives the same bytes, with native chart sheets."""

from __future__ import annotations

import zipfile
from datetime import date

from openpyxl import load_workbook

from pos_app.domain.kpis import KpiFacts, Period, SaleShare, compute
from pos_app.services.kpis.export import xlsx_bytes


def test_xlsx_is_byte_stable_and_has_chart_sheets(tmp_path):
    d = date(2026, 3, 1)
    kpis = compute(Period.day(d), KpiFacts(sales=[SaleShare("s", d, "a", True, 2, 1234)]),
                   names={"a": "王芳"})
    first = xlsx_bytes(kpis)
    assert first == xlsx_bytes(kpis)
    path = tmp_path / "k.xlsx"
    path.write_bytes(first)
    names = zipfile.ZipFile(path).namelist()
    assert any(n.startswith("xl/chartsheets/") for n in names)
    assert any(n.startswith("xl/charts/chart") for n in names)
    ws = load_workbook(path).worksheets[0]
    assert ws.cell(3, 1).value == "王芳" and float(ws.cell(3, 2).value) == 12.34
