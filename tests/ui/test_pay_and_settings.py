"""Payment mistakes are explained in the dialog; settings switch language and printer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.domain.tenders import TenderKind
from tests.ui.conftest import db_rows, on_next_modal, press, pump, type_keys, wait_until
from tests.ui.test_sale_flow import COLA, scan_with_wedge, sign_in_by_keyboard


def test_short_cash_then_wechat_without_reference_then_split_pays(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    seen = {}

    def in_dialog(dialog) -> None:
        dialog.amount_edit.setText("1.00")
        press(dialog.amount_edit, Qt.Key.Key_Return)  # ¥1.00 cash of ¥3.50
        seen["due"] = dialog.due_label.text()
        press(dialog.amount_edit, Qt.Key.Key_F3)  # WeChat Pay
        press(dialog.amount_edit, Qt.Key.Key_Return)  # no reference yet
        seen["error"] = dialog.message.text()
        seen["focus_on_reference"] = QApplication.focusWidget() is dialog.reference_edit
        type_keys(dialog.reference_edit, "4200000001")
        press(dialog.reference_edit, Qt.Key.Key_Return)

    on_next_modal(in_dialog)
    press(QApplication.focusWidget(), Qt.Key.Key_F12)
    assert "¥2.50" in seen["due"]
    assert "reference" in seen["error"]
    assert seen["focus_on_reference"]
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT kind, amount, reference FROM tender ORDER BY line_no") == [
        ("cash", 100, ""),
        (TenderKind.WECHAT.value, 250, "4200000001"),
    ]


def test_escaping_the_payment_keeps_the_cart_and_writes_nothing(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    on_next_modal(lambda dialog: press(dialog, Qt.Key.Key_Escape))
    press(QApplication.focusWidget(), Qt.Key.Key_F12)
    assert len(window.till.cart.lines) == 1
    assert db_rows(container.data_dir / "terminal.db", "SELECT count(*) FROM sale") == [(0,)]


def test_zero_quantity_typed_in_the_scan_field_is_refused(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    window.sale.scan_edit.setText(f"0*{COLA}")
    press(window.sale.scan_edit, Qt.Key.Key_Return)
    wait_until(lambda: window.sale.message.kind == "error")
    assert "Quantity" in window.sale.message.text()
    assert window.till.cart.is_empty


def test_switching_to_chinese_in_settings_retranslates_the_till(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)

    def choose_chinese(dialog) -> None:
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        dialog.save()

    on_next_modal(choose_chinese)
    press(QApplication.focusWidget(), Qt.Key.Key_F10)
    pump(50)
    assert container.settings.settings.language == "zh_CN"
    assert window.sale.pay_button.text() != "Pay (F12)"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in window.sale.pay_button.text())


def test_an_invalid_printer_address_is_refused_in_settings(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")  # the printer is the manager's to change
    seen = {}

    def bad_printer(dialog) -> None:
        dialog.printer_url.setText("lpt://nowhere")
        dialog.save()
        seen["error"] = dialog.message.text()
        dialog.reject()

    on_next_modal(bad_printer)
    press(QApplication.focusWidget(), Qt.Key.Key_F10)
    assert "lpt://nowhere" in seen["error"]
    assert container.settings.settings.printer_url.startswith("virtual:")
