"""The trend chart's axis writes money as every other screen does: the sign before the ¥
("-¥34", never "¥-34"), whole yuan, thousands grouped (tester 14)."""

from __future__ import annotations

from ui.kpis.charts_panel import axis_yuan


def test_the_axis_puts_the_sign_before_the_yuan_sign():
    assert axis_yuan(-3_350) == "-¥33"
    assert axis_yuan(23_300) == "¥233"
    assert axis_yuan(1_234_500) == "¥12,345"
    assert axis_yuan(0) == "¥0" and axis_yuan(-50) == "¥0"  # no "-¥0"
