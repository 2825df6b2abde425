"""The settings a till keeps in its own file, with the checks a saved file must pass.

Every refusal is a PosError, so the settings dialog, the CLI and a hand-edited file all say
what is wrong in the person's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pos_app.domain.discounts import DiscountLimits
from pos_app.domain.member_days import MemberDays
from pos_app.errors import PosError
from pos_app.services.settings.upgrades import SETTINGS_VERSION

LANGUAGES = ("zh_CN", "en")
PRINTER_COLUMNS = (32, 42, 48)
HOST_LAYOUTS = ("us", "fr")


@dataclass
class ScannerSettings:
    min_length: int = 4
    max_gap_ms: int = 35
    suffixes: str = "\r\n\t"
    require_suffix: bool = True
    serial_port: str = ""  # e.g. /dev/ttyACM0 or serial://COM3?baud=9600; "" = none
    host_layout: str = "us"  # the till's keyboard layout: "us", or "fr" (AZERTY)
    gs_stand_in: str = ""  # a character the scanner sends instead of GS (Ctrl+])

    def validate(self) -> None:
        if not (1 <= self.min_length <= 64 and 5 <= self.max_gap_ms <= 500):
            raise PosError("scanner_timing_invalid")
        if self.host_layout not in HOST_LAYOUTS or len(self.gs_stand_in) > 1:
            raise PosError("scanner_layout_invalid")


@dataclass
class MemberDaySettings:
    """Member days (会员日) on which members earn points × `multiplier_permille`."""

    days_of_month: list[int] = field(default_factory=list)  # e.g. [8, 18, 28]
    weekdays: list[int] = field(default_factory=list)  # ISO 1 = Monday … 7 = Sunday
    multiplier_permille: int = 2000

    def rule(self) -> MemberDays:
        """The domain rule; raises PosError when a value is out of range."""
        return MemberDays(tuple(self.days_of_month), tuple(self.weekdays),
                          self.multiplier_permille)

    @classmethod
    def of(cls, rule: MemberDays) -> MemberDaySettings:
        return cls(list(rule.days_of_month), list(rule.weekdays), rule.multiplier_permille)


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    language: str = "zh_CN"  # this till's screens (the cashier's choice)
    receipt_language: str = "zh_CN"  # what customers read on paper: the store's, not the UI's
    store_code: str = "S01"
    store_name: str = "示例旗舰店"
    terminal_code: str = "T01"
    printer_url: str = "virtual:"
    printer_columns: int = 48
    camera_index: int = 0  # which camera the "camera scan" button opens
    # the Z at close (issue 18): fen a tender may be over or short without a manager, and
    # whether the counter sees the expected figures only after the count (blind count)
    shift_tolerance: int = 500
    blind_count: bool = False
    # overrides (issue 18): what a cashier takes off alone (over either: a manager approves),
    # and the inactivity lock (0 = never; a fraction of a minute is allowed)
    discount_limit_bp: int = 1000  # 10 % of the line or sale
    discount_limit_fen: int = 5000  # ¥50
    lock_after_minutes: float = 5
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    member_days: MemberDaySettings = field(default_factory=MemberDaySettings)

    def validate(self) -> None:
        """PosError naming the first value a till could not work with."""
        if self.language not in LANGUAGES:
            raise PosError("language_invalid", value=self.language)
        if self.receipt_language not in LANGUAGES:
            raise PosError("receipt_language_invalid", value=self.receipt_language)
        if self.printer_columns not in PRINTER_COLUMNS:
            raise PosError("printer_columns_invalid", columns=self.printer_columns,
                           supported=", ".join(map(str, PRINTER_COLUMNS)))
        if (isinstance(self.shift_tolerance, bool) or not isinstance(self.shift_tolerance, int)
                or not 0 <= self.shift_tolerance <= 100_000):
            raise PosError("shift_tolerance_invalid")
        DiscountLimits(self.discount_limit_bp, self.discount_limit_fen).validate()
        if isinstance(self.lock_after_minutes, bool) or not (
                isinstance(self.lock_after_minutes, int | float)
                and 0 <= self.lock_after_minutes <= 240):
            raise PosError("lock_minutes_invalid")
        self.scanner.validate()
        self.member_days.rule()
