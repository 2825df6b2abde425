"""One gettext catalogue for UI, services, printer and CLI, so every surface says the same thing.

The .po files in resources/i18n are read directly with Babel at start-up (no compiled .mo to
keep in step); English is the source language.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
DOMAIN = "shopfloor"
SUPPORTED = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_lock = threading.Lock()
_catalogues: dict[str, dict[str, str]] = {}
_current = {"lang": DEFAULT_LANGUAGE}
_listeners: list[Callable[[str], None]] = []


def _load(lang: str) -> dict[str, str]:
    with _lock:
        if lang in _catalogues:
            return _catalogues[lang]
        table: dict[str, str] = {}
        po = I18N_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
            for message in catalog:
                if message.id and message.string and not message.fuzzy:
                    table[str(message.id)] = str(message.string)
        _catalogues[lang] = table
        return table


def set_language(lang: str) -> None:
    """Switch every later translation; listeners (the UI) re-translate what they show."""
    if lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}")
    _load(lang)
    _current["lang"] = lang
    for listener in list(_listeners):
        listener(lang)


def language() -> str:
    return _current["lang"]


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def off_language_changed(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def gettext(message: str) -> str:
    """Translate `message` into the current language (English text is the key)."""
    if _current["lang"] == "en":
        return message
    return _load(_current["lang"]).get(message, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (tables of messages)."""
    return message


_ = gettext
