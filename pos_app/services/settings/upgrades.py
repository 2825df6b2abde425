"""Numbered upgrade steps: a settings file written by an older till is read, never refused.

`UPGRADES[n]` turns a version-n dict into a version-(n+1) dict. A new step is a new number:
steps already shipped never change, because tills in the field may still hold files of any
older version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SETTINGS_VERSION = 2

Raw = dict[str, Any]
Upgrade = Callable[[Raw], Raw]


def _v1_to_v2(raw: Raw) -> Raw:
    """Receipts got their own language. Version-1 tills printed in whatever the screen
    spoke; the store's customers read Chinese, so an upgraded till prints zh_CN."""
    return {**raw, "receipt_language": raw.get("receipt_language", "zh_CN"), "version": 2}


UPGRADES: dict[int, Upgrade] = {1: _v1_to_v2}


def upgrade(raw: Raw) -> Raw:
    """`raw` brought to SETTINGS_VERSION; a file without a version is version 1 (the first
    tills wrote none)."""
    version = int(raw.get("version", 0)) or 1
    while version < SETTINGS_VERSION:
        raw = UPGRADES[version](raw)
        version += 1
    return {**raw, "version": SETTINGS_VERSION}
