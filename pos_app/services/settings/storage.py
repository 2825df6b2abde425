"""The settings file: read with upgrades (a bad file falls back to defaults), written atomically.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from pos_app.errors import PosError
from pos_app.services.settings.model import MemberDaySettings, ScannerSettings, Settings
from pos_app.services.settings.upgrades import upgrade

APP_NAME = "shopfloor"
log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """Per-user data dir; SHOPFLOOR_DATA_DIR overrides it (tests, kiosks, several tills)."""
    override = os.environ.get("SHOPFLOOR_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def _section(cls: type, raw: object) -> Any:
    """A nested settings block; keys this version does not know are dropped."""
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in (raw if isinstance(raw, dict) else {}).items()
                  if k in known})


def settings_from(raw: dict[str, Any]) -> Settings:
    """A file's dict, upgraded and checked; PosError (or ValueError/TypeError for a value of
    the wrong kind) when it cannot be used."""
    raw = upgrade(raw)
    sections = {"scanner": ScannerSettings, "member_days": MemberDaySettings}
    names = {f.name for f in fields(Settings)} - set(sections)
    settings = Settings(**{k: v for k, v in raw.items() if k in names},
                        **{name: _section(cls, raw.get(name)) for name, cls in sections.items()})
    settings.validate()
    return settings


def load_settings(path: Path) -> Settings:
    """Settings from `path`, or defaults when the file is missing or unreadable: a till with
    a damaged settings file still starts, and the log says why."""
    if not path.exists():
        return Settings()
    try:
        return settings_from(json.loads(path.read_text("utf-8")))
    except (ValueError, TypeError, KeyError, AttributeError, PosError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path,
                    type(exc).__name__)
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    """Checked first (PosError, nothing written), then replaced in one rename."""
    settings.validate()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), "utf-8")
    os.replace(tmp, path)
