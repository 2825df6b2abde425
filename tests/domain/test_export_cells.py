"""Exports never hand a spreadsheet a formula: cells starting with = + - @ tab or CR are
prefixed with an apostrophe; numbers and ordinary text pass unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from pos_app.domain.export_cells import safe_cell, safe_row


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","点我")', "+1+1",
                                  "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"])
def test_formula_like_text_is_made_plain_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["苹果", "A1", "6901234567892", "", " =1", 12.3, -5, None])
def test_everything_else_is_left_alone(value):
    assert safe_cell(value) == value


def test_a_csv_and_an_xlsx_export_carry_no_formula(tmp_path):
    row = safe_row(["A1", '=HYPERLINK("http://evil.example")', -5, "@cmd"])
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row)
    assert buffer.getvalue().startswith('A1,"\'=HYPERLINK(')
    book = Workbook()
    book.active.append(row)
    book.save(tmp_path / "x.xlsx")
    cells = [c for c in next(load_workbook(tmp_path / "x.xlsx").active.iter_rows())]
    assert [c.data_type for c in cells] == ["s", "s", "n", "s"]  # no formula cell ("f")
    assert cells[1].value.startswith("'=")
