"""`python -m bench coupons`: a coupon code checked offline at a till, and redeemed at HQ.

- `coupon_verify_p95_ms` (< 5 ms): what a till does with a scanned SFC1 code before it asks
  anyone: classify the scan, read the keys HQ honours from the till's SQLite file
  (local_db.coupon_keys, pulled over the `coupon_keys` stream) and verify (signature, key,
  validity; pos_app.domain.coupons.verify). Beside it, same run, interleaved at random:
  `ed25519_verify_p95_ms`, a bare Ed25519 verify of the same 108-byte message with a
  prepared key — the floor of the cryptography alone. Also reported: the domain verify alone
  (keys in memory), the till path's CPU time (the VM is shared: wall time minus CPU time is
  mostly the neighbours) and 17-C's CouponReader.read (plus store, member, gift look-ups).
- `coupon_redeem_online_p95_ms`: the till's HqClient.redeem_coupon round trip (POST
  /v1/coupons/redeem, idempotency key, atomic open→redeemed) to a real HQ (uvicorn on
  127.0.0.1 in this process, SQLite, fresh temp files), one distinct coupon per request, each
  with the signed code the till scanned; every answer must be `redeemed`.

Everything is real: HQ makes the key (encrypted at rest), issues the coupons and signs them;
a paired till pulls the public keys over HTTP. Wall time is the figure; the load average is
reported beside it, since on a shared machine the wall time mostly measures the neighbours.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine, insert, update

from bench.stats import machine, now_iso, summary
from bench.sync import hq_server
from hq import admin
from hq import models as hm
from hq.coupons import issue, keys
from local_db.coupon_keys import honoured_keys, verification_keys
from local_db.database import open_database
from local_db.uow import read_session
from pos_app.domain.codes import classify
from pos_app.domain.coupons import CONTEXT, CouponPayload, base32, sign, verify
from pos_app.services.context import TerminalInfo
from pos_app.services.pairing import pair_with_hq
from sync.client import HqClient
from sync.contract.coupons_api import CouponRedeemRequest
from sync.link import hq_link
from sync.round import sync_once

TARGETS_MS = {"coupon_verify_p95_ms": 5.0}
BENCH_SECRET = "bench-only coupon secret: never used outside this temp HQ"


def _issue_signed(hq_engine: Engine, count: int, store_id: str) -> list[str]:
    """`count` coupons of one member, issued by HQ and signed with its current key."""
    member_id = str(uuid.uuid4())
    with hq_engine.begin() as conn:
        conn.execute(insert(hm.Member.__table__), {"id": member_id, "name": "陈静",
                                                   "consent": True})
    codes = []
    for n in range(count):
        issued = issue(hq_engine, member_id, f"满100减{n % 50 + 1}", value=(n % 50 + 1) * 100,
                       min_spend=10_000, days=30, campaign="bench")
        with hq_engine.begin() as conn:
            key_id, private = keys.signing_key(conn)
            row = conn.execute(hm.Coupon.__table__.select().where(
                hm.Coupon.__table__.c.id == issued.id)).mappings().one()
            payload = CouponPayload.make(
                key_id=key_id, coupon_id=issued.id, campaign_id="bench", member_id=member_id,
                kind="amount_off", value=row["value"], min_spend=row["min_spend"],
                valid_from=_utc(row["valid_from"]), valid_until=_utc(row["valid_until"]),
                store_id=store_id)
            code = sign(payload, private)
            conn.execute(update(hm.Coupon.__table__).where(
                hm.Coupon.__table__.c.id == issued.id).values(signed_code=code))
        codes.append(code)
    return codes


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _offline(engine: Engine, terminal: TerminalInfo, codes: list[str], seed: int
             ) -> dict[str, list[float]]:
    """Times per code: the till's verify, the domain's alone, the bare Ed25519, the reader."""
    from pos_app.services.coupons.codes import CouponReader  # 17-C's service

    now = datetime.now(UTC)
    with read_session(engine) as session:
        memory_keys = honoured_keys(session)
    reader = CouponReader(engine, terminal)
    bare_keys = {k: Ed25519PublicKey.from_public_bytes(v) for k, v in memory_keys.items()}
    raws = [base32.decode(c[5:], 108) or b"" for c in codes]

    def till(i: int) -> None:
        scanned = classify(codes[i], "sale").coupon or ""
        with read_session(engine) as session:
            honoured, retired = verification_keys(session)
        verify(scanned, honoured, now, retired)

    def domain(i: int) -> None:
        verify(codes[i], memory_keys, now)

    def bare(i: int) -> None:
        bare_keys[raws[i][1]].verify(raws[i][44:], CONTEXT + raws[i][:44])

    def read(i: int) -> None:
        reader.read(codes[i], now=now)

    runs = {"till": till, "domain": domain, "bare": bare, "reader": read}
    times: dict[str, list[float]] = {name: [] for name in [*runs, "till_cpu"]}
    rng = random.Random(seed)
    for i in range(min(10, len(codes))):  # warm-up, untimed
        for fn in runs.values():
            fn(i)
    for i in range(len(codes)):
        order = list(runs)
        rng.shuffle(order)
        for name in order:
            start, start_cpu = time.perf_counter(), time.process_time()
            runs[name](i)
            times[name].append((time.perf_counter() - start) * 1000)
            if name == "till":
                times["till_cpu"].append((time.process_time() - start_cpu) * 1000)
    return times


def _online(client: HqClient, codes: list[str]) -> list[float]:
    times = []
    for n, code in enumerate(codes):
        key = str(uuid.uuid4())
        request = CouponRedeemRequest(idempotency_key=key, code=code, sale_id=key,
                                      receipt_no=f"S01-T01-{n + 1:06d}",
                                      redeemed_at=datetime.now(UTC))
        start = time.perf_counter()
        answer = client.redeem_coupon(request)
        times.append((time.perf_counter() - start) * 1000)
        assert answer.outcome == "redeemed", answer
    return times


def run(samples: int, seed: int = 42, workdir: Path | None = None) -> dict[str, Any]:
    os.environ.setdefault(keys.SECRET_ENV, BENCH_SECRET)
    tmp = Path(tempfile.mkdtemp(prefix="bench-coupons-", dir=workdir))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    try:
        with hq_server(f"sqlite:///{tmp / 'hq.db'}") as (url, hq_engine):
            admin.create_store(hq_engine, "S01", "Bench store")
            keys.new_key(hq_engine)  # an older key, still honoured
            keys.new_key(hq_engine)  # the newest signs
            till = open_database(tmp / "till.db")
            admin.create_terminal(hq_engine, "S01", "T01")
            terminal = pair_with_hq(till, url, admin.enroll(hq_engine, "S01", "T01").code,
                                    "bench")
            link = hq_link(till)
            assert link is not None
            with HqClient(url, link.token) as client:
                pulled = sync_once(till, client)
                assert pulled.ok, pulled.error
                codes = _issue_signed(hq_engine, samples, terminal.store_id)
                offline = _offline(till, terminal, codes, seed)
                online = _online(client, codes)
            till.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    figures = {name: summary(values) for name, values in offline.items()}
    redeem = summary(online)
    report: dict[str, Any] = {
        "date": now_iso(), "machine": machine(), "samples": samples,
        "code_length": len(codes[0]),
        "coupon_verify_p50_ms": figures["till"]["p50"],
        "coupon_verify_p95_ms": figures["till"]["p95"],
        "coupon_verify_max_ms": figures["till"]["max"],
        "coupon_verify_cpu_p95_ms": figures["till_cpu"]["p95"],
        "ed25519_verify_p50_ms": figures["bare"]["p50"],
        "ed25519_verify_p95_ms": figures["bare"]["p95"],
        "domain_verify_p95_ms": figures["domain"]["p95"],
        "coupon_read_p95_ms": figures["reader"]["p95"],
        "coupon_redeem_online_p50_ms": redeem["p50"],
        "coupon_redeem_online_p95_ms": redeem["p95"],
        "coupon_redeem_online_max_ms": redeem["max"],
        "load_average_1m": round(load, 2),
        "targets": TARGETS_MS,
    }
    report["met"] = {k: report[k] < v for k, v in TARGETS_MS.items()}
    return report


def format_table(r: dict[str, Any]) -> str:
    return "\n".join([
        f"### coupons — {r['date']}, {r['samples']} coupons ({r['code_length']}-character "
        f"codes), load {r['load_average_1m']}",
        "",
        "| figure | p50 / p95 | target | met |",
        "|---|---|---|---|",
        f"| offline verify at the till (classify + keys from SQLite + verify) | "
        f"{r['coupon_verify_p50_ms']} / {r['coupon_verify_p95_ms']} ms | < 5 ms | "
        f"{'yes' if r['met']['coupon_verify_p95_ms'] else 'NO'} |",
        f"| the same, CPU time | p95 {r['coupon_verify_cpu_p95_ms']} ms | reported | |",
        f"| bare Ed25519 verify, same message | {r['ed25519_verify_p50_ms']} / "
        f"{r['ed25519_verify_p95_ms']} ms | baseline | |",
        f"| domain verify alone (keys in memory) | p95 {r['domain_verify_p95_ms']} ms | "
        "reported | |",
        f"| CouponReader.read (+ store, member, gift) | p95 {r['coupon_read_p95_ms']} ms | "
        "reported | |",
        f"| online redeem round trip, real HQ | {r['coupon_redeem_online_p50_ms']} / "
        f"{r['coupon_redeem_online_p95_ms']} ms | reported | |",
    ])
