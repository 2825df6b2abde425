"""Which backups to keep: the newest of each of the last 7 days that have one, and the
newest of each of the 4 weeks before those. Everything else is deleted. A store that was
closed for a week still keeps 7 good days: days are the days that have a backup."""

from __future__ import annotations

from pathlib import Path

from local_db.backups.copy import Backup, list_backups

DAILY, WEEKLY = 7, 4


def keep(backups: list[Backup], daily: int = DAILY, weekly: int = WEEKLY) -> set[Path]:
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    kept: set[Path] = set()
    days: list = []
    for b in newest_first:
        day = b.taken_at.date()
        if day not in days:
            if len(days) >= daily:
                break
            days.append(day)
            kept.add(b.path)
    weeks: list = []
    oldest_day = min(days) if days else None
    for b in newest_first:
        if oldest_day is not None and b.taken_at.date() >= oldest_day:
            continue
        week = b.taken_at.isocalendar()[:2]
        if week not in weeks:
            if len(weeks) >= weekly:
                break
            weeks.append(week)
            kept.add(b.path)
    return kept


def prune(folder: Path, daily: int = DAILY, weekly: int = WEEKLY) -> list[Path]:
    """Delete the backups retention does not keep; returns what was deleted."""
    backups = list_backups(folder)
    kept = keep(backups, daily, weekly)
    gone = []
    for b in backups:
        if b.path not in kept:
            b.path.unlink(missing_ok=True)
            gone.append(b.path)
    return gone
