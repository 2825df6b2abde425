"""Secrets of one till database (the device token, the store's PIN pepper) kept OUT of it.

Why: a copied terminal.db must not let anyone act as the till at HQ, nor brute-force staff
PINs (issue 13). Where they go, chosen once per call by `SHOPFLOOR_SECRETS`:

- `keyring`: the OS keystore (Windows Credential Manager, macOS Keychain, Secret Service),
  via the `keyring` library; service "shopfloor-pos", user "<database path>:<name>";
- `file`: `secrets.json` beside the database, mode 0600 in a 0700 folder — the fallback
  where no keystore exists (headless Linux, kiosks, CI); keys are "<file name>:<name>", so
  several tills' databases in one folder keep their own;
- `auto` (default): the keystore when `keyring` finds a usable one, else the file.

Reading looks in both places, so a till whose keystore went away (or came later) still finds
its token. The file fallback protects against a copied database or a backup of it, not
against someone holding the whole disk: docs/security.md says so.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

from local_db.secure_files import secure_dir, write_private

log = logging.getLogger(__name__)
SERVICE = "shopfloor-pos"
FILE_NAME = "secrets.json"


def _keyring():  # type: ignore[no-untyped-def]
    """The keyring module when a real keystore backs it, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keystore configuration: use the file
        return None
    if isinstance(backend, fail.Keyring) or "null" in type(backend).__module__:
        return None
    if type(backend).__name__ == "ChainerBackend" and not getattr(backend, "backends", None):
        return None
    return keyring


class SecretStore:
    """Named secrets of the database at `db_path` (e.g. `device_token`, `staff_pepper`)."""

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path).resolve()
        self.file = self.db_path.parent / FILE_NAME

    def _mode(self) -> str:
        mode = os.environ.get("SHOPFLOOR_SECRETS", "auto").strip().lower()
        return mode if mode in ("keyring", "file") else "auto"

    def _user(self, name: str) -> str:
        return f"{self.db_path}:{name}"

    def where(self) -> str:
        """'keyring' or 'file': where `set` puts a secret now."""
        mode = self._mode()
        if mode == "file":
            return "file"
        return "keyring" if _keyring() is not None else "file"

    def set(self, name: str, value: str) -> str:
        """Keep `value`; returns where it went ('keyring' or 'file')."""
        if self.where() == "keyring":
            ring = _keyring()
            try:
                ring.set_password(SERVICE, self._user(name), value)  # type: ignore[union-attr]
                self._drop_from_file(name)
                return "keyring"
            except Exception as exc:  # locked or broken keystore: the file still works
                log.warning("keystore refused %s (%s); using %s", name, type(exc).__name__,
                            self.file)
        data = self._read_file()
        data[self._key(name)] = value
        self._write_file(data)
        return "file"

    def get(self, name: str) -> str | None:
        ring = _keyring() if self._mode() != "file" else None
        if ring is not None:
            try:
                value = ring.get_password(SERVICE, self._user(name))
            except Exception:
                value = None
            if value is not None:
                return value
        return self._read_file().get(self._key(name))

    def delete(self, name: str) -> None:
        ring = _keyring() if self._mode() != "file" else None
        if ring is not None:
            with contextlib.suppress(Exception):  # not there
                ring.delete_password(SERVICE, self._user(name))
        self._drop_from_file(name)

    # --- the file fallback ---------------------------------------------------------------
    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_file(self, data: dict[str, str]) -> None:
        secure_dir(self.file.parent)
        write_private(self.file, json.dumps(data, indent=1, sort_keys=True))

    def _key(self, name: str) -> str:
        return f"{self.db_path.name}:{name}"

    def _drop_from_file(self, name: str) -> None:
        data = self._read_file()
        if self._key(name) in data:
            del data[self._key(name)]
            self._write_file(data)
