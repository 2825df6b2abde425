"""The `shopfloor` command answers in the till's language (tester's finding, 20-L2): the
screen language in the till's settings, unless --lang says otherwise; no settings file,
the default (Chinese). Real processes, a headless support shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.services.settings import Settings, save_settings


def support_shell(data_dir: Path, *args: str) -> str:
    """`shopfloor print-test` on a printer address that means nothing: its one-line reason
    (the till's files in `data_dir`/store, where a till keeps them by default)."""
    env = dict(os.environ, SHOPFLOOR_DATA_DIR=str(data_dir))
    for screen in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "LANG", "LC_ALL"):
        env.pop(screen, None)
    run = subprocess.run([sys.executable, "-m", "pos_app.cli", *args, "print-test",
                          "--printer", "nonsense"], capture_output=True, text=True, env=env,
                         timeout=120)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    return run.stderr


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize(("saved", "flag", "expect_chinese"), [
    ("en", (), False),  # the English till: English
    ("zh_CN", (), True),
    ("en", ("--lang", "zh_CN"), True),  # --lang wins for this run
    ("zh_CN", ("--lang", "en"), False),
    (None, (), True),  # no settings yet: the default
])
def test_the_cli_speaks_the_tills_language_unless_told(tmp_path, saved, flag, expect_chinese):
    if saved:
        save_settings(tmp_path / "store" / "settings.json", Settings(language=saved))
    assert chinese(support_shell(tmp_path, *flag)) == expect_chinese
