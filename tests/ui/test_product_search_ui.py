"""F3 finds a product the way a cashier types it: pinyin initials or full pinyin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import on_next_modal, press, wait_until
from tests.ui.test_sale_flow import sign_in_by_keyboard, type_like_a_person


def search_and_take_first(window, typed: str) -> dict:
    seen: dict = {}

    def in_dialog(dialog) -> None:
        wait_until(lambda: QApplication.focusWidget() is dialog.query)
        type_like_a_person(typed)
        seen["first"] = dialog.results.item(0).text() if dialog.results.count() else ""
        seen["count"] = dialog.results.count()
        press(dialog.query, Qt.Key.Key_Return)

    on_next_modal(in_dialog)
    press(QApplication.focusWidget(), Qt.Key.Key_F3)
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)
    return seen


def test_pinyin_initials_find_the_cola_and_enter_adds_it(make_window):
    window, _container = make_window(language="zh_CN")  # names shown in Chinese
    sign_in_by_keyboard(window)
    seen = search_and_take_first(window, "kkl 330")
    assert seen["first"].startswith("可口可乐 330ml")
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert window.till.cart.lines[0].product.barcode == "6901234567892"  # 可口可乐 330ml
    seen = search_and_take_first(window, "kkl")  # the whole family, shortest names first
    assert seen["first"].startswith("可口可乐") and seen["count"] >= 5


def test_full_pinyin_typed_in_syllables_finds_it_too(make_window):
    window, _container = make_window(language="zh_CN")  # names shown in Chinese
    sign_in_by_keyboard(window)
    seen = search_and_take_first(window, "ke kou")
    assert seen["first"].startswith("可口可乐") and seen["count"] >= 5
