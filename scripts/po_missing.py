"""List zh_CN msgids still untranslated (a quick aid for whoever adds strings)."""

from babel.messages.pofile import read_po

with open("resources/i18n/zh_CN/LC_MESSAGES/shopfloor.po", "rb") as fh:
    catalog = read_po(fh, locale="zh_CN")
for message in catalog:
    if message.id and (not message.string or message.fuzzy):
        print(repr(message.id))
