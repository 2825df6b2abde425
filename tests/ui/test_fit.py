"""Screens that fit: at 1024×768, 1366×768, 1920×1080 (and a portrait 1080×1920 terminal),
in Chinese and English, the sign-in screen, a busy sale and the pay dialog keep every
widget on the screen and every label whole; the printer pane never takes the keys.

The offscreen platform has one screen of its own size, so each test lays the window out
as the real app would on the named screen: the client area that, with a window manager's
title bar (ui.screen_fit.TYPICAL_FRAME), covers the screen, and the printer pane placed
for that screen. A minimum size too big for the screen shows up as a window larger than
asked for. Screenshots are saved under tmp_path for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from devices.printer.virtual import get_virtual_printer
from pos_app import i18n
from pos_app.app import build
from pos_app.services.demo_catalog import demo_products
from pos_app.services.settings import MemberDaySettings, Settings, save_settings
from sync.status import SyncStatus
from tests.ui.conftest import on_next_modal, press, pump, wait_until
from tests.ui.fit_checks import clipped, off_screen
from tests.ui.test_members_ui import enroll_demo_member
from tests.ui.test_sale_flow import type_like_a_person
from ui.dialogs.pay import PayDialog
from ui.main import create_window
from ui.screen_fit import TYPICAL_FRAME, fit_geometry, place_printer_dock
from ui.widgets.cart_table import SHORT_NAME

SCREENS = [(1024, 768), (1366, 768), (1920, 1080), (1080, 1920)]
LANGUAGES = ["zh_CN", "en"]
EVERY_DAY = MemberDaySettings(weekdays=[1, 2, 3, 4, 5, 6, 7], multiplier_permille=2000)


@pytest.fixture
def till_window(tmp_path: Path, qtbot, printer_name):
    """The demo till in `language`, every day a member day (so the panel is at its tallest)."""
    made = []

    def _make(language: str):
        data_dir = tmp_path / f"demo-{len(made)}"
        save_settings(data_dir / "settings.json", Settings(
            language=language, printer_url=f"virtual:{printer_name}", member_days=EVERY_DAY))
        container = build(data_dir, demo=True)
        i18n.set_language(language)
        window = create_window(container, QApplication.instance())
        qtbot.addWidget(window)
        made.append(window)
        return window, container

    yield _make
    app = QApplication.instance()
    if getattr(app, "wedge_filter", None) is not None:
        app.removeEventFilter(app.wedge_filter)
        app.wedge_filter = None
    for window in made:
        window.container.engine.dispose()


def lay_out_for(window, width: int, height: int) -> QRect:
    """Size the window as it opens on a width×height screen; returns the screen rect."""
    screen = QRect(0, 0, width, height)
    if window.printer_dock is not None:
        place_printer_dock(window, window.printer_dock, screen)
    client = fit_geometry(screen, TYPICAL_FRAME)
    window.setGeometry(client)
    window.show()
    window.setGeometry(client)
    pump(80)
    return screen


def framed(window: QWidget) -> QRect:
    """The window with the title bar a window manager would add (offscreen adds none)."""
    return window.geometry().marginsAdded(TYPICAL_FRAME)


def assert_fits(top: QWidget, screen: QRect, shot: Path, outer: QRect | None = None) -> None:
    top.grab().save(str(shot))
    outer = outer or framed(top)
    assert outer.width() <= screen.width() and outer.height() <= screen.height(), (
        f"{outer.width()}×{outer.height()} with its frame is bigger than the screen "
        f"({shot.name})")
    problems = [p for p in off_screen(top, outer) if not p.startswith("window ")]
    problems += clipped(top)
    assert not problems, f"{shot.name}:\n" + "\n".join(problems)


def busy_sale(window, container) -> None:
    """A manager signed in, a member attached on a member day, lines, and a message."""
    staff = window.till.sign_in("9001", "9999")
    if window.till.shift is None:
        window.till.open_shift(20000)
    window._after_sign_in(staff)
    member = enroll_demo_member(window, container)
    window.till.members.attach(member)
    window.sale.member_attached(member)
    known = ["6901234567892", "6920202888883", "6937654321097"]
    other = next(p.barcode for p in demo_products()
                 if not p.unit_tracked and p.barcode not in known)
    for code in (known[0], known[1], "99*" + known[2], "3*" + other):  # ¥12,771.00 on one
        window.sale.handle_scan(code)
    window.sale.message.error(
        "Printer offline: the sale is saved, press F9 to reprint. 打印机离线：销售已保存。")
    assert window.sale.member_panel.member_day_label.isVisibleTo(window.sale)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in_sale_and_pay_fit_the_screen(till_window, tmp_path, size, language):
    window, container = till_window(language)
    screen = lay_out_for(window, *size)
    tag = f"{language}_{size[0]}x{size[1]}"
    assert_fits(window, screen, tmp_path / f"signin_{tag}.png")

    busy_sale(window, container)
    pump(80)
    assert window.sale.cart_table.rowCount() == 4, window.sale.message.text()
    assert_fits(window, screen, tmp_path / f"sale_{tag}.png")
    cart = window.sale.cart_table
    assert not cart.horizontalScrollBar().isVisible()  # every column in view
    assert cart.columnWidth(1) >= cart.fontMetrics().horizontalAdvance(SHORT_NAME)

    dialog = PayDialog(window.till, window)
    dialog.show()
    pump(80)
    dialog.move(screen.center() - QPoint(dialog.width() // 2, dialog.height() // 2))
    try:
        assert_fits(dialog, screen, tmp_path / f"pay_{tag}.png")
    finally:
        dialog.reject()
        dialog.deleteLater()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sale_button_shows_its_key(till_window, language):
    window, _container = till_window(language)
    lay_out_for(window, 1366, 768)
    keys = {"search": "F3", "quantity": "F4", "void": "Del", "preview": "F8", "reprint": "F9",
            "settings": "F10", "signout": "Ctrl+L", "camera": "F2"}
    for name, key in keys.items():
        assert window.sale.buttons[name].text().endswith(" " + key), name
    assert window.sale.pay_button.text().endswith(" F12")
    assert window.sale.member_panel.lookup_button.text().endswith(" F11")


def test_a_message_or_a_member_does_not_move_the_fields_or_the_cart(till_window):
    window, container = till_window("zh_CN")
    lay_out_for(window, 1024, 768)
    code_at = window.signin.code_edit.mapTo(window, QPoint(0, 0))
    window.signin.message.error("工号或密码不正确")  # a wrong PIN
    pump(50)
    assert window.signin.code_edit.mapTo(window, QPoint(0, 0)) == code_at
    staff = window.till.sign_in("1001", "1111")
    if window.till.shift is None:
        window.till.open_shift(20000)
    window._after_sign_in(staff)
    pump(50)
    sale = window.sale

    def where() -> tuple:
        return (sale.scan_edit.mapTo(window, QPoint(0, 0)), sale.scan_edit.size(),
                sale.cart_table.mapTo(window, QPoint(0, 0)), sale.cart_table.size(),
                sale.pay_button.mapTo(window, QPoint(0, 0)))

    before = where()
    sale.message.error("没有条码为 4006381333931 的商品")
    pump(50)
    assert where() == before
    member = enroll_demo_member(window, container)
    window.till.members.attach(member)
    sale.member_attached(member)
    pump(50)
    assert where() == before
    sale.message.clear_message()
    sale.detach_member()
    pump(50)
    assert where() == before


def test_the_printer_pane_never_takes_the_keys_and_sign_in_has_them(till_window):
    window, _container = till_window("zh_CN")
    window.show_all()
    wait_until(window.isActiveWindow)
    dock = window.printer_dock
    assert dock is not None and window.printer_window is dock.printer
    assert dock.parent() is window and not dock.isFloating()
    assert QApplication.focusWidget() is window.signin.code_edit
    for widget in [dock, *dock.findChildren(QWidget)]:
        assert widget.focusPolicy() == Qt.FocusPolicy.NoFocus, widget
    dock.show()
    pump(30)
    QTest.mouseClick(dock.printer.paper.viewport(), Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is window.signin.code_edit
    type_like_a_person("1001")
    assert window.signin.code_edit.text() == "1001"


@pytest.mark.parametrize("language", LANGUAGES)
def test_opening_the_printer_pane_on_a_small_screen_keeps_the_window_on_it(
    till_window, tmp_path, language
):
    window, container = till_window(language)
    screen = lay_out_for(window, 1024, 768)
    busy_sale(window, container)
    assert not window.printer_dock.isVisible()  # collapsed: the sale needs the width
    QTest.mouseClick(window.status.printer_toggle, Qt.MouseButton.LeftButton)
    pump(80)
    assert window.printer_dock.isVisible()
    assert_fits(window, screen, tmp_path / f"sale_printer_{language}_1024x768.png")
    assert QApplication.focusWidget() is window.sale.scan_edit


def test_the_printer_pane_shows_what_was_printed(till_window, printer_name):
    window, _container = till_window("en")
    lay_out_for(window, 1920, 1080)
    assert window.printer_dock.isVisible()  # wide screen: open beside the sale
    get_virtual_printer(printer_name).receive(b"\x1b@SHOPFLOOR TEST\n")  # ESC/POS bytes
    wait_until(lambda: window.printer_window.jobs)
    assert "SHOPFLOOR TEST" in window.printer_window.paper.toPlainText()
    lay_out_for(window, 1366, 768)  # a narrower pane: smaller type, whole lines
    paper = window.printer_window.paper
    assert window.printer_dock.isVisible()
    assert paper.fontMetrics().horizontalAdvance("0" * 48) <= paper.viewport().width()
    lay_out_for(window, 1024, 768)
    assert not window.printer_dock.isVisible()  # narrow: collapsed, a toggle opens it
    assert window.status.printer_toggle.isVisible()


def test_clicking_sync_now_or_the_message_leaves_the_keys_in_the_scan_field(till_window):
    window, _container = till_window("en")
    lay_out_for(window, 1366, 768)
    window.activateWindow()
    wait_until(window.isActiveWindow)
    staff = window.till.sign_in("1001", "1111")
    if window.till.shift is None:
        window.till.open_shift(20000)
    window._after_sign_in(staff)
    sale = window.sale
    wait_until(lambda: QApplication.focusWidget() is sale.scan_edit)

    badge = window.status.sync_badge
    badge.show_status(SyncStatus(state="online"))
    assert badge.sync_button.isVisible()
    QTest.mouseClick(badge.sync_button, Qt.MouseButton.LeftButton)
    pump(30)
    assert QApplication.focusWidget() is sale.scan_edit

    sale.message.error("something to click on")
    sale.cart_table.setFocus()  # wherever focus had wandered
    QTest.mouseClick(sale.message, Qt.MouseButton.LeftButton)
    wait_until(lambda: QApplication.focusWidget() is sale.scan_edit)

    QTest.mouseClick(sale.buttons["quantity"], Qt.MouseButton.LeftButton)  # empty cart: no-op
    pump(30)
    assert QApplication.focusWidget() is sale.scan_edit
    seen = {}
    on_next_modal(lambda dialog: (seen.setdefault("title", dialog.windowTitle()),
                                  dialog.reject()))
    press(QApplication.focusWidget(), Qt.Key.Key_F3)  # F-keys still work
    wait_until(lambda: "title" in seen)
