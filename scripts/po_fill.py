"""Fill zh_CN translations from a JSON {msgid: msgstr} file (keeps the .po valid via Babel).
A plural entry (ngettext) is keyed by its singular msgid; zh_CN has one form.

Usage: .venv/bin/python scripts/po_fill.py translations.json
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "resources/i18n/zh_CN/LC_MESSAGES/shopfloor.po"

with open(sys.argv[1], encoding="utf-8") as fh:
    table = json.load(fh)
with open(PO, "rb") as fh:
    catalog = read_po(fh, locale="zh_CN")
for message in catalog:
    plural = isinstance(message.id, tuple | list)
    key = message.id[0] if plural else message.id  # a plural entry is keyed by its singular
    if key in table:
        message.string = (table[key],) if plural else table[key]  # zh_CN: one plural form
        message.flags.discard("fuzzy")
with open(PO, "wb") as fh:
    write_po(fh, catalog, omit_header=False, sort_output=True, width=100)
