"""The wire contract stays importable by HQ on its own: pydantic, the standard library and the
pure domain, nothing else of the terminal (no errors/i18n kernel, no local_db, no services)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CONTRACT = Path(__file__).resolve().parents[2] / "sync" / "contract"


def test_the_contract_imports_only_pydantic_the_stdlib_and_the_domain():
    found = []
    for path in sorted(CONTRACT.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                top = name.split(".")[0]
                allowed = (top in sys.stdlib_module_names or top == "pydantic"
                           or name.startswith(("pos_app.domain", "sync.contract")))
                if not allowed:
                    found.append(f"{path.name}: {name}")
    assert len(list(CONTRACT.glob("*.py"))) > 10  # the check reads the package
    assert found == []
