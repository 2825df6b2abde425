"""A till that was never paired says its dashboard shows this till only (issue 19-C; the
whole store from HQ and the fall-back when HQ is out of reach: tests/sync/
test_kpis_whole_store.py)."""

from __future__ import annotations


def test_an_unpaired_till_says_this_till_only(dashboard):
    dialog, _window, shop = dashboard()
    assert dialog.source.text() == "This till only — not paired with HQ"
    assert dialog.report.total.net_sales == (shop.wang_today + shop.li_today
                                             + shop.no_guide_today)
