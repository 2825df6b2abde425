"""Typed settings: numbered upgrades from older files on disk, and refusals as PosError."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pos_app import i18n
from pos_app.errors import PosError
from pos_app.services.settings import (
    SETTINGS_VERSION,
    UPGRADES,
    ScannerSettings,
    Settings,
    SettingsService,
    load_settings,
    save_settings,
)
from tests.staff import MANAGER


def test_a_version_1_file_upgrades_to_chinese_receipts_and_keeps_the_screen_language(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "language": "en", "printer_columns": 32}), "utf-8")
    settings = load_settings(path)
    assert (settings.version, settings.language, settings.receipt_language) == (
        SETTINGS_VERSION, "en", "zh_CN")
    assert settings.printer_columns == 32


def test_a_file_from_the_first_tills_without_a_version_is_read_as_version_1(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": "en", "store_name": "老店",
                                "scanner": {"min_length": 6, "retired_option": 1}}), "utf-8")
    settings = load_settings(path)
    assert (settings.version, settings.receipt_language, settings.store_name) == (
        SETTINGS_VERSION, "zh_CN", "老店")
    assert settings.scanner.min_length == 6


def test_an_upgraded_file_is_saved_at_the_current_version(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "language": "en"}), "utf-8")
    service = SettingsService(path)
    service.update(MANAGER, printer_columns=42)
    saved = json.loads(path.read_text("utf-8"))
    assert (saved["version"], saved["receipt_language"], saved["printer_columns"]) == (
        SETTINGS_VERSION, "zh_CN", 42)


def test_every_older_version_has_exactly_one_upgrade_step():
    assert sorted(UPGRADES) == list(range(1, SETTINGS_VERSION))
    for version, step in UPGRADES.items():
        assert step({"version": version})["version"] == version + 1


def test_the_receipt_language_is_saved_and_read_back(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(path, Settings(language="zh_CN", receipt_language="en"))
    assert json.loads(path.read_text("utf-8"))["receipt_language"] == "en"
    assert load_settings(path).receipt_language == "en"


def test_an_unknown_receipt_language_is_refused():
    with pytest.raises(PosError) as caught:
        Settings(receipt_language="fr").validate()
    assert caught.value.code == "receipt_language_invalid"


@pytest.mark.parametrize(("change", "code"), [
    ({"language": "de"}, "language_invalid"),
    ({"receipt_language": "fr"}, "receipt_language_invalid"),
    ({"printer_columns": 40}, "printer_columns_invalid"),
    ({"scanner": ScannerSettings(max_gap_ms=1)}, "scanner_timing_invalid"),
    ({"scanner": ScannerSettings(host_layout="dvorak")}, "scanner_layout_invalid"),
    ({"scanner": ScannerSettings(gs_stand_in="ab")}, "scanner_layout_invalid"),
])
def test_a_value_a_till_cannot_use_is_refused_in_the_persons_language(tmp_path, change, code):
    path = tmp_path / "settings.json"
    service = SettingsService(path)
    i18n.set_language("zh_CN")
    try:
        with pytest.raises(PosError) as caught:
            service.update(MANAGER, **change)
        assert caught.value.code == code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message())
    finally:
        i18n.set_language("en")
    assert not path.exists()  # nothing saved
    assert service.settings == Settings()


def test_a_file_with_a_value_out_of_range_falls_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": SETTINGS_VERSION, "printer_columns": 40}), "utf-8")
    assert load_settings(path) == Settings()
    assert load_settings(path) == replace(Settings(), printer_columns=48)
