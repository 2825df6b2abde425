"""`shopfloor --help` answers in the language asked or the till's own (tester 20 #8): the
parser's texts are built once the language is set (`--lang`, else the settings of the till
under --data-dir / --demo). Real processes, a headless support shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.services.settings import Settings, save_settings

ZH_NAME = "Shopfloor 收银系统"  # the program's name in the zh_CN catalogue


def shopfloor_help(data_dir: Path, *args: str) -> str:
    env = dict(os.environ, SHOPFLOOR_DATA_DIR=str(data_dir))
    for screen in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "LANG", "LC_ALL"):
        env.pop(screen, None)
    run = subprocess.run([sys.executable, "-m", "pos_app.cli", *args, "--help"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return run.stdout


@pytest.mark.parametrize(("saved", "flag", "expect_chinese"), [
    ("en", ("--lang", "zh_CN"), True),  # tester 20 #8: stayed English
    ("zh_CN", (), True),  # the Chinese till's own language
    ("zh_CN", ("--lang", "en"), False),
    ("en", (), False),
])
def test_help_is_in_the_language_asked_or_the_tills(tmp_path, saved, flag, expect_chinese):
    save_settings(tmp_path / "store" / "settings.json", Settings(language=saved))
    text = shopfloor_help(tmp_path, *flag)
    assert (ZH_NAME in text) == expect_chinese, text
    assert ("Shopfloor POS\n" in text) == (not expect_chinese), text
