"""`shopfloor audit verify` (issue 18, Must hold): editing, deleting or inserting an audit
row, or rebuilding the whole chain without the terminal key (plain SHA-256, another key),
makes it fail and NAME the row; an untouched chain holds, with its count. Real SQLite files,
the real CLI (its main(), and once as a subprocess for the exit status)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pos_app.cli import main as cli_main
from tests.services.audit.chain_world import fake_hash, keyed_till, other_key, reseal

ROWS = 12  # plus terminal_created: seq 1 … 13


def _edit_detail(c: sqlite3.Connection) -> None:
    c.execute("""UPDATE audit_log SET detail = '{"n": 999}' WHERE seq = 5""")


def _edit_staff(c: sqlite3.Connection) -> None:
    c.execute("UPDATE audit_log SET staff_id = 'someone-else' WHERE seq = 7")


def _edit_time(c: sqlite3.Connection) -> None:
    c.execute("UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE seq = 9")


def _edit_hash_only(c: sqlite3.Connection) -> None:
    c.execute("UPDATE audit_log SET hash = ? WHERE seq = 4", (fake_hash(),))


def _delete_middle(c: sqlite3.Connection) -> None:
    c.execute("DELETE FROM audit_log WHERE seq = 6")


def _delete_first(c: sqlite3.Connection) -> None:
    c.execute("DELETE FROM audit_log WHERE seq = 1")


def _delete_and_renumber(c: sqlite3.Connection) -> None:
    """Row 6 removed, later rows moved down and relinked: no gap left to see."""
    c.execute("DELETE FROM audit_log WHERE seq = 6")
    c.execute("UPDATE audit_log SET seq = seq + 1000 WHERE seq > 6")
    c.execute("UPDATE audit_log SET seq = seq - 1001 WHERE seq > 1000")
    prev = c.execute("SELECT hash FROM audit_log WHERE seq = 5").fetchone()[0]
    c.execute("UPDATE audit_log SET prev_hash = ? WHERE seq = 6", (prev,))


def _insert_middle(c: sqlite3.Connection) -> None:
    """A made-up row squeezed in at 8, the rows after it moved up, links kept."""
    c.execute("UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 8")
    c.execute("UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000")
    prev = c.execute("SELECT hash FROM audit_log WHERE seq = 7").fetchone()[0]
    forged = fake_hash()
    c.execute("INSERT INTO audit_log (seq, id, at, staff_id, action, entity_id, detail,"
              " prev_hash, hash, key_id) SELECT 8, 'forged', at, staff_id, 'sign_in', 'x', '{}',"
              " ?, ?, key_id FROM audit_log WHERE seq = 7", (prev, forged))
    c.execute("UPDATE audit_log SET prev_hash = ? WHERE seq = 9", (forged,))


def _insert_at_end(c: sqlite3.Connection) -> None:
    last, seq = c.execute("SELECT hash, seq FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    c.execute("INSERT INTO audit_log (seq, id, at, staff_id, action, entity_id, detail,"
              " prev_hash, hash, key_id) VALUES (?, 'forged', '2026-12-07 08:00:00.000000',"
              " NULL, 'approval', 'x', '{}', ?, ?, '')", (seq + 1, last, fake_hash()))


def _swap_rows(c: sqlite3.Connection) -> None:
    a3, a4 = (c.execute("SELECT action FROM audit_log WHERE seq = ?", (s,)).fetchone()[0]
              for s in (3, 4))
    assert a3 != a4
    c.execute("UPDATE audit_log SET action = CASE seq WHEN 3 THEN ? ELSE ? END"
              " WHERE seq IN (3, 4)", (a4, a3))


def _rebuild_plain_sha256(c: sqlite3.Connection) -> None:
    c.execute("""UPDATE audit_log SET detail = '{"n": 0, "hidden": true}' WHERE seq = 10""")
    reseal(c, None)


def _rebuild_other_key(c: sqlite3.Connection) -> None:
    c.execute("DELETE FROM audit_log WHERE seq = 11")
    c.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 11")
    reseal(c, other_key())


def _rebuild_other_key_claiming_ours(c: sqlite3.Connection) -> None:
    ours = c.execute("SELECT key_id FROM audit_log WHERE seq = 1").fetchone()[0]
    reseal(c, other_key(), claimed_key_id=ours)


CASES: list[tuple[str, Callable[[sqlite3.Connection], None], str, int]] = [
    # what was done, how, the kind verify names, the seq it names
    ("a row's detail edited", _edit_detail, "changed", 5),
    ("a row's staff edited", _edit_staff, "changed", 7),
    ("a row's time edited", _edit_time, "changed", 9),
    ("a row's seal replaced", _edit_hash_only, "changed", 4),
    ("a row deleted", _delete_middle, "missing", 6),
    ("the first row deleted", _delete_first, "missing", 1),
    ("a row deleted, the rest renumbered", _delete_and_renumber, "changed", 6),
    ("a row inserted in the middle", _insert_middle, "changed", 8),
    ("a row added at the end", _insert_at_end, "unkeyed", ROWS + 2),
    ("two rows' actions swapped", _swap_rows, "changed", 3),
    ("the whole chain rebuilt with plain SHA-256", _rebuild_plain_sha256, "unkeyed", 1),
    ("the whole chain rebuilt with another key", _rebuild_other_key, "unprovable", 1),
    ("rebuilt with another key under ours", _rebuild_other_key_claiming_ours, "changed", 1),
]


def _verify(capsys, data_dir: Path, *extra: str) -> tuple[int, dict]:
    code = cli_main(["--data-dir", str(data_dir), "--lang", "en", "audit", "verify", "--json",
                     *extra])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def till(tmp_path: Path) -> Path:
    keyed_till(tmp_path / "terminal.db", ROWS)
    return tmp_path


def test_an_untouched_chain_holds_and_says_how_many_rows(till, capsys):
    code, report = _verify(capsys, till)
    assert code == 0 and report["ok"] and report["broken"] is None
    assert report["rows"] == report["keyed"] == ROWS + 1
    cli_main(["--data-dir", str(till), "--lang", "en", "audit", "verify"])
    assert capsys.readouterr().out.strip() == (
        f"The audit chain holds: {ROWS + 1} rows, {ROWS + 1} sealed with this terminal's key.")


@pytest.mark.parametrize(("what", "tamper", "kind", "seq"), CASES, ids=[c[0] for c in CASES])
def test_tampering_with_the_file_alone_fails_and_names_the_row(till, capsys, what, tamper,
                                                                kind, seq):
    with sqlite3.connect(till / "terminal.db") as conn:
        tamper(conn)
    code, report = _verify(capsys, till)
    assert code == 1 and not report["ok"], what
    broken = report["broken"]
    assert (broken["kind"], broken["seq"]) == (kind, seq), what
    assert f"Audit row {seq}" in broken["message"]
    if kind != "missing":  # a present row is named with its action and time
        with sqlite3.connect(till / "terminal.db") as conn:
            action, at = conn.execute("SELECT action, at FROM audit_log WHERE seq = ?",
                                      (seq,)).fetchone()
        assert (broken["action"], broken["at"]) == (action, at)
        assert f"({action}, {at})" in broken["message"]


def test_the_exit_status_of_the_real_command_says_broken(till):
    with sqlite3.connect(till / "terminal.db") as conn:
        _edit_detail(conn)
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from pos_app.cli import main; sys.exit(main())",
         "--data-dir", str(till), "--lang", "en", "audit", "verify"],
        capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stdout.startswith("Audit row 5 (settings_changed, ")
    assert "was changed" in run.stdout


def test_a_till_whose_key_is_gone_cannot_prove_its_keyed_rows(till, capsys):
    secrets_file = till / "secrets.json"
    data = json.loads(secrets_file.read_text())
    secrets_file.write_text(json.dumps({k: v for k, v in data.items() if "audit_key" not in k}))
    code, report = _verify(capsys, till)
    assert code == 1 and report["broken"]["kind"] == "unprovable"
    assert report["broken"]["seq"] == 1


def test_the_daily_self_check_runs_it_and_says_so(till, capsys):
    def audit_line() -> tuple[int, dict]:
        code = cli_main(["--data-dir", str(till), "--lang", "en", "self-test", "--json"])
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        return code, next(line for line in lines if line["check"] == "audit.chain")

    code, line = audit_line()
    assert line["status"] == "ok"
    assert line["reason"] == f"{ROWS + 1} rows hold, {ROWS + 1} sealed with this terminal's key"
    with sqlite3.connect(till / "terminal.db") as conn:
        _delete_middle(conn)
    code, line = audit_line()
    assert code == 1 and line["status"] == "fail"
    assert line["reason"].startswith("Audit row 6 is missing")


@pytest.mark.parametrize("make", [lambda d: d.mkdir(), lambda d: None], ids=["empty", "missing"])
def test_no_store_file_is_a_refusal_exit_2_not_a_broken_chain(tmp_path: Path, capsys,
                                                                make) -> None:
    """Exit 1 means "the chain is broken" (docs/audit.md): a wrong --data-dir is said in
    one translated line, exit 2, and the folder is left as found (tester 10)."""
    data_dir = tmp_path / "till"
    make(data_dir)
    code = cli_main(["--lang", "en", "--data-dir", str(data_dir), "audit", "verify"])
    out = capsys.readouterr()
    assert code == 2
    assert "No store file at" in out.err and "Traceback" not in out.err + out.out
    assert not (data_dir / "escpos-cache").exists()
    assert not data_dir.exists() or list(data_dir.iterdir()) == []
