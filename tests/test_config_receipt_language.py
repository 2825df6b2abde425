"""Settings v2: the store's receipt language, upgraded from v1 files as zh_CN."""

from __future__ import annotations

import json

import pytest

from pos_app.config import SETTINGS_VERSION, Settings, load_settings, save_settings


def test_a_version_1_file_upgrades_to_chinese_receipts_and_keeps_the_screen_language(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "language": "en", "printer_columns": 32}), "utf-8")
    settings = load_settings(path)
    assert (settings.version, settings.language, settings.receipt_language) == (
        SETTINGS_VERSION, "en", "zh_CN")
    assert settings.printer_columns == 32


def test_the_receipt_language_is_saved_and_read_back(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(path, Settings(language="zh_CN", receipt_language="en"))
    assert json.loads(path.read_text("utf-8"))["receipt_language"] == "en"
    assert load_settings(path).receipt_language == "en"


def test_an_unknown_receipt_language_is_refused():
    with pytest.raises(ValueError):
        Settings(receipt_language="fr").validate()
