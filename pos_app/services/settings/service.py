"""Reading and changing terminal settings; applying them (language, printer) at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from pos_app import i18n
from pos_app.domain.member_days import MemberDays
from pos_app.domain.permissions import Action
from pos_app.services.approvals import check
from pos_app.services.context import StaffInfo
from pos_app.services.settings.model import Settings
from pos_app.services.settings.storage import load_settings, save_settings

# What anyone at the till may change without CHANGE_SETTINGS (their screen's language).
EVERYONES_KEYS = frozenset({"language"})


class SettingsService:
    def __init__(
        self,
        path: Path,
        on_applied: Callable[[Settings], None] | None = None,
        check: Callable[[Settings], None] | None = None,
    ) -> None:
        self._path = path
        self._settings = load_settings(path)
        self._on_applied = on_applied
        self._check = check
        self._hq_member_days: Callable[[], MemberDays | None] | None = None
        self._audit: tuple[Engine, Callable[[], str | None]] | None = None

    def set_audit(self, engine: Engine, who: Callable[[], str | None]) -> None:
        """Write a `settings_changed` audit row (the keys, never the values) for every saved
        change, naming `who()` (the signed-in staff's id, or None)."""
        self._audit = (engine, who)

    def set_hq_member_days(self, source: Callable[[], MemberDays | None]) -> None:
        """Where HQ's member-day calendar comes from (it wins over this till's setting)."""
        self._hq_member_days = source

    def member_days(self) -> tuple[MemberDays, bool]:
        """The calendar in force and whether HQ set it (then the till's fields are locked)."""
        source = self._hq_member_days
        from_hq = source() if source is not None else None
        if from_hq is not None:
            return from_hq, True
        return self._settings.member_days.rule(), False

    def set_check(self, check: Callable[[Settings], None]) -> None:
        """A device-level check (e.g. the printer URL parses) run before anything is saved."""
        self._check = check

    @property
    def settings(self) -> Settings:
        return self._settings

    def set_on_applied(self, callback: Callable[[Settings], None]) -> None:
        self._on_applied = callback

    def update(self, staff: StaffInfo | None, **changes: object) -> Settings:
        """Validate, save atomically, then apply; a bad value raises PosError (translated)
        and nothing is saved. Why `staff`: the settings hold the cashier's own discount
        limits, the shift tolerance and the lock, so the service itself refuses anyone the
        permissions table does not allow CHANGE_SETTINGS to change any of them; the screen
        language is everyone's (a key passed at its current value changes nothing, so is
        not checked: the cashier's dialog passes the manager's fields back unchanged)."""
        candidate = replace(self._settings, **changes)  # type: ignore[arg-type]
        if set(changed_keys(self._settings, candidate)) - EVERYONES_KEYS:
            check(staff, Action.CHANGE_SETTINGS)
        candidate.validate()
        if self._check is not None:
            self._check(candidate)
        save_settings(self._path, candidate)
        before, self._settings = self._settings, candidate
        self._audit_change(before, candidate)
        self.apply()
        return candidate

    def _audit_change(self, before: Settings, after: Settings) -> None:
        if self._audit is None:
            return
        keys = changed_keys(before, after)
        if not keys:
            return
        from local_db.uow import write_session
        from pos_app.services import audit

        engine, who = self._audit
        with write_session(engine) as session:
            audit.append(session, "settings_changed", who(), "", keys=keys)

    def apply(self) -> None:
        i18n.set_language(self._settings.language)
        if self._on_applied is not None:
            self._on_applied(self._settings)


def changed_keys(before: Any, after: Any, prefix: str = "") -> list[str]:
    """The names of the fields that differ (`scanner.serial_port` for a nested one): an audit
    row says what changed, never to what (a URL or a path may carry a secret)."""
    out: list[str] = []
    for f in fields(before):
        old, new = getattr(before, f.name), getattr(after, f.name)
        if old == new:
            continue
        if is_dataclass(old) and is_dataclass(new) and type(old) is type(new):
            out.extend(changed_keys(old, new, f"{prefix}{f.name}."))
        else:
            out.append(prefix + f.name)
    return out
