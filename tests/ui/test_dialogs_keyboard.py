"""Every dialog of the till, done by keyboard alone: real key presses go to whichever widget
has focus (no .click(), no setText), Enter finishes, Esc cancels, Tab reaches every button.

The dialogs run over the real demo store (SQLite file, services); each opens with exec()
as in the app, and `drive` types into it while it is up. The returns dialog's whole story
is in test_returns_keyboard.py; the camera's read itself is the camera's job.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from pos_app.app import build
from pos_app.config import Settings, save_settings
from tests.ui.keyboard import at_next_dialog, focus, key, keys

Accepted, Rejected = QDialog.DialogCode.Accepted, QDialog.DialogCode.Rejected
COLA = "6901234567892"


@pytest.fixture
def shop(tmp_path: Path, qtbot):
    """The demo store, a cashier (1001) signed in with an open shift."""
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url=f"virtual:kb-{uuid.uuid4().hex[:8]}"))
    container = build(data_dir, demo=True)
    container.till.sign_in("1001", "1111")
    if container.till.shift is None:
        container.till.open_shift(20000)
    yield container
    container.engine.dispose()


def drive(dialog: QDialog, *steps) -> int:
    """exec() the dialog as the app does; each step is a key, a text to type, or a check."""

    def run(_dialog) -> None:
        for step in steps:
            if isinstance(step, str):
                keys(step)
            elif callable(step) and not isinstance(step, Qt.Key):
                step()
            else:
                key(step)

    errors = at_next_dialog(run)
    result = dialog.exec()
    dialog.deleteLater()
    if errors:
        raise errors[0]
    return result


def tab_reaches_every_button(dialog: QDialog):
    """A step: Tab round the dialog once and check every shown, enabled button got focus.
    Buttons of an exclusive group (the payment kinds) are one stop, as radio buttons are:
    Tab reaches the group, ←/→ move in it."""

    def stop(button: QPushButton):
        group = button.group()
        return group if group is not None and group.exclusive() else button

    def check() -> None:
        buttons = dialog.findChildren(QPushButton)
        wanted = {stop(b) for b in buttons if b.isVisible() and b.isEnabled()}
        reached = set()
        for _ in range(3 * len(buttons) + 12):
            key(Qt.Key.Key_Tab)
            if isinstance(focus(), QPushButton):
                reached.add(stop(focus()))
        missing = sorted(b.text() if isinstance(b, QPushButton) else "a button group"
                         for b in wanted - reached)
        assert not missing, f"Tab never reaches {missing}"

    return check


def focused(widget_of):
    def check() -> None:
        assert focus() is widget_of(), f"focus is on {focus()!r}"

    return check


# --- open shift, manager PIN, payment ------------------------------------------------------
def test_open_shift_enter_opens_it_and_esc_does_not(tmp_path, qtbot):
    from ui.dialogs.open_shift import OpenShiftDialog

    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json", Settings(language="en", printer_url="virtual:os"))
    container = build(data_dir, demo=True)
    till = container.till
    till.sign_in("1001", "1111")
    if till.shift is not None:
        pytest.skip("the demo store opened a shift already")
    dialog = OpenShiftDialog(till)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected
    assert till.shift is None
    dialog = OpenShiftDialog(till)
    assert drive(dialog, focused(lambda: dialog.float_edit), "300", Qt.Key.Key_Return) == Accepted
    assert till.shift is not None and till.shift.opening_float == 30000
    container.engine.dispose()


def test_manager_pin_code_enter_pin_enter_approves(shop):
    from ui.dialogs.manager_pin import ManagerPinDialog

    dialog = ManagerPinDialog(shop.till, "Void")
    result = drive(dialog, "9001", Qt.Key.Key_Return, focused(lambda: dialog.pin_edit),
                   "9999", Qt.Key.Key_Return)
    assert result == Accepted and dialog.approver is not None and dialog.approver.is_manager
    dialog = ManagerPinDialog(shop.till, "Void")
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected
    assert dialog.approver is None


def test_a_wrong_pin_and_enter_stays_open_then_the_right_one_approves(shop):
    from ui.dialogs.manager_pin import ManagerPinDialog

    dialog = ManagerPinDialog(shop.till, "Void")
    result = drive(dialog, "9001", Qt.Key.Key_Return, "1234", Qt.Key.Key_Return,
                   lambda: assert_visible(dialog), "9999", Qt.Key.Key_Return)
    assert result == Accepted


def assert_visible(dialog) -> None:
    assert dialog.isVisible(), "the dialog closed"


def test_pay_enter_takes_the_amount_due_in_cash_once(shop):
    from ui.dialogs.pay import PayDialog

    shop.till.scan(COLA, 2)
    dialog = PayDialog(shop.till)
    assert drive(dialog, Qt.Key.Key_Return) == Accepted
    assert dialog.completed is not None and dialog.completed.total == 700
    assert [t.amount for t in dialog.tenders] == [700]  # one Enter, one payment


def test_pay_esc_goes_back_and_tab_reaches_every_button(shop):
    from ui.dialogs.pay import PayDialog

    shop.till.scan(COLA)
    dialog = PayDialog(shop.till)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected
    assert dialog.completed is None and len(shop.till.cart.lines) == 1


def test_pay_by_card_chosen_with_tab_and_arrows_then_enter(shop):
    from pos_app.domain.tenders import TenderKind
    from ui.dialogs.pay import PayDialog

    shop.till.scan(COLA)
    dialog = PayDialog(shop.till)
    cash = dialog.findChild(QPushButton, "tender_cash")

    def to_the_cash_button() -> None:
        for _ in range(12):
            if focus() is cash:
                return
            key(Qt.Key.Key_Tab)
        raise AssertionError("Tab never reached the payment kinds")

    def card_chosen() -> None:
        assert dialog.kind == TenderKind.CARD

    # ←/→ move in the group and choose; Enter on it goes on to the amount; Enter pays.
    steps = (to_the_cash_button, Qt.Key.Key_Right, card_chosen, Qt.Key.Key_Return,
             focused(lambda: dialog.amount_edit), Qt.Key.Key_Return)
    assert drive(dialog, *steps) == Accepted
    assert [t.kind for t in dialog.tenders] == [TenderKind.CARD]


# --- finding things ------------------------------------------------------------------------
def test_search_type_then_enter_picks_the_first_hit(shop):
    from ui.dialogs.search import SearchDialog

    dialog = SearchDialog(shop.till)
    assert drive(dialog, focused(lambda: dialog.query), "Coca", Qt.Key.Key_Return) == Accepted
    assert dialog.chosen is not None
    dialog = SearchDialog(shop.till, "Coca")
    steps = (Qt.Key.Key_Tab, focused(lambda: dialog.results), Qt.Key.Key_Return)
    assert drive(dialog, *steps) == Accepted  # Tab to the list, Enter on the hit


def test_search_esc_cancels(shop):
    from ui.dialogs.search import SearchDialog

    dialog = SearchDialog(shop.till, "Coca")
    assert drive(dialog, Qt.Key.Key_Tab, Qt.Key.Key_Escape) == Rejected
    assert dialog.chosen is None


def test_guide_picker_number_or_enter_picks_and_esc_keeps(shop):
    from ui.dialogs.guide_picker import GuidePickerDialog

    guides = shop.till.guides()
    dialog = GuidePickerDialog(guides, None, False)
    assert drive(dialog, Qt.Key.Key_Down, Qt.Key.Key_Return) == Accepted
    assert dialog.chosen_id == guides[0].id
    dialog = GuidePickerDialog(guides, guides[0].id, True)
    assert drive(dialog, Qt.Key.Key_Escape) == Rejected
