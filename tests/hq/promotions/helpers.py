"""Shared by the promotions tests at HQ: the documented examples and a CLI runner."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hq.cli import main

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "promotions.md").read_text("utf-8")


def doc_json(tag: str) -> str:
    """A ```json <tag> block of docs/promotions.md."""
    found = re.search(rf"```json {tag}\n(.*?)```", DOC, re.S)
    assert found, tag
    return found.group(1)


BOGO = {"id": "bogo", "kind": "buy_x_get_y", "priority": 10,
        "products": {"skus": ["MILK-900"]}, "buy": 1, "get": 1}


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out.strip(), out.err.strip()


def rule(**fields: Any) -> str:
    return json.dumps(fields, ensure_ascii=False)
