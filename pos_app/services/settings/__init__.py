"""The terminal's typed settings: the model, its numbered upgrades, the file it lives in, and
the service that changes and applies them.

It sits in the service layer (not beside the composition root) so services and screens can
read settings without importing the module that builds the UI.
"""

from pos_app.services.settings.model import MemberDaySettings, ScannerSettings, Settings
from pos_app.services.settings.service import SettingsService
from pos_app.services.settings.storage import default_data_dir, load_settings, save_settings
from pos_app.services.settings.upgrades import SETTINGS_VERSION, UPGRADES, Upgrade

__all__ = [
    "SETTINGS_VERSION",
    "UPGRADES",
    "MemberDaySettings",
    "ScannerSettings",
    "Settings",
    "SettingsService",
    "Upgrade",
    "default_data_dir",
    "load_settings",
    "save_settings",
]
