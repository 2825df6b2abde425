"""Qt's own buttons follow the till's language live: after switching to English, a Qt
input dialog says OK / Cancel, not 确定 / 取消 (and back), and the F4 quantity dialog (the
till's own since the polish task) follows along."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QPushButton

from pos_app import i18n
from tests.ui.conftest import on_next_modal, press, wait_until
from tests.ui.test_member_days_ui import open_settings
from tests.ui.test_sale_flow import COLA, scan_with_wedge, sign_in_by_keyboard
from ui.qt_translations import follow_language


@pytest.fixture
def qt_words(qapp):
    translations = follow_language(qapp)
    yield translations
    translations.close()


def button_texts(dialog) -> set[str]:
    return {b.text().replace("&", "") for b in dialog.findChildren(QPushButton)
            if b.isVisibleTo(dialog)}


def fresh_input_dialog(qtbot) -> set[str]:
    dialog = QInputDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return button_texts(dialog)


def test_qt_buttons_switch_language_with_the_app(qt_words, qtbot):
    i18n.set_language("zh_CN")
    assert fresh_input_dialog(qtbot) == {"确定", "取消"}
    i18n.set_language("en")
    assert qt_words.translator is None
    assert fresh_input_dialog(qtbot) == {"OK", "Cancel"}
    i18n.set_language("zh_CN")
    assert fresh_input_dialog(qtbot) == {"确定", "取消"}


def test_after_switching_to_english_f4_says_ok_and_cancel(make_window, qt_words, qtbot):
    window, _container = make_window(language="zh_CN")
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert fresh_input_dialog(qtbot) == {"确定", "取消"}
    assert quantity_dialog_buttons(window) == {"确定数量 Enter", "返回 Esc"}  # all of them

    def to_english(dialog, _seen) -> None:
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        dialog.save()

    open_settings(window, to_english)
    assert i18n.language() == "en"
    assert fresh_input_dialog(qtbot) == {"OK", "Cancel"}
    assert quantity_dialog_buttons(window) == {"Set quantity Enter", "Back Esc"}


def quantity_dialog_buttons(window) -> set[str]:
    """F4 on the selected line; what its buttons say; Esc closes it unchanged."""
    seen: dict = {}

    def look_then_cancel(dialog) -> None:
        seen["buttons"] = button_texts(dialog)
        press(dialog, Qt.Key.Key_Escape)

    on_next_modal(look_then_cancel)
    press(QApplication.focusWidget(), Qt.Key.Key_F4)
    wait_until(lambda: "buttons" in seen)
    window.activateWindow()  # offscreen Qt has no window manager to hand activation back
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)
    return seen["buttons"]
