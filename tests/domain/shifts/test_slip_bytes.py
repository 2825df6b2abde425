"""The X/Z slip on paper: ESC/POS bytes for 58 and 80 mm, read back as text in Chinese and
English, every line inside the paper, and a stored Z reprinted byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.printer.cells import cells
from devices.printer.shift_slip import COLUMNS_BY_MM, render_shift_slip, render_z
from devices.printer.virtual import render_text
from pos_app.domain.money import format_money
from pos_app.domain.shifts import DiscountFigures, ShiftFacts, build_report
from pos_app.errors import PosError
from pos_app.i18n import gettext_in
from pos_app.services.shifts.stored import report_from_json, report_json
from tests.domain.shifts.slip_samples import CST, z_report


@pytest.mark.parametrize("width_mm", [58, 80])
def test_the_z_prints_in_chinese_with_every_line_inside_the_paper(width_mm):
    columns = COLUMNS_BY_MM[width_mm]
    data = render_z(z_report(), width_mm, "zh_CN", tz=CST)
    assert data.startswith(b"\x1b\x40\x1c\x26")  # reset, Chinese mode on
    assert "现金".encode("gb18030") in data
    lines = render_text(data, columns)
    assert all(cells(line) <= columns for line in lines)
    text = "\n".join(lines)
    for msgid in ("Z report", "Net sales", "Grand total", "Events waiting for HQ"):
        assert gettext_in("zh_CN", msgid) in text
    assert "￥11199.50" in text and "-￥413.50" in text and "000012" in text
    assert lines[-1] == "-- cut --"


@pytest.mark.parametrize("width_mm", [58, 80])
def test_the_z_prints_in_english(width_mm):
    lines = render_text(render_z(z_report(), width_mm, "en", tz=CST), COLUMNS_BY_MM[width_mm])
    assert lines[0].strip() == "Z report"
    text = "\n".join(lines)
    for words in ("Cash", "Card", "WeChat Pay", "Expected", "Counted", "Over/short",
                  "Cash out · Bank deposit (2)", "Drawer opens", "Coupons redeemed",
                  "Gifts handed out", "Audit row", "Counted by"):
        assert words in text, words


def test_a_reprint_from_the_stored_z_is_byte_identical():
    report = z_report()
    first = render_z(report, 80, "zh_CN")
    stored = report_from_json(report_json(report))
    assert render_z(stored, 80, "zh_CN") == first
    assert render_z(report_from_json(report_json(stored)), 80, "zh_CN") == first


def test_a_paper_width_the_printers_do_not_have_is_refused_with_a_message():
    with pytest.raises(PosError) as caught:
        render_z(z_report(), 76, "en")
    assert "58 mm" in caught.value.message()


@settings(max_examples=40, deadline=None)
@given(sales=st.integers(0, 10**10), returned=st.integers(0, 10**8),
       name=st.text(alphabet="可口乐买送一Abc 0123", min_size=1, max_size=40),
       columns=st.sampled_from([32, 42, 48]), language=st.sampled_from(["zh_CN", "en"]))
def test_any_figures_and_campaign_names_stay_inside_the_paper(sales, returned, name, columns,
                                                              language):
    facts = ShiftFacts(sales_count=3, sales_total=sales, returns_count=1,
                       returns_total=returned, tendered={"cash": sales},
                       refunded={"cash": returned},
                       discounts=(DiscountFigures("promo.x", "c/r", name, 1, 100),))
    report = build_report(facts, kind="X", shift_id="s", store_code="S01", terminal_code="T01",
                          opened_by="李娜", opened_at="2026-12-07T01:00:00+00:00",
                          at="2026-12-07T02:00:00+00:00")
    lines = render_text(render_shift_slip(report, columns, language), columns)
    assert all(cells(line) <= columns for line in lines)
    net = format_money(sales - returned, "￥")
    assert any(line.split() and line.split()[-1] == net for line in lines)
