"""`python -m bench sync --full`: a fresh till's first download from an HQ at full scale
(PRODUCT §12: 200k products, 1M members), while the till keeps ringing up scans.

- HQ: a separate process (uvicorn over HTTP on 127.0.0.1) on a SQLite database holding N
  products and M members with their change-log rows, as HQ publishes them (members per
  store, with identifiers). Built once under --dir (default /work/benchdata/hq-full, about
  1 GB at full size) and reused while its stamp matches; products through bench.sync's
  loader, members' names and phones through bench.members' generator.
- The till: another process (bench/sync_full_till.py), a freshly paired data dir holding one
  local product, running the app's own sync thread (sync.worker.SyncWorker, as the app's
  SyncService starts it) while its main thread — where the GUI runs in the app — rings up a
  scan every 50 ms through the real till services (TillServices.scanner.ring).
- Figures: `first_download_s` (worker start → every stream's rows applied, target < 60 s),
  `name_index_s` (the member indexes a first download builds once after that, in the same
  sync thread, name search falling back to LIKE meanwhile; `online_s` = both), the
  till's `rss_peak_mb` (VmHWM, target < 300 MB), scan → line p50/p95/max during the
  download (target p95 < 100 ms), scans rung vs lines added (none lost or doubled), and
  rows/s per stream. Setup (building HQ, pairing) is not timed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, insert

from bench.stats import machine, now_iso
from hq import admin, changes
from hq import models as hm

TARGETS = {"first_download_s": 60.0, "rss_peak_mb": 300.0, "scan_p95_ms": 100.0}
STAMP = "bench-hq.json"
DEFAULT_DIR = Path("/work/benchdata/hq-full")
ROOT = Path(__file__).resolve().parents[1]
_BOOT = (
    "import sys, uvicorn; from hq.app import create_app; "
    "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]),"
    " log_level='warning', lifespan='off')"
)
STAMP_ISO = "2026-11-01T00:00:00+00:00"


def _load_members(hq_engine: Engine, store_id: str, count: int, seed: int) -> None:
    """Members as HQ holds and publishes them: the row, phone and card identifiers, and one
    `members` change per member for its home store (hq.members.publish's shape)."""
    from bench.members import make_members
    from sync.contract.streams_members import MemberData

    created = hm.utcnow()
    step = 50_000
    for start in range(0, count, step):
        batch = make_members(min(step, count - start), seed + start)
        members, idents, log = [], [], []
        for n, m in enumerate(batch, start):  # phones and cards unique across batches
            m["card"] = f"C{n + 1:09d}"
            m["phone"] = f"1{3 + n % 7}{(n * 7919 + 1234567) % 10**9:09d}"
            members.append({"id": m["id"], "name": m["name"], "phone": m["phone"],
                            "card_no": m["card"], "home_store_id": store_id, "consent": True,
                            "created_at": created, "updated_at": created,
                            "first_seen_at": created})
            idents += [{"member_id": m["id"], "kind": "card", "value": m["card"]},
                       {"member_id": m["id"], "kind": "phone", "value": m["phone"]}]
            data = MemberData(
                id=m["id"], name=m["name"], phone=m["phone"], card_no=m["card"],
                home_store_id=store_id, consent=True,
                identifiers=[{"kind": "card", "value": m["card"]},  # type: ignore[list-item]
                             {"kind": "phone", "value": m["phone"]}],
                created_at=STAMP_ISO, updated_at=STAMP_ISO).model_dump()
            log.append({"stream": "members", "key": m["id"], "op": "upsert",
                        "store_id": store_id, "created_at": created,
                        "data": json.dumps(data, ensure_ascii=False, sort_keys=True)})
        with hq_engine.begin() as conn:
            conn.execute(insert(hm.Member.__table__), members)
            conn.execute(insert(hm.MemberIdentifier.__table__), idents)
            conn.execute(insert(changes.CL), log)


def build_hq(directory: Path, products: int, members: int, seed: int = 42) -> Path:
    """The HQ database at this size, built once and reused (stamp: sizes and seed)."""
    from bench.sync import _load_products
    from hq.db import open_database as open_hq

    want = {"products": products, "members": members, "seed": seed}
    db = directory / "hq.db"
    try:
        if json.loads((directory / STAMP).read_text()) == want and db.exists():
            return db
    except (OSError, ValueError):
        pass
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    engine = open_hq(f"sqlite:///{db}")
    try:
        store_id = admin.create_store(engine, "S01", "Bench store")
        _load_products(engine, products)
        _load_members(engine, store_id, members, seed)
    finally:
        engine.dispose()
    (directory / STAMP).write_text(json.dumps(want))
    return db


class _Hq:
    """HQ in its own process, as in a shop: the till's figures are the till's alone."""

    def __init__(self, db: Path) -> None:
        with __import__("socket").socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-c", _BOOT, f"sqlite:///{db}",
                                      str(self.port)], cwd=ROOT,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(self.url + "/health", timeout=0.5).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("HQ did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)


def _fresh_till(tmp: Path, url: str, hq_db: Path) -> Path:
    """A till data dir paired to HQ (a new terminal code each run), one local product."""
    from hq.db import open_database as open_hq
    from local_db.database import open_database
    from local_db.models import Barcode, Product
    from local_db.uow import write_session
    from pos_app.services.pairing import pair_with_hq

    hq_engine = open_hq(f"sqlite:///{hq_db}")
    code = f"B{int(time.time()) % 100_000:05d}"
    try:
        admin.create_terminal(hq_engine, "S01", code)
        enrol = admin.enroll(hq_engine, "S01", code).code
    finally:
        hq_engine.dispose()
    db = tmp / "terminal.db"
    engine = open_database(db)
    try:
        pair_with_hq(engine, url, enrol, "bench")
        with write_session(engine) as session:
            session.add(Product(id="p-bench", sku="BENCH-1", name_zh="可乐", price=350,
                                stock_qty=10**6))
            session.flush()
            session.add(Barcode(code="6901234567892", product_id="p-bench"))
    finally:
        engine.dispose()
    return db


def run(products: int, members: int, directory: Path | None = None) -> dict[str, Any]:
    if directory is None:  # the full-size HQ is never rebuilt by a smaller run
        directory = DEFAULT_DIR if (products, members) == (200_000, 1_000_000) else (
            DEFAULT_DIR.parent / f"hq-{products}-{members}")
    hq_db = build_hq(directory, products, members)
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-full-", dir=directory))
    hq = _Hq(hq_db)
    try:
        db = _fresh_till(tmp, hq.url, hq_db)
        out = tmp / "till.json"
        subprocess.run([sys.executable, "-m", "bench.sync_full_till", str(db), str(out)],
                       cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        till = json.loads(out.read_text())
    finally:
        hq.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    scale = max(products / 200_000, members / 1_000_000)
    met = {"first_download_s": till["first_download_s"] / scale
           < TARGETS["first_download_s"],
           "rss_peak_mb": till["rss_peak_mb"] < TARGETS["rss_peak_mb"],
           "scan_p95_ms": till["scan_p95_ms"] < TARGETS["scan_p95_ms"],
           "no_scan_lost": till["lines"] == till["scans"]}
    return {"bench": "sync_full", "date": now_iso(), "machine": machine(tmp.parent),
            "products": products, "members": members, "figures": till,
            "targets": TARGETS, "met": met}


def format_table(report: dict[str, Any]) -> str:
    f = report["figures"]
    return "\n".join([
        f"sync --full bench {report['date']}: {report['products']:,} products,"
        f" {report['members']:,} members",
        f"first download {f['first_download_s']} s  [target < 60 s at full size];"
        f" member indexes after it {f.get('name_index_s', 0)} s (online at {f.get('online_s')} s)",
        f"  per stream: {f['streams']}",
        f"till RSS peak {f['rss_peak_mb']} MB  [target < 300 MB]",
        f"scans during the download: {f['scans']} rung, {f['lines']} lines; scan -> line"
        f" p50 {f['scan_p50_ms']} ms, p95 {f['scan_p95_ms']} ms, max {f['scan_max_ms']} ms"
        "  [target p95 < 100 ms]",
        f"met: {report['met']}",
    ])
