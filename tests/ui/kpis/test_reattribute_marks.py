"""The re-attribution picker marks what came back of a line (tester 9): a returned line must
not read as a plain sale of its net amount."""

from __future__ import annotations

from pos_app.services.kpis import SoldLine
from ui.kpis.reattribute_dialog import _item_text


def _line(quantity: int, returned: int) -> SoldLine:
    return SoldLine("l1", "s1", "S01-T01-000101", 1, "可口可乐", quantity, 700, "", "",
                    returned)


def test_a_returned_line_says_so():
    assert _item_text(_line(2, 0)) == "可口可乐"
    assert _item_text(_line(2, 1)) == "可口可乐 (1 returned)"
    assert _item_text(_line(2, 2)) == "可口可乐 (returned)"
