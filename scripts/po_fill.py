"""Fill zh_CN translations from a JSON {msgid: msgstr} file (keeps the .po valid via Babel).

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
    if message.id in table:
        message.string = table[message.id]
        message.flags.discard("fuzzy")
with open(PO, "wb") as fh:
    write_po(fh, catalog, omit_header=False, sort_output=True, width=100)
