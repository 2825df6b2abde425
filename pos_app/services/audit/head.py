"""The chain head as a value (its own module: the writer and the reporting both use it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The chain's last row: what a Z and HQ keep so a rebuilt chain disagrees later."""

    seq: int
    hash: str
