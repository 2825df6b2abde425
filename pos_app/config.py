"""Typed terminal settings in a JSON file, with numbered upgrade steps per schema change."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from platformdirs import user_data_dir

from pos_app.domain.member_days import MemberDays
from pos_app.errors import PosError

SETTINGS_VERSION = 2
APP_NAME = "shopfloor"


def default_data_dir() -> Path:
    """Per-user data dir; SHOPFLOOR_DATA_DIR overrides it (tests, kiosks, several tills)."""
    override = os.environ.get("SHOPFLOOR_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass
class ScannerSettings:
    min_length: int = 4
    max_gap_ms: int = 35
    suffixes: str = "\r\n\t"
    require_suffix: bool = True
    serial_port: str = ""  # e.g. /dev/ttyACM0 or serial://COM3?baud=9600; "" = none
    host_layout: str = "us"  # the till's keyboard layout: "us", or "fr" (AZERTY)
    gs_stand_in: str = ""  # a character the scanner sends instead of GS (Ctrl+])


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
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    member_days: MemberDaySettings = field(default_factory=MemberDaySettings)

    def validate(self) -> None:
        if self.language not in ("zh_CN", "en"):
            raise ValueError(f"language must be zh_CN or en, not {self.language!r}")
        if self.receipt_language not in ("zh_CN", "en"):
            raise ValueError("receipt_language must be zh_CN or en")
        if self.printer_columns not in (32, 42, 48):
            raise ValueError("printer_columns must be 32, 42 or 48")
        if not (1 <= self.scanner.min_length <= 64 and 5 <= self.scanner.max_gap_ms <= 500):
            raise ValueError("scanner timing out of range")
        if self.scanner.host_layout not in ("us", "fr") or len(self.scanner.gs_stand_in) > 1:
            raise ValueError("scanner layout or GS stand-in not valid")
        self.member_days.rule()  # PosError with a translated message when out of range


# Upgrade steps: UPGRADES[n] turns a version-n dict into a version-(n+1) dict.


def _v1_to_v2(raw: dict) -> dict:
    """Receipts got their own language. Version-1 tills printed in whatever the screen
    spoke; the store's customers read Chinese, so an upgraded till prints zh_CN."""
    return {**raw, "receipt_language": raw.get("receipt_language", "zh_CN"), "version": 2}


UPGRADES: dict[int, object] = {1: _v1_to_v2}


def _from_dict(raw: dict) -> Settings:
    version = int(raw.get("version", 0))
    if version == 0:
        version = 1
    while version < SETTINGS_VERSION:
        raw = UPGRADES[version](raw)  # type: ignore[operator]
        version += 1
    raw["version"] = SETTINGS_VERSION
    names = {f.name for f in fields(Settings)}
    sections = {"scanner": ScannerSettings, "member_days": MemberDaySettings}
    values = {k: v for k, v in raw.items() if k in names and k not in sections}
    settings = Settings(**values, **{name: _section(cls, raw.get(name))
                                     for name, cls in sections.items()})
    settings.validate()
    return settings


def _section(cls: type, raw: object) -> object:
    """A nested settings block; keys this version does not know are dropped."""
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in (raw if isinstance(raw, dict) else {}).items()
                  if k in known})


def load_settings(path: Path) -> Settings:
    """Settings from `path`, or defaults when the file is missing or unreadable."""
    if not path.exists():
        return Settings()
    try:
        return _from_dict(json.loads(path.read_text("utf-8")))
    except (ValueError, TypeError, KeyError, PosError) as exc:
        logging.getLogger(__name__).warning(
            "settings file %s unreadable (%s); using defaults", path, type(exc).__name__
        )
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    settings.validate()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), "utf-8")
    os.replace(tmp, path)
