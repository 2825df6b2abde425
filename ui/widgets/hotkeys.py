"""Hotkeys shown on buttons: one spelling of "label + key" for every screen.

A cashier learns the keys from the buttons themselves ("搜索 F3", "Pay F12"), so each
button's text is its translated label followed by the key cap as printed on the keyboard.
The key is never translated (the key caps say F3 and Del in every language); only the
label goes through gettext, so one msgid ("Search") serves the button, the dialog title
and anything else that names the action.

Usage (in a screen's ``retranslate``)::

    from ui.widgets.hotkeys import set_hotkey_text, with_hotkey
    set_hotkey_text(self.buttons["search"], _("Search"), "F3")
    self.pay_button.setText(with_hotkey(_("Pay"), "F12"))
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton

# How a QKeySequence string is printed on a button: the cap a cashier sees, short.
_CAPS = {
    "Return": "Enter",
    "Enter": "Enter",
    "Delete": "Del",
    "Escape": "Esc",
    "PgUp": "PgUp",
    "PgDown": "PgDn",
}


def key_cap(key: str) -> str:
    """'Ctrl+Return' -> 'Ctrl+Enter', 'Delete' -> 'Del'; F-keys and letters unchanged."""
    return "+".join(_CAPS.get(part, part) for part in key.split("+"))


def with_hotkey(label: str, key: str | None) -> str:
    """The button text for an action: 'Search' + 'F3' -> 'Search F3'.

    ``key`` None or empty gives the label alone, so a button without a hotkey uses the
    same call. A label that already ends with the key (an old msgid such as 'Pay (F12)')
    is left as it is rather than showing the key twice.
    """
    if not key:
        return label
    cap = key_cap(key)
    if label.rstrip(" )").endswith(cap):
        return label
    return f"{label} {cap}"


def set_hotkey_text(button: QAbstractButton, label: str, key: str | None) -> None:
    """Set the button's text to ``with_hotkey(label, key)`` and its tooltip to the label
    with the key, so a label elided on a narrow screen still tells its key on hover."""
    text = with_hotkey(label, key)
    button.setText(text)
    button.setToolTip(text)
    keep_label_whole(button)


def keep_label_whole(button: QAbstractButton) -> None:
    """A layout may squeeze a button down to the stylesheet's min-width (44 px) and cut
    its label; its text's own width is made its minimum instead (again after each
    relabelling, e.g. a language switch)."""
    button.ensurePolished()
    button.setMinimumWidth(0)
    button.setMinimumWidth(button.sizeHint().width())
