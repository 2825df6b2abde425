"""`shopfloor promotions try` prints what `shopfloor-hq promotions try` prints for the same
files, byte for byte (--json, the canonical priced_json) and as the short reading; a bad
file is refused with the domain's message and exit status 2, as at HQ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hq.cli import main as hq_main
from pos_app import i18n
from pos_app.cli import main as till_main
from tests.hq.promotions.helpers import doc_json


def both(capsys, tmp_path: Path, *argv: str) -> tuple[tuple[int, str, str], ...]:
    results = []
    for main in (lambda a: till_main(["--data-dir", str(tmp_path / "till"), *a]), hq_main):
        code = main(["promotions", "try", *argv])
        out = capsys.readouterr()
        results.append((code, out.out, out.err))
    return tuple(results)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    rules, cart = tmp_path / "rules.json", tmp_path / "cart.json"
    rules.write_text(doc_json("rules"), encoding="utf-8")
    cart.write_text(doc_json("cart"), encoding="utf-8")
    return rules, cart


def test_the_till_prints_the_bytes_hq_prints(capsys, tmp_path, files):
    rules, cart = files
    till, hq = both(capsys, tmp_path, "--rules", str(rules), "--cart", str(cart), "--json")
    assert till == hq and till[0] == 0
    assert json.loads(till[1])["campaigns"][0] == {
        "campaign_id": "c-1212-milk", "name": "12.12 奶粉买一送一", "saving": 26800}
    till, hq = both(capsys, tmp_path, "--rules", str(rules), "--cart", str(cart))
    assert till == hq
    assert "campaign c-1212-milk 12.12 奶粉买一送一: saves 268.00" in till[1]


def test_a_bad_cart_is_refused_with_the_domains_message(capsys, tmp_path, files):
    rules, cart = files
    cart.write_text("[", encoding="utf-8")
    i18n.set_language("en")
    till, hq = both(capsys, tmp_path, "--rules", str(rules), "--cart", str(cart), "--json")
    assert till[0] == hq[0] == 2 and till[1] == hq[1] == ""
    assert hq[2].startswith("error: " + till[2].strip())  # HQ adds its "error: … [code]"
