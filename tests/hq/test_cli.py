"""The admin CLI end to end: what it writes is what terminals pull."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from hq.cli import main
from pos_app.domain.pins import hash_pin
from pos_app.domain.pins import verify_pin as hq_verify
from pos_app.domain.pins import verify_pin as terminal_verify_pin
from tests.hq.server import HQServer

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out.strip(), out.err.strip()


def test_cli_set_up_enroll_import_and_pull(hq_server: HQServer, tmp_path: Path, capsys,
                                           monkeypatch):
    url = ["--database-url", hq_server.database_url]
    assert run(capsys, "admin", "create-store", "S09", "杭州店", "--address", "西湖路 1 号",
               *url)[0] == 0
    assert run(capsys, "admin", "create-terminal", "S09", "T01", *url)[0] == 0
    code, enrollment, _ = run(capsys, "admin", "enroll", "S09", "T01", *url)
    assert code == 0 and len(enrollment) >= 10
    csv_path = tmp_path / "p.csv"
    csv_path.write_text("sku,name_zh,name_en,barcode,price,member_price,category,tax_rate,"
                        "unit_tracked\nA1,苹果,Apple,6901234567892,¥12.30,11,fruit,9%,否\n",
                        encoding="utf-8")
    assert run(capsys, "admin", "import-products", str(csv_path), *url)[1] == "created 1, updated 0"
    monkeypatch.setattr("sys.stdin", io.StringIO("4321\n"))  # never on argv
    assert run(capsys, "admin", "create-staff", "S09", "8001", "赵敏", "manager",
               "--pin-stdin", *url)[0] == 0
    reg = httpx.post(f"{hq_server.url}/v1/devices/register",
                     json={"enrollment_code": enrollment, "device_name": "t"}).json()
    headers = {"Authorization": f"Bearer {reg['device_token']}"}
    assert reg["store_name"] == "杭州店" and reg["store_address"] == "西湖路 1 号"
    with httpx.Client(base_url=hq_server.url, headers=headers) as c:
        products = c.get("/v1/changes", params={"stream": "products"}).json()["changes"]
        staff = c.get("/v1/changes", params={"stream": "staff"}).json()["changes"]
    assert products[0]["data"] | {"id": "-"} == {
        "id": "-", "sku": "A1", "name_zh": "苹果", "name_en": "Apple", "price": 1230,
        "member_price": 1100, "category": "fruit", "tax_rate_bp": 900, "unit_tracked": False,
        "active": True, "barcodes": ["6901234567892"]}
    assert staff[0]["data"]["role"] == "manager"
    pepper = bytes.fromhex(reg["staff_pepper"])  # the stream's hashes need the store's pepper
    assert terminal_verify_pin("4321", staff[0]["data"]["pin_hash"], pepper)
    assert not terminal_verify_pin("4322", staff[0]["data"]["pin_hash"], pepper)
    assert not terminal_verify_pin("4321", staff[0]["data"]["pin_hash"])
    # revoke-device, list-exceptions
    assert run(capsys, "admin", "list-exceptions", *url)[1] == "no exceptions"
    assert run(capsys, "admin", "revoke-device", reg["device_id"], *url)[0] == 0
    r = httpx.get(f"{hq_server.url}/v1/changes", params={"stream": "staff"}, headers=headers)
    assert r.status_code == 401


def test_cli_errors_exit_non_zero_with_a_message(tmp_path: Path, capsys):
    url = ["--database-url", f"sqlite:///{tmp_path / 'hq.db'}"]
    code, _, err = run(capsys, "admin", "create-terminal", "NOPE", "T01", *url)
    assert code == 2 and "unknown store" in err
    run(capsys, "admin", "create-store", "S01", "x", *url)
    code, _, err = run(capsys, "admin", "create-staff", "S01", "1", "n", "boss", "--pin-stdin",
                       *url)
    assert code == 2 and "role" in err
    code, _, err = run(capsys, "admin", "revoke-device", "nope", *url)
    assert code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,name_zh,price\nX,,abc\n", encoding="utf-8")
    code, _, err = run(capsys, "admin", "import-products", str(bad), *url)
    assert code == 2 and "line 2" in err and "price" in err


def test_console_script_entry_point_runs(tmp_path: Path):
    r = subprocess.run([sys.executable, "-m", "hq.cli", "admin", "create-store", "S01", "店",
                        "--database-url", f"sqlite:///{tmp_path / 'x.db'}"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "hq.cli", "--help"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert "serve" in r.stdout and "admin" in r.stdout


@pytest.mark.parametrize("pin", ["0000", "1234", "98765432"])
def test_hq_pin_hashes_verify_on_the_terminal(pin: str):
    stored = hash_pin(pin)
    assert terminal_verify_pin(pin, stored)
    assert not terminal_verify_pin(pin + "1", stored)
    assert hq_verify(pin, stored)
