"""The layers stay apart. import-linter holds the arrows (pyproject [tool.importlinter]);
this file runs it, and keeps the rules a module pattern cannot say: Qt only in ui/ and in
devices' `qt_*.py` adapters, and migration scripts (not importable packages, so invisible
to import-linter) importing nothing above their own store."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(folder: str, banned: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{file}: {name}"
        for file, names in imported_modules(folder).items()
        for name in names
        if name.split(".")[0] in banned or name in banned
        or any(name.startswith(b + ".") for b in banned)
    )


def test_the_import_contracts_hold():
    """The same check CI runs after ruff; its report names each import that breaks one."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_qt_lives_only_in_ui_and_qt_device_adapters():
    for folder in ("local_db", "devices", "sync", "hq", "kernel", "pos_app"):
        for file, names in imported_modules(folder).items():
            if folder == "devices" and Path(file).name.startswith("qt_"):
                continue
            assert not any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names), file


def test_migrations_import_nothing_above_their_own_store():
    above_the_till_store = ("pos_app.services", "pos_app.app", "pos_app.cli", "ui", "sync",
                            "devices", "hq")
    assert offenders("local_db/migrations", above_the_till_store) == []
    terminal = ("pos_app.services", "pos_app.app", "pos_app.cli", "pos_app.errors", "ui",
                "sync", "devices", "local_db")
    assert offenders("hq/migrations", terminal) == []


def test_the_check_itself_sees_a_violation(tmp_path, monkeypatch):
    """Guard against a checker that passes because it reads nothing."""
    (tmp_path / "pos_app" / "domain").mkdir(parents=True)
    (tmp_path / "pos_app" / "domain" / "bad.py").write_text("from PySide6 import QtCore\n")

    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert offenders("pos_app/domain", ("PySide6",)) == ["pos_app/domain/bad.py: PySide6"]
