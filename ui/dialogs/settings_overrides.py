"""The overrides' fields of the settings dialog (issue 18): the cashier's discount limits
(percent and ¥; past either a manager approves) and the inactivity lock's minutes. Kept here
so the settings dialog adds three rows, not their parsing."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit

from pos_app.domain.money import parse_yuan
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.settings import Settings


def _hundredths(fen: int) -> str:
    return f"{fen // 100}" if fen % 100 == 0 else f"{fen / 100:.2f}"


class OverrideFields:
    def __init__(self, current: Settings, manager: bool) -> None:
        self._current = current
        self._manager = manager
        self.limit_percent = QLineEdit(_hundredths(current.discount_limit_bp))
        self.limit_percent.setObjectName("discountLimitPercent")
        self.limit_yuan = QLineEdit(_hundredths(current.discount_limit_fen))
        self.limit_yuan.setObjectName("discountLimitYuan")
        self.lock_minutes = QLineEdit(_hundredths(round(current.lock_after_minutes * 100)))
        self.lock_minutes.setObjectName("lockMinutes")
        self.lock_minutes.setPlaceholderText(_("0 = never"))
        why = _("Only a manager can change this.")
        for edit in (self.limit_percent, self.limit_yuan, self.lock_minutes):
            edit.setEnabled(manager)
            if not manager:
                edit.setToolTip(why)

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(_("Cashier's discount limit (%)"), self.limit_percent)
        form.addRow(_("Cashier's discount limit (¥)"), self.limit_yuan)
        form.addRow(_("Lock the screen after (minutes)"), self.lock_minutes)

    def values(self) -> dict[str, object]:
        """The settings' new values (a cashier's dialog keeps the current ones)."""
        if not self._manager:
            return {}
        percent = parse_yuan(self.limit_percent.text())  # hundredths of a percent = bp
        fen = parse_yuan(self.limit_yuan.text())
        if percent is None or fen is None:
            raise PosError("discount_limits_invalid")
        minutes = parse_yuan(self.lock_minutes.text() or "0")
        if minutes is None:
            raise PosError("lock_minutes_invalid")
        return {"discount_limit_bp": percent, "discount_limit_fen": fen,
                "lock_after_minutes": minutes // 100 if minutes % 100 == 0 else minutes / 100}
