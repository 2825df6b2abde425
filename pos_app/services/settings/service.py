"""Reading and changing terminal settings; applying them (language, printer) at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pos_app import i18n
from pos_app.domain.member_days import MemberDays
from pos_app.services.settings.model import Settings
from pos_app.services.settings.storage import load_settings, save_settings


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

    def update(self, **changes: object) -> Settings:
        """Validate, save atomically, then apply; a bad value raises PosError (translated)
        and nothing is saved."""
        candidate = replace(self._settings, **changes)  # type: ignore[arg-type]
        candidate.validate()
        if self._check is not None:
            self._check(candidate)
        save_settings(self._path, candidate)
        self._settings = candidate
        self.apply()
        return candidate

    def apply(self) -> None:
        i18n.set_language(self._settings.language)
        if self._on_applied is not None:
            self._on_applied(self._settings)
