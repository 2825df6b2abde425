"""The layers stay apart: no Qt below the UI, no database access from the UI."""

from __future__ import annotations

import ast
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


def test_domain_and_services_never_import_qt():
    assert offenders("pos_app/domain", ("PySide6", "shiboken6")) == []
    assert offenders("pos_app/services", ("PySide6", "shiboken6")) == []


def test_domain_imports_nothing_of_ours_but_itself_and_errors():
    ours = ("local_db", "devices", "ui", "sync", "hq", "pos_app.services", "pos_app.app")
    assert offenders("pos_app/domain", ours) == []
    assert offenders("pos_app/domain", ("sqlalchemy", "sqlmodel", "escpos")) == []


def test_ui_never_touches_the_database_directly():
    assert offenders("ui", ("local_db", "sqlalchemy", "sqlmodel", "sqlite3")) == []


def test_qt_lives_only_in_ui_and_qt_device_adapters():
    for folder in ("local_db", "devices"):
        for file, names in imported_modules(folder).items():
            if Path(file).name.startswith("qt_"):
                continue
            assert not any(n.startswith("PySide6") for n in names), file


def test_the_check_itself_sees_a_violation(tmp_path, monkeypatch):
    """Guard against a checker that passes because it reads nothing."""
    (tmp_path / "pos_app" / "domain").mkdir(parents=True)
    (tmp_path / "pos_app" / "domain" / "bad.py").write_text("from PySide6 import QtCore\n")
    import sys

    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert offenders("pos_app/domain", ("PySide6",)) == ["pos_app/domain/bad.py: PySide6"]
