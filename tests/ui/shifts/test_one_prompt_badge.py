"""20-L1: the close's one prompt (queue and tolerance) takes a manager's badge too. (A
prompt helper of an earlier test, still watching for a next prompt, used to answer this
one with a PIN; tests/ui/conftest.py now stops a test's watchers when it ends.)"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from pos_app.services.approvals import BadgeService
from tests.ui.conftest import on_modal_of, wait_until
from tests.ui.keyboard import at_next_dialog, key
from tests.ui.shifts.helpers import chord, pair_offline, rows, sell_a_cola_for_cash
from tests.ui.shifts.test_x_and_z import _count
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.shifts.approval import ManagerPinForAll


def test_one_badge_scan_into_the_one_prompt_approves_the_queue_and_the_tolerance(
        make_window):
    """20-L1: the one prompt of a close with both reasons takes a manager's badge as the
    code + PIN: one scan gives both approvals, each its own audit row by badge; the shift
    closes. (The wedge's routing of a burst to a prompt's handle_scan is tested with the
    discount prompt in tests/ui/test_overrides_ui.py.)"""
    window, container = make_window()
    pair_offline(container)  # the queue waits for HQ (an unpaired till's is only kept)
    manager = next(s for s in window.till.staff_list() if s.code == "9001")
    token = BadgeService(container.engine).issue(manager, manager)
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    seen = {}

    def scan_badge(prompt) -> None:
        seen["prompt"] = type(prompt)
        prompt.handle_scan(token)  # as MainWindow.on_scan hands the prompt a scanned badge

    def close(dialog) -> None:
        _count(dialog, {10000: "1"})  # ¥103.50 short, and the sale still queued
        on_modal_of(ManagerPinDialog, scan_badge)
        key(Qt.Key.Key_Return)

    errors = at_next_dialog(close)
    chord(Qt.Key.Key_Z, shift=True)
    assert not errors, errors
    wait_until(lambda: window.stack.currentWidget() is window.signin)
    assert seen["prompt"] is ManagerPinForAll
    details = [json.loads(d) for (d,) in rows(
        container, "SELECT detail FROM audit_log WHERE action='approval' ORDER BY seq")]
    assert [(d["approved"], d["method"]) for d in details] == [
        ("close_shift_with_queue", "badge"), ("close_shift_over_tolerance", "badge")]
