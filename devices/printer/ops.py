"""Abstract print operations: what a receipt says on paper, before any printer bytes.

Layout produces these and the ESC/POS renderer turns them into bytes, so each side can be
tested alone (layout by cells, renderer by bytes).
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.printer.cells import Align
from pos_app.errors import PosError

#: 58 mm paper, 80 mm paper, and 80 mm printers set to a 42-column font (profile setting).
SUPPORTED_COLUMNS = (32, 42, 48)


@dataclass(frozen=True)
class TextLine:
    """One printed line; double-size text takes two cells per cell of `text`."""

    text: str
    bold: bool = False
    double: bool = False
    align: Align = "left"

    @property
    def scale(self) -> int:
        return 2 if self.double else 1


@dataclass(frozen=True)
class QrCode:
    """A QR code printed natively by the printer (sharp at any dot density)."""

    payload: str


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = False


@dataclass(frozen=True)
class DrawerKick:
    """Pulse the cash-drawer connector (pin 2 is where nearly every drawer is wired)."""

    pin: int = 2


PrintOp = TextLine | QrCode | Feed | Cut | DrawerKick


def check_columns(columns: int) -> int:
    """Refuse paper widths we have no layout for, before anything is printed."""
    if columns not in SUPPORTED_COLUMNS:
        raise PosError(
            "printer_columns_invalid",
            columns=columns,
            supported=", ".join(str(c) for c in SUPPORTED_COLUMNS),
        )
    return columns
