"""What a scanner meant, when the till's keyboard layout is not the scanner's.

A USB keyboard-wedge scanner does not send characters: it presses physical keys (HID usages)
as a US keyboard would. The host turns them into characters with *its* layout, so on a till
set to French AZERTY the code `(01)0696` arrives as `9à&)àçèç`. Each character the host
produced names exactly one physical key and Shift state, so a table per host layout maps it
back to the character a US keyboard gives for that key: the scanner's intent.

Caps Lock is not handled here: it swaps the case of letters, and some scanners compensate
for it while others do not, so no table can know. Codes that allow it are read without
regard to case instead (pos_app.domain.codes), and unit codes are looked up with the case
swapped when the exact code is unknown (pos_app.services.scanning).
"""

from __future__ import annotations

__all__ = ["HOST_LAYOUTS", "as_us_keys"]

# French AZERTY (Linux "fr", Windows "French"): host character → US character of that key.
_FR_PAIRS = {
    # digit row: unshifted, then shifted
    "&": "1", "é": "2", '"': "3", "'": "4", "(": "5", "-": "6", "è": "7", "_": "8",
    "ç": "9", "à": "0", ")": "-", "=": "=",
    "1": "!", "2": "@", "3": "#", "4": "$", "5": "%", "6": "^", "7": "&", "8": "*",
    "9": "(", "0": ")", "°": "_", "+": "+",
    # the letters that move: A↔Q, Z↔W, M sits where US has ';'
    "a": "q", "q": "a", "z": "w", "w": "z", "A": "Q", "Q": "A", "Z": "W", "W": "Z",
    "m": ";", "M": ":",
    # punctuation keys
    ",": "m", "?": "M", ";": ",", ".": "<", ":": ".", "/": ">", "!": "/", "§": "?",
    "ù": "'", "%": '"', "*": "\\", "µ": "|", "$": "]", "£": "}", "²": "`",
}

# None: the host types what the scanner meant (US, and layouts that agree with it on the
# characters codes use).
HOST_LAYOUTS: dict[str, dict[str, str] | None] = {"us": None, "fr": _FR_PAIRS}


def as_us_keys(text: str, host_layout: str) -> str:
    """`text` as the scanner meant it, given the host layout that typed it. Characters the
    table does not name (other letters, GS, digits on a US host) are kept as they are."""
    table = HOST_LAYOUTS.get(host_layout)
    if not table:
        return text
    return "".join(table.get(ch, ch) for ch in text)
