"""The reasons a scan is refused, as English msgids translated when a scan is classified.

Translated at classify time (not import time) so a language switch applies to the next scan.
Two msgids are shared with pos_app.errors so the till says the same sentence everywhere.
"""

from __future__ import annotations

from pos_app.i18n import N_, gettext

NOTHING_SCANNED = N_("Nothing was scanned.")
CONTROL_CHARS = N_("The scan contains control characters: check the scanner's settings.")
TOO_LONG = N_("The scanned text is too long to be a code ({length} characters).")
UNREADABLE = N_("The scanned text “{code}” is not a code we can read.")
BAD_CHECK_DIGIT = N_(
    "The check digit of {code} is wrong: scan again or type the number on the label."
)
GS1_UNREADABLE = N_("This GS1 code cannot be read: scan it again or type the serial number.")
GS1_NO_GTIN = N_("This GS1 code carries no product number (GTIN, AI 01).")
URL_NOT_A_CODE = N_("This web address is not a product or unit code.")
UNIT_DAMAGED = N_("This unit code is damaged: it needs a SKU and a serial number.")
MEMBER_DAMAGED = N_("This member code is damaged: scan it again.")
RECEIPT_DAMAGED = N_("This receipt code is damaged: scan it again.")
COUPON_DAMAGED = N_("This coupon code is damaged: scan it again.")
SHORT_CODE_BAD_CHECK = N_(
    "The coupon code {code} has a wrong check character: check what was typed."
)
NO_SUCH_MEMBER = N_("No member has the card or mobile number {code}.")

ALL = (
    NOTHING_SCANNED, CONTROL_CHARS, TOO_LONG, UNREADABLE, BAD_CHECK_DIGIT, GS1_UNREADABLE,
    GS1_NO_GTIN, URL_NOT_A_CODE, UNIT_DAMAGED, MEMBER_DAMAGED, RECEIPT_DAMAGED,
    COUPON_DAMAGED, SHORT_CODE_BAD_CHECK, NO_SUCH_MEMBER,
)


def reason(msgid: str, **params: object) -> str:
    """The msgid in the current language with its parameters filled; never raises."""
    template = gettext(msgid)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
