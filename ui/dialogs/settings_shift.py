"""The shift close's fields of the settings dialog (20-L1): the over/short tolerance per tender,
typed in yuan and stored in fen, and the blind-count switch. Both change how a Z is counted
and approved, so only a manager edits them (a cashier sees them greyed, saying why)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit

from pos_app.domain.money import parse_yuan
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.settings import Settings

_TOO_FINE = re.compile(r"^[¥￥]?\s*[+-]?\d[\d,]*\.\d{3,}$")  # "2.555": more than fen


def _yuan(fen: int) -> str:
    return f"{fen // 100}" if fen % 100 == 0 else f"{fen // 100}.{fen % 100:02d}"


class ShiftFields:
    def __init__(self, current: Settings, manager: bool) -> None:
        self._manager = manager
        self.tolerance = QLineEdit(_yuan(current.shift_tolerance))
        self.tolerance.setObjectName("shiftTolerance")
        self.tolerance.setPlaceholderText(_("e.g. 5 or 2.50"))
        self.blind_count = QCheckBox(_("Blind count: the counter sees the expected cash only "
                                       "once the count is checked"))
        self.blind_count.setObjectName("blindCount")
        self.blind_count.setChecked(current.blind_count)
        why = _("Only a manager can change this.")
        for widget in (self.tolerance, self.blind_count):
            widget.setEnabled(manager)
            if not manager:
                widget.setToolTip(why)

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(_("Shift over/short tolerance per tender (¥)"), self.tolerance)
        form.addRow("", self.blind_count)

    def values(self) -> dict[str, object]:
        """The settings' new values, in fen (a cashier's dialog keeps the current ones)."""
        if not self._manager:
            return {}
        text = self.tolerance.text().strip()
        fen = parse_yuan(text)
        if fen is None:  # say what is wrong: the range is checked with the other settings
            code = ("shift_tolerance_decimals" if _TOO_FINE.match(text)
                    else "shift_tolerance_not_amount")
            raise PosError(code, text=text[:20])
        return {"shift_tolerance": fen, "blind_count": self.blind_count.isChecked()}
