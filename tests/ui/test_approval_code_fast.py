"""The approval prompt's staff-code field keeps a manager's code typed at scanner speed
(tester 20 #6: it was taken as a badge scan and cleared), while a product's barcode or a
badge scanned there is still a scan; and a message makes the prompt grow instead of
overlapping the PIN field (22.png)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import db_rows, on_modal_of, pump, wait_until
from tests.ui.test_overrides_ui import ctrl, ring_cola, type_discount
from tests.ui.test_sale_flow import scan_with_wedge, sign_in_by_keyboard
from ui.dialogs.manager_pin import ManagerPinDialog


def test_a_manager_code_and_pin_both_typed_at_scanner_speed_approve(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    ring_cola(window)
    seen: list[str] = []

    def approve(dialog: ManagerPinDialog) -> None:
        assert QApplication.focusWidget() is dialog.code_edit
        scan_with_wedge("9001")  # machine speed, then Enter
        wait_until(lambda: QApplication.focusWidget() is dialog.pin_edit)
        seen.extend([dialog.code_edit.text(), dialog.error.text()])
        scan_with_wedge("9999")

    type_discount("1.00", "dented can", lambda: on_modal_of(ManagerPinDialog, approve))
    ctrl(Qt.Key.Key_F3)
    wait_until(lambda: window.till.sale.totals().total == 250)
    assert seen == ["9001", ""]
    rows = db_rows(container.data_dir / "terminal.db",
                   "SELECT detail FROM audit_log WHERE action = 'approval'")
    assert len(rows) == 1 and '"method": "pin"' in rows[0][0]


def test_a_message_does_not_squeeze_the_pin_field(make_window, qtbot):
    window, _container = make_window(language="zh_CN")
    window.till.sign_in("1001", "1111")
    from pos_app.domain.permissions import Action

    dialog = ManagerPinDialog(window.till, Action.NO_SALE, window)
    qtbot.addWidget(dialog)
    dialog.show()
    pump(50)
    dialog.error.setText("请扫描经理工牌，或输入工号和密码。" * 2)
    pump(100)
    pin, error = dialog.pin_edit.geometry(), dialog.error.geometry()
    assert dialog.pin_edit.height() >= dialog.pin_edit.minimumSizeHint().height()
    assert not pin.intersects(error), (pin, error)
    assert error.height() >= dialog.error.heightForWidth(error.width())
