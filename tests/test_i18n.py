"""The gettext catalogue stays in step with the code, and zh_CN is complete and well-formed."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from pos_app import i18n
from pos_app.domain.units import check_move
from pos_app.errors import MESSAGES, PosError

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "resources" / "i18n" / "shopfloor.pot"
ZH_PO = ROOT / "resources" / "i18n" / "zh_CN" / "LC_MESSAGES" / "shopfloor.po"
EN_PO = ROOT / "resources" / "i18n" / "en" / "LC_MESSAGES" / "shopfloor.po"
EXTRACT = (
    "-m babel.messages.frontend extract -F babel.cfg -k _ -k N_ -k gettext -k ngettext:1,2"
    " -k gettext_in:2 -k ngettext_in:2,3"
    " --no-location --sort-output --omit-header"
)
HAN = re.compile(r"[\u4e00-\u9fff]")
FIX = "run `bash scripts/i18n` and translate the new strings in resources/i18n/zh_CN"


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _msgids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    """Plain msgids, and (singular, plural) tuples for ngettext entries."""
    return {message.id if isinstance(message.id, str) else tuple(message.id)
            for message in catalog if message.id}


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings) and not message.fuzzy


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def pot() -> Catalog:
    return _read(POT)


@pytest.fixture(scope="module")
def zh() -> Catalog:
    return _read(ZH_PO, "zh_CN")


def test_pot_is_up_to_date(tmp_path: Path, pot: Catalog) -> None:
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, *EXTRACT.split(), "-o", str(out), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    fresh = _msgids(_read(out))
    committed = _msgids(pot)
    new = sorted(fresh - committed, key=str)
    gone = sorted(committed - fresh, key=str)
    assert not new and not gone, (
        f"resources/i18n/shopfloor.pot is stale ({FIX}).\n"
        f"In the code but not in the .pot: {new}\nIn the .pot but no longer in the code: {gone}"
    )


def test_catalogues_cover_the_pot(pot: Catalog, zh: Catalog) -> None:
    expected = _msgids(pot)
    assert _msgids(zh) >= expected, (
        f"zh_CN .po lacks msgids ({FIX}): {sorted(expected - _msgids(zh), key=str)}"
    )
    en = _read(EN_PO, "en")
    lacking = sorted(expected - _msgids(en), key=str)
    assert not lacking, f"en .po lacks msgids ({FIX}): {lacking}"
    assert str(zh.locale) in ("zh_Hans_CN", "zh_CN") and zh.num_plurals == 1
    assert str(en.locale) == "en" and en.num_plurals == 2


def test_every_msgid_has_a_zh_cn_translation(pot: Catalog, zh: Catalog) -> None:
    missing = []
    for msgid in sorted(_msgids(pot), key=str):
        message = zh.get(msgid)
        if message is None or not _translated(message):
            missing.append(msgid)
    assert not missing, (
        f"{len(missing)} msgids have no (or only a fuzzy) zh_CN translation ({FIX}):\n"
        + "\n".join(map(str, missing))
    )


def test_zh_cn_placeholders_match_the_msgid(zh: Catalog) -> None:
    wrong = []
    for message in zh:
        if not message.id or not _translated(message):
            continue
        if isinstance(message.id, tuple | list):  # ngettext: the plural names the fields
            msgid, msgstr = str(message.id[1]), str(message.string[0])
        else:
            msgid, msgstr = str(message.id), str(message.string)
        try:
            ok = _fields(msgid) == _fields(msgstr)
        except ValueError as exc:  # unbalanced braces
            ok, msgstr = False, f"{msgstr} ({exc})"
        if not ok:
            wrong.append(f"{msgid!r} -> {msgstr!r}")
    assert not wrong, "zh_CN placeholders differ from the English ones:\n" + "\n".join(wrong)


def test_switching_language_translates_pos_errors() -> None:
    error = PosError("unknown_barcode", code="123")
    i18n.set_language("zh_CN")
    chinese = error.message()
    assert HAN.search(chinese) and "123" in chinese, chinese
    assert str(error) == chinese
    i18n.set_language("en")
    assert error.message() == "No product has the barcode 123."


def test_a_units_state_is_a_word_in_the_readers_language_never_its_stored_code() -> None:
    with pytest.raises(PosError) as info:
        check_move("06966014000105:DEMO002", "gifted", "sold")
    duplicate = PosError("unit_duplicate", code="06966014000105:DEMO002", state="in_stock")
    i18n.set_language("zh_CN")
    assert duplicate.message() == "单品 06966014000105:DEMO002 已登记（在库）。"
    assert "已赠出" in info.value.message() and "gifted" not in info.value.message()
    i18n.set_language("en")
    assert duplicate.message() == (
        "Unit 06966014000105:DEMO002 is already in the registry (in stock).")
    assert "from gifted to sold" in info.value.message()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_error_message_formats(code: str, lang: str) -> None:
    i18n.set_language(lang)
    params = {name: f"<{name}>" for name in _fields(MESSAGES[code])}
    template = i18n.gettext(MESSAGES[code])
    text = template.format(**params)  # a KeyError here means a placeholder was renamed
    for value in params.values():
        assert value in text, f"{code} ({lang}) drops {value}: {text}"
    assert PosError(code, **params).message() == text
    if lang == "zh_CN":
        assert HAN.search(text), f"{code} is not translated into zh_CN: {text}"
