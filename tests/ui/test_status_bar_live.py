"""The status bar tells the truth: the queue count moves with every sale and every sync
round, and before anyone signs in it says whether a shift is open. A cashier's settings show
the manager's fields greyed out with the reason."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication

from pos_app.app import build
from pos_app.services.settings import Settings, save_settings
from tests.ui.conftest import db_rows, on_next_modal, pump, wait_until
from tests.ui.test_sale_flow import (
    COLA,
    pay_exact_cash_with_keys,
    scan_with_wedge,
    sign_in_by_keyboard,
)


def sell_one_cola(window) -> None:
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_exact_cash_with_keys(window)
    wait_until(lambda: window.till.cart.is_empty)


def pending(container) -> int:
    return db_rows(container.data_dir / "terminal.db",
                   "SELECT count(*) FROM outbox_event WHERE status = 'pending'")[0][0]


def test_the_queue_count_follows_every_sale(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    detail = window.status.sync_badge.detail
    wait_until(lambda: f"{pending(container)} kept on this till" in detail.text())  # the shift

    sell_one_cola(window)
    first = pending(container)
    wait_until(lambda: f"{first} kept on this till" in detail.text())
    sell_one_cola(window)
    assert pending(container) == first + 1
    wait_until(lambda: f"{first + 1} kept on this till" in detail.text())


def test_a_sync_round_refreshes_the_count(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    sell_one_cola(window)
    detail = window.status.sync_badge.detail
    wait_until(lambda: f"{pending(container)} kept on this till" in detail.text())
    db = sqlite3.connect(container.data_dir / "terminal.db")
    with db:  # what a round that sent everything leaves behind
        db.execute("UPDATE outbox_event SET status = 'sent'")
    db.close()
    container.sync.refresh_queue()  # the worker's end-of-round report does the same
    wait_until(lambda: "kept on this till" not in detail.text())


def test_before_sign_in_the_status_bar_shows_the_open_shift(make_window, tmp_path, printer_name):
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url=f"virtual:{printer_name}"))
    earlier = build(data_dir, demo=True)  # yesterday's cashier opened a shift and left
    earlier.till.sign_in("1001", "1111")
    earlier.till.open_shift(20_000)
    earlier.till.sign_out()
    earlier.engine.dispose()

    window, _container = make_window()
    assert window.stack.currentWidget() is window.signin
    assert window.status.shift_label.text() == "Shift open"


def test_with_no_shift_the_status_bar_says_so(make_window):
    window, _container = make_window()
    assert window.status.shift_label.text() == "No shift open"


def test_a_cashier_sees_manager_settings_greyed_out_with_the_reason(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    seen: dict = {}

    def look(dialog) -> None:
        seen["note"] = dialog.manager_note.text() if dialog.manager_note.isVisible() else ""
        seen["locked"] = [not w.isEnabled() for w in (
            dialog.printer_url, dialog.columns, dialog.scanner_button, dialog.member_days,
            dialog.member_weekdays, dialog.member_multiplier)]
        seen["language"] = dialog.language.isEnabled()
        seen["why"] = dialog.printer_url.toolTip()
        dialog.printer_url.setText("tcp://10.0.0.9:9100")  # even if it were forced
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        dialog.save()

    on_next_modal(look)
    window.open_settings()
    pump(50)
    assert seen["note"] == "Only a manager can change the settings shown greyed out."
    assert all(seen["locked"]) and seen["language"]
    assert seen["why"] == "Only a manager can change this."
    assert container.settings.settings.language == "zh_CN"  # what a cashier may change
    assert container.settings.settings.printer_url.startswith("virtual:")
    assert QApplication.activeModalWidget() is None


def test_a_manager_sees_no_lock_note(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")
    seen: dict = {}

    def look(dialog) -> None:
        seen["note"] = dialog.manager_note.isVisible()
        seen["printer"] = dialog.printer_url.isEnabled() and not dialog.printer_url.isReadOnly()
        dialog.reject()

    on_next_modal(look)
    window.open_settings()
    assert seen == {"note": False, "printer": True}


def test_an_unpaired_till_says_it_is_not_paired_not_that_its_queue_is_stuck(make_window):
    """Tester's finding (20-L2): the demo's seeded events showed as 'N waiting to send'
    beside 'offline', as if a queue were stuck; a till that is not paired sends nothing."""
    window, container = make_window()
    badge = window.status.sync_badge
    assert badge.badge.text() == "not paired"
    count = pending(container)
    assert count > 0  # the demo's seeded history
    wait_until(lambda: badge.detail.text() == (
        f"stand-alone (not paired with HQ) · {pending(container)} kept on this till"))
    assert "waiting" not in badge.detail.text() and not badge.sync_button.isVisible()
