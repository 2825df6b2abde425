""""My approval badge" (Ctrl+Shift+B) by keyboard, as the tester drove it: the first Enter on
"Issue a new badge" shows a code, the next Enter closes and the code still approves; a
second issue in the dialog asks first, Enter keeps the badge, and only the explicit
"Issue a new badge (revokes the old)" replaces it (tester 7)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_app.errors import PosError
from pos_app.services.approvals import BadgeService
from tests.ui.conftest import on_modal_of, press, wait_until
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.approvals.badge_dialog import BadgeDialog

_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _approves(engine, token: str) -> bool:
    try:
        BadgeService(engine).holder(token)
    except PosError:
        return False
    return True


def test_enter_after_issuing_closes_and_a_reissue_asks_first(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")
    seen: dict[str, object] = {}

    def issue_then_enter(dialog: BadgeDialog) -> None:
        dialog.issue_button.setFocus()
        press(dialog.issue_button, Qt.Key.Key_Return)  # issues
        seen["first"] = dialog.token
        assert QApplication.focusWidget() is dialog.close_button
        press(QApplication.focusWidget(), Qt.Key.Key_Return)  # closes: no second badge

    on_modal_of(BadgeDialog, issue_then_enter)
    QTest.keyClick(window.sale.scan_edit, Qt.Key.Key_B, _CTRL_SHIFT)
    wait_until(lambda: "first" in seen and QApplication.activeModalWidget() is None)
    first = str(seen["first"])
    assert first and _approves(container.engine, first)

    def reissue_twice(dialog: BadgeDialog) -> None:
        try:
            _reissue_twice(dialog)
        except BaseException as exc:
            seen["second"] = seen["error"] = exc
            dialog.reject()

    def _reissue_twice(dialog: BadgeDialog) -> None:
        dialog.issue()
        shown = dialog.token

        def enter_keeps(box: QMessageBox) -> None:
            seen["asked"] = box.text()
            press(QApplication.focusWidget(), Qt.Key.Key_Return)  # the default: keep

        on_modal_of(QMessageBox, enter_keeps)
        dialog.issue_button.click()
        assert dialog.token == shown and _approves(container.engine, shown)

        def choose_again(box: QMessageBox) -> None:
            again = next(b for b in box.buttons()
                         if b.text() == "Issue a new badge (revokes the old)")
            again.click()

        on_modal_of(QMessageBox, choose_again)
        dialog.issue_button.click()
        seen["second"], seen["replaced"] = dialog.token, shown
        dialog.accept()

    on_modal_of(BadgeDialog, reissue_twice)
    window.activateWindow()  # shortcuts fire only in the active window
    wait_until(window.isActiveWindow)
    QTest.keyClick(window.sale.scan_edit, Qt.Key.Key_B, _CTRL_SHIFT)
    wait_until(lambda: "second" in seen)
    assert "error" not in seen, seen.get("error")
    assert "stop approving" in str(seen["asked"])
    assert seen["second"] != seen["replaced"]
    assert not _approves(container.engine, str(seen["replaced"]))
    assert _approves(container.engine, str(seen["second"]))
