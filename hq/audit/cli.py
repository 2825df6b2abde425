"""`shopfloor-hq admin audit-heads [--store CODE]` (hooked into hq/cli.py like
hq/cli_security.py): every terminal's last audit head and each seq it reported with two
hashes (docs/audit.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlalchemy import Engine

from hq.audit.report import audit_heads, format_heads


def add_commands(cmd: Callable[..., argparse.ArgumentParser]) -> None:
    cmd("audit-heads", help="terminals' audit chain heads and any disagreement").add_argument(
        "--store", default=None, help="one store's code")


def actions(engine: Engine, args: argparse.Namespace) -> dict[str, Callable[[], str]]:
    return {"audit-heads": lambda: format_heads(audit_heads(engine, args.store))}
