"""The X report and the Z close, by keyboard from the sale screen: the X changes nothing
and prints; the close counts the drawer by denomination, asks a manager for what needs one,
prints the Z in the store's language and signs out; a reprint is the same bytes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from devices.printer.virtual import render_text
from pos_app.domain.shifts import DENOMINATIONS
from pos_app.i18n import gettext_in
from tests.staff import MANAGER
from tests.ui.conftest import on_modal_of, wait_until
from tests.ui.keyboard import at_next_dialog, focus, key, keys
from tests.ui.shifts.helpers import (
    chord,
    job_text,
    jobs,
    manager_approves,
    pair_offline,
    rows,
    sell_a_cola_for_cash,
)
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.shifts.close import HIDDEN, ZCloseDialog
from ui.shifts.reprint import ZReprintDialog

# ¥200 float + one cola ¥3.50 in cash: ¥203.50 in the drawer
EXACT = {10000: "2", 100: "3", 50: "1"}
DENOMS = DENOMINATIONS  # one field each, Enter to the next


def _count(dialog: ZCloseDialog, pieces: dict[int, str]) -> None:
    """Type the count field by field, Enter moving on (blank = none of that note)."""
    assert focus() is dialog.count_widget.pieces[10000]
    for fen in DENOMS:
        keys(pieces.get(fen, ""))
        if fen != DENOMS[-1]:
            key(Qt.Key.Key_Return)


def _table(dialog: ZCloseDialog) -> list[list[str]]:
    t = dialog.figures
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_the_x_report_shows_the_figures_prints_and_changes_nothing(make_window, printer_name):
    window, container = make_window()
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    wait_until(lambda: len(jobs(printer_name)) == 1)  # the sale's receipt
    before = rows(container, "SELECT (SELECT count(*) FROM audit_log), "
                            "(SELECT count(*) FROM outbox_event), (SELECT count(*) FROM z_report)")
    printed = len(jobs(printer_name))
    seen = {}

    def look(dialog) -> None:
        seen["rows"] = dict(dialog.table.texts())
        assert focus() is dialog.print_button
        key(Qt.Key.Key_Return)  # Print
        wait_until(lambda: len(jobs(printer_name)) == printed + 1)
        wait_until(lambda: "printed" in dialog.message.text())
        key(Qt.Key.Key_Escape)

    errors = at_next_dialog(look)
    chord(Qt.Key.Key_X, shift=True)
    assert not errors, errors
    assert seen["rows"]["Sales (1)"] == "¥3.50" and seen["rows"]["Expected"] == "¥203.50"
    slip = job_text(jobs(printer_name)[-1])
    assert gettext_in("zh_CN", "X report") in slip and "￥203.50" in slip
    assert rows(container, "SELECT (SELECT count(*) FROM audit_log), "
                           "(SELECT count(*) FROM outbox_event), "
                           "(SELECT count(*) FROM z_report)") == before


def test_a_cashier_closes_the_shift_counted_by_denomination_and_the_z_prints(make_window,
                                                                            printer_name):
    window, container = make_window()
    pair_offline(container)  # the queue waits for HQ: a close with it needs a manager
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    seen = {}

    def close(dialog) -> None:
        assert isinstance(dialog, ZCloseDialog)
        assert dialog.queue.isVisible()  # the sale waits for HQ: a manager confirms
        _count(dialog, EXACT)
        seen["live"] = (dialog.count_widget.cash_total.text(), _table(dialog)[0])
        on_modal_of(ManagerPinDialog, lambda pin: manager_approves())
        key(Qt.Key.Key_Return)  # Enter in the last field: close

    errors = at_next_dialog(close)
    chord(Qt.Key.Key_Z, shift=True)
    assert not errors, errors
    assert seen["live"] == ("¥203.50", ["Cash", "¥203.50", "¥203.50", "¥0.00"])
    wait_until(lambda: window.stack.currentWidget() is window.signin)  # signed out
    assert window.till.shift is None
    (z_no, figures), = rows(container, "SELECT z_no, figures FROM z_report")
    assert z_no == 1 and '"counted_cash": 20350' in figures
    z = jobs(printer_name)[-1]
    text = job_text(z)
    for msgid in ("Z report", "Net sales", "Events waiting for HQ"):
        assert gettext_in("zh_CN", msgid) in text  # the store's receipt language
    assert "000001" in text and "￥100 x 2" in text and "￥203.50" in text
    assert "李娜" in text  # opened and closed by the cashier
    rows_approved = rows(container, "SELECT count(*) FROM audit_log WHERE action='approval'")
    assert rows_approved == [(1,)]

    # Reprint: the same slip, marked a copy (20-L1), and audited under who reprinted it;
    # in English once the store's receipt language is English
    window.till.sign_in("9001", "9999")
    _reprint(window, printer_name)
    copy_line = f"*** {gettext_in('zh_CN', 'COPY')} ***"
    again = job_text(jobs(printer_name)[-1]).splitlines()
    assert sum(copy_line in line for line in again) == 1
    assert [line for line in again if copy_line not in line] == text.splitlines()
    assert rows(container, "SELECT a.staff_id, a.entity_id = z.shift_id FROM audit_log a, "
                           "z_report z WHERE a.action = 'z_reprinted'") == [
        (window.till.staff.id, 1)]
    container.settings.update(MANAGER, receipt_language="en")
    _reprint(window, printer_name)
    english = "\n".join(render_text(jobs(printer_name)[-1], 48))
    assert "Z report" in english and "Counted by" in english and "￥203.50" in english
    assert "*** COPY ***" in english


def _reprint(window, printer_name) -> None:
    count = len(jobs(printer_name))
    dialog = ZReprintDialog(window.till, window)

    def press_enter(d) -> None:
        assert focus() is d.list
        key(Qt.Key.Key_Return)
        wait_until(lambda: len(jobs(printer_name)) == count + 1)
        key(Qt.Key.Key_Escape)

    errors = at_next_dialog(press_enter)
    dialog.exec()
    dialog.deleteLater()
    assert not errors, errors


def test_a_blind_count_hides_the_expected_figures_until_the_count_is_checked(make_window):
    window, container = make_window()
    container.settings.update(MANAGER, blind_count=True)
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    seen = {}

    def close(dialog) -> None:
        seen["before"] = _table(dialog)[0]
        _count(dialog, {10000: "2", 100: "3"})  # 50 fen short
        key(Qt.Key.Key_Return)  # the first close only checks the count
        seen["checked"] = _table(dialog)[0]
        seen["open"] = dialog.isVisible()
        key(Qt.Key.Key_Escape)

    errors = at_next_dialog(close)
    chord(Qt.Key.Key_Z, shift=True)
    assert not errors, errors
    assert seen["before"][1] == HIDDEN and seen["before"][3] == HIDDEN
    assert seen["checked"] == ["Cash", "¥203.50", "¥203.00", "-¥0.50"] and seen["open"]
    assert window.till.shift is not None  # Esc: the shift stays open
    assert rows(container, "SELECT count(*) FROM z_report") == [(0,)]


def _approve_every_prompt(approved: list, said: list | None = None) -> None:
    """Each manager prompt that comes up (one per action needing a manager) is approved;
    `said` gets what each prompt said."""

    def approve(pin_dialog) -> None:
        if pin_dialog in approved:  # still the last one: wait for the next
            on_modal_of(ManagerPinDialog, approve)
            return
        approved.append(pin_dialog)
        if said is not None:
            said.append(pin_dialog.asked_label.text())
        keys("9001")
        key(Qt.Key.Key_Return)
        keys("9999")
        on_modal_of(ManagerPinDialog, approve)  # the next prompt, if one comes
        key(Qt.Key.Key_Return)

    on_modal_of(ManagerPinDialog, approve)


def test_a_cashier_counting_over_the_tolerance_needs_a_manager_for_it_too(make_window,
                                                                          printer_name):
    window, container = make_window()
    pair_offline(container)  # the queue waits for HQ: a close with it needs a manager
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    seen, approved, said = {}, [], []

    def close(dialog) -> None:
        _count(dialog, {10000: "1", 100: "3", 50: "1"})  # ¥100 short
        seen["row"] = _table(dialog)[0]
        seen["tolerance"] = dialog.tolerance.text()
        _approve_every_prompt(approved, said)
        key(Qt.Key.Key_Return)

    errors = at_next_dialog(close)
    chord(Qt.Key.Key_Z, shift=True)
    assert not errors, errors
    assert seen["row"] == ["Cash", "¥203.50", "¥103.50", "-¥100.00"]
    assert "a manager must approve" in seen["tolerance"]
    wait_until(lambda: window.stack.currentWidget() is window.signin)
    assert len(approved) == 1  # one prompt for the queue and the tolerance (20-L1)
    assert "still wait for HQ" in said[0]  # how many, as the approval's note (issue 18)
    assert "¥203.50 → ¥103.50" in said[0]  # expected → counted, in the same prompt
    assert said[0].index("still wait for HQ") < said[0].index("¥203.50 → ¥103.50")
    details = [d for (d,) in rows(container,
                                  "SELECT detail FROM audit_log WHERE action='approval'")]
    for action in ("close_shift_with_queue", "close_shift_over_tolerance"):
        assert sum(action in d for d in details) == 1, details
    text = job_text(jobs(printer_name)[-1]).replace("\n", "")
    assert gettext_in("zh_CN", "Over tolerance: approved by a manager") in text

