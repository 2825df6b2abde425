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
# Plural entries: msgid (singular) → the language's forms, chosen by its Plural-Forms rule.
_plurals: dict[str, dict[str, tuple[str, ...]]] = {}
_plural_rules: dict[str, Callable[[int], int]] = {}
_current = {"lang": DEFAULT_LANGUAGE}
_listeners: list[Callable[[str], None]] = []


def _load(lang: str) -> dict[str, str]:
    with _lock:
        if lang in _catalogues:
            return _catalogues[lang]
        table: dict[str, str] = {}
        plurals: dict[str, tuple[str, ...]] = {}
        rule: Callable[[int], int] = lambda n: int(n != 1)  # noqa: E731  (English)
        po = I18N_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
            rule = _plural_rule(catalog.plural_expr)
            for message in catalog:
                if not message.id or message.fuzzy:
                    continue
                if isinstance(message.id, tuple | list):
                    forms = tuple(str(s) for s in message.string)
                    if all(forms):
                        plurals[str(message.id[0])] = forms
                elif message.string:
                    table[str(message.id)] = str(message.string)
        _catalogues[lang] = table
        _plurals[lang] = plurals
        _plural_rules[lang] = rule
        return table


def _plural_rule(expr: str) -> Callable[[int], int]:
    """The catalogue's C plural expression (its header) as a function of n. gettext's own
    parser does this safely; Babel hands us only the text."""
    import gettext as _stdlib

    return _stdlib.c2py(expr or "(n != 1)")


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


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for `n` ("1 unit" / "3 units"; Chinese has one form).
    Format `{n}` (or other fields) into the result yourself."""
    return ngettext_in(_current["lang"], singular, plural, n)


def ngettext_in(lang: str, singular: str, plural: str, n: int) -> str:
    """`ngettext` in a given language (receipts speak the store's, not the cashier's)."""
    fallback = singular if n == 1 else plural
    if lang == "en":
        return fallback
    _load(lang)
    forms = _plurals.get(lang, {}).get(singular)
    if not forms:
        return fallback
    index = _plural_rules[lang](n)
    return forms[index] if 0 <= index < len(forms) else forms[-1]


def gettext_in(lang: str, message: str) -> str:
    """`gettext` in a given language, whatever the UI speaks (receipts, customer display)."""
    if lang == "en" or lang not in SUPPORTED:
        return message
    return _load(lang).get(message, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (tables of messages)."""
    return message


_ = gettext
