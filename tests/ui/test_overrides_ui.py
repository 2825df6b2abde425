"""Overrides and the inactivity lock at the real sale screen (issue 18), by keyboard and by
scanner (real key events through the app's wedge): a cashier's discount past the limit is
approved in the one prompt by the manager's code + PIN or badge scan, a non-badge scan in the
prompt rings nothing up, Del on a scanned unit's line asks a manager, and the lock keeps the
cart, refuses a scan and opens for the cashier's PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.services.approvals import BadgeService
from tests.staff import MANAGER
from tests.ui.conftest import db_rows, on_modal_of, press, pump, wait_until
from tests.ui.test_sale_flow import COLA, scan_with_wedge, sign_in_by_keyboard, type_like_a_person
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.discounts.dialog import AmountReasonDialog
from ui.lock import LockScreen


def ctrl(key: Qt.Key, shift: bool = False) -> None:
    mods = Qt.KeyboardModifier.ControlModifier
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(QApplication.focusWidget(), key, mods)


def ring_cola(window) -> None:
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)


def type_discount(amount: str, reason: str, then) -> None:
    """In the discount dialog: amount, Enter, reason, Enter; `then` set up for what follows."""

    def fill(dialog: AmountReasonDialog) -> None:
        assert QApplication.focusWidget() is dialog.amount_edit
        type_like_a_person(amount)
        press(dialog.amount_edit, Qt.Key.Key_Return)
        type_like_a_person(reason)
        then()
        press(dialog.reason_edit, Qt.Key.Key_Return)

    on_modal_of(AmountReasonDialog, fill)


def test_an_over_limit_discount_is_approved_by_the_managers_code_and_pin(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    ring_cola(window)
    seen: list[str] = []

    def approve(dialog: ManagerPinDialog) -> None:
        seen.append(dialog.asked_label.text())
        type_like_a_person("9001")
        press(dialog.code_edit, Qt.Key.Key_Return)
        type_like_a_person("9999")
        press(dialog.pin_edit, Qt.Key.Key_Return)

    type_discount("1.00", "dented can", lambda: on_modal_of(ManagerPinDialog, approve))
    ctrl(Qt.Key.Key_F3)
    wait_until(lambda: window.till.sale.totals().total == 250)
    assert "¥3.50 → ¥2.50" in seen[0] and "dented can" in seen[0]
    assert window.till.staff.code == "1001"  # the cashier was never signed out
    rows = db_rows(container.data_dir / "terminal.db",
                   "SELECT detail FROM audit_log WHERE action = 'approval'")
    assert len(rows) == 1 and '"discount_over_limit"' in rows[0][0]


def test_a_pin_typed_at_scanner_speed_stays_the_pin_and_the_code_stays_the_code(
        make_window):
    """Tester's finding (20-L2): the PIN typed fast looked like a scan to the wedge, and the
    prompt took it as one, clearing the manager's code. A focused PIN field keeps its keys."""
    window, container = make_window()
    sign_in_by_keyboard(window)
    ring_cola(window)
    kept: list[str] = []

    def approve(dialog: ManagerPinDialog) -> None:
        type_like_a_person("9001")
        press(dialog.code_edit, Qt.Key.Key_Return)
        assert QApplication.focusWidget() is dialog.pin_edit
        scan_with_wedge("9999")  # machine speed, then Enter: what a quick hand types
        kept.append(dialog.code_edit.text())

    type_discount("1.00", "dented can", lambda: on_modal_of(ManagerPinDialog, approve))
    ctrl(Qt.Key.Key_F3)
    wait_until(lambda: window.till.sale.totals().total == 250)
    assert kept == ["9001"]
    rows = db_rows(container.data_dir / "terminal.db",
                   "SELECT staff_id FROM audit_log WHERE action = 'approval'")
    assert len(rows) == 1


def test_a_badge_scanned_into_the_prompt_approves_and_a_product_scan_rings_nothing(
        make_window):
    window, _container = make_window()
    manager = next(s for s in window.till.staff_list() if s.code == "9001")
    token = BadgeService(_container.engine).issue(manager, manager)  # as Ctrl+Shift+B does
    sign_in_by_keyboard(window)
    ring_cola(window)

    def scan_badge(dialog: ManagerPinDialog) -> None:
        scan_with_wedge(COLA)  # not a badge: refused, nothing added behind the prompt
        wait_until(lambda: dialog.error.text() != "")
        assert len(window.till.cart.lines) == 1
        scan_with_wedge(token)

    type_discount("3.00", "dented can", lambda: on_modal_of(ManagerPinDialog, scan_badge))
    ctrl(Qt.Key.Key_F4)  # the price change: always a manager's for a cashier
    wait_until(lambda: window.till.sale.totals().total == 300)
    rows = db_rows(_container.data_dir / "terminal.db",
                   "SELECT detail FROM audit_log WHERE action = 'approval'")
    assert len(rows) == 1 and '"method": "badge"' in rows[0][0]


def test_the_lock_keeps_the_cart_refuses_a_scan_and_opens_for_the_cashiers_pin(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    ring_cola(window)
    container.settings.update(MANAGER, lock_after_minutes=0.01)  # 0.6 s
    window.inactivity_lock.poke()
    wait_until(lambda: isinstance(QApplication.activeModalWidget(), LockScreen), 4000)
    screen = QApplication.activeModalWidget()
    screen.activateWindow()
    wait_until(lambda: QApplication.focusWidget() is screen.pin_edit)
    scan_with_wedge(COLA)
    wait_until(lambda: "locked" in screen.error.text())
    assert len(window.till.cart.lines) == 1 and window.till.cart.lines[0].quantity == 1
    screen.pin_edit.setFocus()
    type_like_a_person("0000")
    press(screen.pin_edit, Qt.Key.Key_Return)
    assert window.inactivity_lock.locked and screen.error.text()
    type_like_a_person("1111")
    press(screen.pin_edit, Qt.Key.Key_Return)
    wait_until(lambda: not window.inactivity_lock.locked)
    container.settings.update(MANAGER, lock_after_minutes=0)
    pump(50)
    assert window.till.staff.code == "1001" and len(window.till.cart.lines) == 1
    kinds = [r[0] for r in db_rows(container.data_dir / "terminal.db",
                                   "SELECT action FROM audit_log ORDER BY seq")]
    lock_rows = [k for k in kinds if k in ("screen_locked", "sign_in_failed", "screen_unlocked")]
    assert lock_rows == ["screen_locked", "sign_in_failed", "screen_unlocked"]


def test_the_lock_opens_for_a_pin_typed_at_scanner_speed(make_window):
    """20-L2: the lock's PIN field keeps a fast PIN too (a product scan there is still
    refused: the test above)."""
    window, _container = make_window()
    sign_in_by_keyboard(window)
    ring_cola(window)
    window.inactivity_lock.lock_now()
    wait_until(lambda: isinstance(QApplication.activeModalWidget(), LockScreen), 4000)
    screen = QApplication.activeModalWidget()
    screen.activateWindow()
    wait_until(lambda: QApplication.focusWidget() is screen.pin_edit)
    scan_with_wedge("1111")
    wait_until(lambda: not window.inactivity_lock.locked)
    assert window.till.staff.code == "1001" and len(window.till.cart.lines) == 1


def test_a_manager_sets_the_discount_limits_and_the_lock_in_the_settings(make_window):
    from ui.dialogs.settings import SettingsDialog

    _window, container = make_window()
    dialog = SettingsDialog(container.settings, manager=True, staff=MANAGER)
    dialog.overrides.limit_percent.setText("12.5")
    dialog.overrides.limit_yuan.setText("80")
    dialog.overrides.lock_minutes.setText("2")
    dialog.save()
    saved = container.settings.settings
    assert (saved.discount_limit_bp, saved.discount_limit_fen, saved.lock_after_minutes) == (
        1250, 8000, 2)
    dialog.overrides.limit_percent.setText("120")
    dialog.save()
    assert dialog.message.text() and container.settings.settings.discount_limit_bp == 1250
    cashier = SettingsDialog(container.settings, manager=False)
    assert not cashier.overrides.limit_percent.isEnabled()
    assert cashier.overrides.values() == {}


def test_a_scan_is_activity_for_the_lock_though_the_wedge_swallows_its_keys(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    container.settings.update(MANAGER, lock_after_minutes=1)
    timer = window.inactivity_lock.timer
    window.inactivity_lock.poke()
    wait_until(lambda: timer.isActive() and timer.remainingTime() < 59_000)
    before = timer.remainingTime()  # only a poke makes it grow again
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert timer.remainingTime() > before


def test_lock_now_over_an_open_dialog_and_back_to_it(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    ring_cola(window)
    seen: list[object] = []

    def lock_over(dialog: AmountReasonDialog) -> None:
        try:
            window.inactivity_lock.lock_now()
            screen = window.inactivity_lock.screen
            seen.append(QApplication.activeModalWidget() is screen)
            for ch in "1111":  # a person's keys, into the lock's PIN field
                QTest.keyClick(screen.pin_edit, ch)
                pump(60)
            press(screen.pin_edit, Qt.Key.Key_Return)
            wait_until(lambda: not window.inactivity_lock.locked)
            seen.append(QApplication.activeModalWidget())
        finally:
            dialog.reject()

    on_modal_of(AmountReasonDialog, lock_over)
    ctrl(Qt.Key.Key_F3)
    assert seen[0] is True and isinstance(seen[1], AmountReasonDialog)
    assert window.till.sale.totals().total == 350


def test_a_badge_is_never_echoed_and_a_typed_badge_code_approves_nothing(make_window):
    window, container = make_window()
    manager = next(s for s in window.till.staff_list() if s.code == "9001")
    token = BadgeService(container.engine).issue(manager, manager)
    sign_in_by_keyboard(window)
    ring_cola(window)
    scan_with_wedge(token)  # at the sale screen: refused, its code not shown
    wait_until(lambda: window.sale.message.text() != "")
    assert token not in window.sale.message.text() and len(window.till.cart.lines) == 1
    refused: list[str] = []

    def type_it(dialog: ManagerPinDialog) -> None:
        dialog.code_edit.setFocus()
        type_like_a_person(token[:8])  # a person copying the code off a screen
        dialog.code_edit.setText(token)
        press(dialog.code_edit, Qt.Key.Key_Return)
        refused.append(dialog.error.text())
        dialog.reject()

    type_discount("1.00", "dent", lambda: on_modal_of(ManagerPinDialog, type_it))
    ctrl(Qt.Key.Key_F3)
    wait_until(lambda: bool(refused))
    assert refused[0] and window.till.sale.totals().total == 350
    assert db_rows(container.data_dir / "terminal.db",
                   "SELECT count(*) FROM audit_log WHERE action = 'approval'") == [(0,)]


def test_del_on_a_scanned_units_line_asks_a_manager(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge("(01)06966014000105(21)DEMO001")  # a demo unit in stock
    wait_until(lambda: len(window.till.cart.lines) == 1)
    asked: list[str] = []

    def cancel_then(dialog: ManagerPinDialog) -> None:
        asked.append(dialog.asked_label.text())
        dialog.reject()

    on_modal_of(ManagerPinDialog, cancel_then)
    press(QApplication.focusWidget(), Qt.Key.Key_Delete)
    wait_until(lambda: bool(asked))
    assert len(window.till.cart.lines) == 1  # cancelled: the line stays

    def approve(dialog: ManagerPinDialog) -> None:
        type_like_a_person("9001")
        press(dialog.code_edit, Qt.Key.Key_Return)
        type_like_a_person("9999")
        press(dialog.pin_edit, Qt.Key.Key_Return)

    on_modal_of(ManagerPinDialog, approve)
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)
    press(window.sale.scan_edit, Qt.Key.Key_Delete)
    wait_until(lambda: window.till.sale.is_empty)
    assert "06966014000105:DEMO001" in asked[0] or "→ ¥0.00" in asked[0]
