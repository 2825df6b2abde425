"""One line of the self-test: what was checked, ok / warn / fail, and why, in words a
technician can act on. Its own module so the local checks and HQ's lines both use it
without importing each other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str  # stable, for scripts: database.integrity, backups, printer, …
    label: str  # translated
    status: str  # ok | warn | fail
    reason: str  # translated
