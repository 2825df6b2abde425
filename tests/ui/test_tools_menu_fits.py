"""The "More…" menu (Ctrl+M) fits a 1366×768 and a 1024×768 screen in Chinese and English
(tester 20 #8: dropped from the button's corner it ran off the bottom at 768 pixels). The
window is laid out as on that screen (tests/ui/test_fit); the menu's own size comes from
Qt with every tool a manager sees."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from pos_app import i18n
from tests.ui.conftest import pump
from tests.ui.test_fit import lay_out_for
from ui.tools.menu import menu_origin
from ui.tools.registry import TOOLS


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_more_menu_fits_the_screen(make_window, size, language):
    window, _container = make_window(language=language)
    i18n.set_language(language)
    screen = lay_out_for(window, *size)
    staff = window.till.sign_in("9001", "9999")  # a manager sees every tool
    if window.till.shift is None:
        window.till.open_shift(20000)
    window._after_sign_in(staff)
    pump(80)
    menu = window.tools.build_menu()
    assert len(menu.actions()) == len(TOOLS)
    anchor = window.tools.anchor()
    placed = QRect(menu_origin(anchor, menu.sizeHint(), screen), menu.sizeHint())
    assert screen.contains(placed), f"menu {placed} outside the screen {screen}"
    assert not placed.intersects(anchor), "the menu covers its own button"


def test_a_menu_taller_than_the_room_below_opens_above_and_stays_inside():
    screen = QRect(0, 0, 1024, 768)
    button = QRect(1000, 700, 120, 40)  # past the right edge too
    placed = QRect(menu_origin(button, QRect(0, 0, 300, 360).size(), screen),
                   QRect(0, 0, 300, 360).size())
    assert screen.contains(placed) and placed.bottom() < button.top()
    tall = QRect(menu_origin(button, QRect(0, 0, 300, 900).size(), screen),
                 QRect(0, 0, 300, 900).size())
    assert tall.top() == 0  # taller than the screen: from its top, Qt scrolls the rest
