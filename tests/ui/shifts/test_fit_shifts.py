"""The shift screens fit a 1024×768 and a 1366×768 till in Chinese and English: the Z close
(with the queued-events warning and a count over the tolerance showing), the X report and
the cash in/out dialog keep every widget on the screen and every label whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect

from pos_app import i18n
from tests.ui.conftest import pump
from tests.ui.test_fit import assert_fits, till_window  # noqa: F401  (fixture)
from ui.shifts.cash_move import CashMoveDialog
from ui.shifts.close import ZCloseDialog
from ui.shifts.report_view import ShiftReportDialog

SCREENS = [(1024, 768), (1366, 768)]


def _centred(dialog, screen: QRect) -> None:
    dialog.show()
    pump(80)
    dialog.move(screen.center() - QPoint(dialog.width() // 2, dialog.height() // 2))
    pump(40)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_shift_screens_fit_the_screen(till_window, tmp_path, size, language):  # noqa: F811
    window, _container = till_window(language)
    screen = QRect(0, 0, *size)
    till = window.till
    till.sign_in("1001", "1111")
    till.open_shift(20000)
    till.shifts.cash_move("in", 10000, "float_top_up", "")
    tag = f"{language}_{size[0]}x{size[1]}"
    dialogs = [ZCloseDialog(till, window), ShiftReportDialog(till, till.shifts.x_report(), window),
               CashMoveDialog(till, window)]
    try:
        close = dialogs[0]
        close.count_widget.pieces[10000].setText("1")  # ¥200 short: over the tolerance
        manager = {"zh_CN": "店长", "en": "manager"}[language]  # the over-tolerance note
        assert not close.queue.isHidden() and manager in close.tolerance.text()
        for dialog, name in zip(dialogs, ("z_close", "x_report", "cash_move"), strict=True):
            _centred(dialog, screen)
            assert_fits(dialog, screen, tmp_path / f"{name}_{tag}.png")
    finally:
        for dialog in dialogs:
            dialog.reject()
            dialog.deleteLater()
        i18n.set_language("en")
