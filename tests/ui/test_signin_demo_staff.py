"""The demo's sign-in hint names every demo person the store holds (tester 25 #4): with the
past month made (`shopfloor --demo`), the fourth, guide 2002 赵敏, is listed too, and each
listed code and PIN signs in. Read from the store's data, not a list kept beside it. Real
demo store, real window offscreen."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from pos_app.app import build
from pos_app.services.settings import Settings, save_settings
from ui.main import create_window

ROW = re.compile(r"^(\d{4})\s+(\S+)\s+(\S+)\s+PIN (\d{4})$")


def _listed(window) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    lines = window.signin.demo_hint.text().splitlines()[1:]  # under "Demo store staff:"
    return [(m[1], m[2], m[4]) for m in map(ROW.match, lines) if m]


def test_the_hint_lists_all_four_demo_staff_and_each_signs_in(tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json", Settings(language="en", printer_url="virtual:"))
    container = build(data_dir, demo=True, demo_history=True)
    window = create_window(container, QApplication.instance())
    qtbot.addWidget(window)
    listed = _listed(window)
    assert [code for code, _name, _pin in listed] == ["1001", "2001", "2002", "9001"]
    assert ("2002", "赵敏", "3333") in listed
    for code, _name, pin in listed:
        window.till.sign_in(code, pin)
        assert window.till.staff is not None and window.till.staff.code == code
        window.till.sign_out()
    window.close()
    container.engine.dispose()
