"""Moved to pos_app.services.settings; this name goes once pos_app/app.py imports from there."""

from pos_app.services.settings import (
    SETTINGS_VERSION,
    UPGRADES,
    MemberDaySettings,
    ScannerSettings,
    Settings,
    default_data_dir,
    load_settings,
    save_settings,
)

__all__ = [
    "SETTINGS_VERSION",
    "UPGRADES",
    "MemberDaySettings",
    "ScannerSettings",
    "Settings",
    "default_data_dir",
    "load_settings",
    "save_settings",
]
