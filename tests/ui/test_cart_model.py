"""The cart model announces only what a refresh changed (issue 15): a re-scan repaints its
row, a new line is one inserted row, a voided last line one removed row; nothing else."""

from __future__ import annotations

from ui.widgets.cart_model import CartModel, CartRow
from ui.widgets.cart_table import HEADERS, RIGHT_ALIGNED


def _rows(n: int, qty: dict[int, int] | None = None) -> list[CartRow]:
    qty = qty or {}
    return [CartRow(f"l{i}", (str(i + 1), f"商品 {i}", str(qty.get(i, 1)), "¥1.00", "",
                              f"¥{qty.get(i, 1)}.00", ""), "") for i in range(n)]


def _watch(model: CartModel) -> list[tuple]:
    seen: list[tuple] = []
    model.dataChanged.connect(lambda a, b, _roles=None: seen.append(("changed", a.row(), b.row())))
    model.rowsInserted.connect(lambda _p, a, b: seen.append(("inserted", a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: seen.append(("removed", a, b)))
    model.modelReset.connect(lambda: seen.append(("reset",)))
    return seen


def test_a_rescan_in_a_100_line_cart_changes_one_row_only(qapp) -> None:
    model = CartModel(HEADERS, RIGHT_ALIGNED)
    model.set_rows(_rows(100))
    seen = _watch(model)
    model.set_rows(_rows(100, {42: 2}))
    assert seen == [("changed", 42, 42)]
    assert model.data(model.index(42, 2)) == "2"


def test_a_new_line_is_one_inserted_row_and_a_void_one_removed_row(qapp) -> None:
    model = CartModel(HEADERS, RIGHT_ALIGNED)
    model.set_rows(_rows(10))
    seen = _watch(model)
    model.set_rows(_rows(11))
    model.set_rows(_rows(11))  # the same rows again: nothing at all
    model.set_rows(_rows(10))
    assert seen == [("inserted", 10, 10), ("removed", 10, 10)]


def test_a_member_attached_repaints_the_changed_rows_in_runs(qapp) -> None:
    model = CartModel(HEADERS, RIGHT_ALIGNED)
    model.set_rows(_rows(6))
    seen = _watch(model)
    model.set_rows(_rows(6, {0: 3, 1: 3, 2: 3, 5: 3}))
    assert seen == [("changed", 0, 2), ("changed", 5, 5)]
