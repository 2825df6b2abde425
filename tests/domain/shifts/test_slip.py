"""The X/Z slip's rows: every figure of the report, labelled in the slip's language."""

from __future__ import annotations

from dataclasses import replace

from pos_app.domain.shifts import hide_expected
from pos_app.domain.shifts.slip import Style, shift_slip_rows
from pos_app.i18n import gettext_in
from tests.domain.shifts.slip_samples import CST, x_report, z_report


def _pairs(rows):
    return {(r.label.strip(), r.value) for r in rows}


def _labels(rows):
    return [r.label.strip() for r in rows]


def test_the_z_slip_shows_every_figure_of_the_report():
    rows = shift_slip_rows(z_report(), "en", symbol="¥", tz=CST)
    pairs = _pairs(rows)
    for expected in [
        ("Z number", "000012"), ("Terminal", "S01-T01"), ("Opened by", "李娜"),
        ("Closed by", "张伟"), ("Opened", "2026-12-07 09:00:00"),
        ("Closed", "2026-12-07 17:30:00"),
        ("Sales (12)", "¥1234.50"), ("Returns (1)", "-¥35.00"), ("Net sales", "¥1199.50"),
        ("Float", "¥500.00"), ("Cash in", "¥100.00"), ("Cash out", "-¥500.00"),
        ("Expected", "¥865.00"), ("Counted", "¥451.50"), ("Over/short", "-¥413.50"),
        ("¥100 x 3", "¥300.00"), ("5 jiao x 3", "¥1.50"),
        ("Counted", "¥299.00"), ("Over/short", "-¥1.00"),  # card counted ¥1 short
        ("Total over/short", "-¥414.50"), ("Tolerance per tender", "¥5.00"),
        ("Cash in · Float top-up (1)", "¥100.00"), ("Cash out · Bank deposit (2)", "-¥500.00"),
        ("可口可乐500ml 买一送一 (3)", "-¥12.00"), ("Member price (2)", "-¥5.00"),
        ("Discounts total", "-¥17.00"),
        ("Sales voided", "1"), ("Lines voided", "2"), ("Parked sales dropped", "3"),
        ("Drawer opens", "12"), ("No-sale opens", "1"), ("Coupons redeemed", "4"),
        ("Gifts handed out", "5"), ("Events waiting for HQ", "14"),
        ("Grand total before", "¥10000.00"), ("Grand total", "¥11199.50"),
        ("Audit row", "321"), ("ab" * 32, ""),
    ]:
        assert expected in pairs, expected
    labels = _labels(rows)
    assert labels.index("Cash") < labels.index("Card") < labels.index("WeChat Pay")
    assert "Over tolerance: approved by a manager" in labels
    assert rows[0].style == Style.TITLE and rows[0].label == "Z report"


def test_an_x_slip_has_no_z_number_no_count_and_no_grand_total():
    labels = _labels(shift_slip_rows(x_report(), "en", tz=CST))
    assert labels[0] == "X report"
    for absent in ("Z number", "Counted", "Over/short", "Grand total", "Closed by"):
        assert absent not in labels
    assert "Expected" in labels and "Taken at" in labels


def test_a_blind_view_hides_what_the_drawer_should_hold():
    rows = shift_slip_rows(hide_expected(x_report()), "en", tz=CST)
    labels = _labels(rows)
    assert "Expected" not in labels and "Taken" not in labels
    assert "Sales (12)" in labels  # how many sales stays


def test_a_blind_x_shows_no_sales_by_tender_and_no_returns_amount():
    """20-L1: the tester's blind X still showed each tender's takings and the (cash)
    returns; none of what the expected cash could be worked out from is on it now."""
    pairs = dict(_pairs(shift_slip_rows(hide_expected(x_report()), "en", tz=CST)))
    labels = set(pairs)
    assert "Card" not in labels and "WeChat Pay" not in labels  # no sales by tender
    assert pairs["Returns (1)"] == pairs["Sales (12)"] == ""  # how many, not how much
    assert "Net sales" not in labels and "Points tendered" not in labels
    assert "\uffe535.00" not in "".join(pairs.values())  # the cash return's amount
    assert pairs["Float"] == "\uffe5500.00"  # what the counter put in themselves stays


def test_the_slip_speaks_the_language_it_is_asked_for_whatever_the_screen_says():
    zh = shift_slip_rows(z_report(), "zh_CN", tz=CST)
    labels = _labels(zh)
    assert "现金" in labels and "银行卡" in labels  # the tender names, translated
    assert gettext_in("zh_CN", "Z report") == zh[0].label
    assert ("可口可乐500ml 买一送一 (3)", "-\uffe512.00") in _pairs(zh)  # HQ's name kept


def test_a_tender_kind_from_a_newer_till_is_shown_by_its_code():
    report = z_report()
    odd = replace(report.tenders[1], kind="octopus")
    rows = shift_slip_rows(replace(report, tenders=(report.tenders[0], odd)), "en", tz=CST)
    assert "octopus" in _labels(rows)
