"""Member look-ups and name search on a terminal holding 1M members (PRODUCT §4).

`lookup_p95_ms` (< 5 ms): `MemberService.lookup` on a random mix of full mobile numbers,
card numbers and member codes (SFM:<uuid>). `name_search_p95_ms` (< 50 ms):
`MemberService.search` (FTS5 unigrams + bigrams + pinyin full / initials) on queries a
cashier types: a whole 2- or 3-character name, a 2-character part of a name, full pinyin,
pinyin initials. Limit 20, as the member screen asks.

The DB is a real terminal DB (`open_database`: Alembic migrations, WAL, synchronous=FULL,
foreign_keys); members, their phone/card identifiers and search rows are bulk-loaded with
raw `executemany` in one transaction. Names come from common surnames and given-name
characters without a second reading, so the per-character pinyin composed here equals what
`local_db.member_index.search_terms` writes (checked on a sample).

Baseline, same run, same inputs, interleaved in random order: plain Python dicts
(phone / card / id -> row; search term -> member indexes) holding everything in memory.
"""

from __future__ import annotations

import gc
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin, pinyin

from bench.stats import machine, now_iso, summary
from bench.store import create_store, raw_connect
from local_db.ids import new_id, utcnow
from local_db.member_index import search_terms
from pos_app.domain.search_text import match_expression
from pos_app.services.members import MemberService

TARGETS_MS = {"lookup_p95_ms": 5.0, "name_search_p95_ms": 50.0}
FULL = {"members": 1_000_000, "lookups": 3_000, "searches": 1_000}
SMOKE = {"members": 10_000, "lookups": 300, "searches": 150}
WARMUP = 20

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
            "萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲建林波宁"
         "浩凯颖晨雪琳婷欣怡思宇轩博文嘉子佳雨梓涵晗航睿泽瑞彤诗雅昊然鑫鹤岚峰亮斌磊宏")


def _single_reading(chars: str) -> list[str]:
    out = []
    for ch in dict.fromkeys(chars):
        if len(pinyin(ch, heteronym=True)[0]) == 1:
            out.append(ch)
    return out


def _terms(chars: str, syllables: list[str]) -> str:
    """The same string `search_terms` makes for an all-Chinese name."""
    terms = list(chars) + [chars[i:i + 2] for i in range(len(chars) - 1)]
    if len(chars) > 2:
        terms.append(chars)
    terms.append("".join(syllables))
    terms.append("".join(s[0] for s in syllables))
    return " ".join(dict.fromkeys(terms))


def make_members(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    surnames = _single_reading(SURNAMES)
    given = _single_reading(GIVEN)
    py = {ch: lazy_pinyin(ch)[0] for ch in surnames + given}
    out = []
    for i in range(count):
        chars = rng.choice(surnames) + "".join(
            rng.choice(given) for _ in range(1 if rng.random() < 0.4 else 2))
        phone = f"1{rng.choice('3456789')}{(i * 7919 + 1234567) % 10**9:09d}"
        out.append({
            "id": new_id(), "name": chars, "phone": phone, "card": f"C{i + 1:09d}",
            "terms": _terms(chars, [py[c] for c in chars]),
        })
    for m in out[:1000]:  # the composed terms are what the service itself would write
        if m["terms"] != search_terms(m["name"]):
            raise AssertionError(f"bench terms differ from search_terms for {m['name']!r}")
    return out


def bulk_load_members(path: Path, members: list[dict[str, Any]], store_id: str) -> None:
    stamp = utcnow().replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    conn = raw_connect(path)
    try:
        conn.execute(f"PRAGMA cache_size=-{min(1_000_000, max(2_000, len(members)))}")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO member (id, name, phone, card_no, birthday, gender, tier, tags,"
            " home_store_id, owner_guide_id, enrolled_by, consent, points_balance, provisional,"
            " merged_into, created_at, updated_at)"
            " VALUES (?,?,?,?,NULL,'','regular','[]',?,NULL,NULL,1,0,0,NULL,?,?)",
            ((m["id"], m["name"], m["phone"], m["card"], store_id, stamp, stamp)
             for m in members),
        )
        conn.executemany(
            "INSERT INTO member_identifier (id, member_id, kind, value) VALUES (?,?,?,?)",
            (row for m in members for row in (
                (new_id(), m["id"], "phone", m["phone"]),
                (new_id(), m["id"], "card", m["card"]))),
        )
        conn.executemany("INSERT INTO member_fts (member_id, terms) VALUES (?,?)",
                         ((m["id"], m["terms"]) for m in members))
        conn.execute("COMMIT")
        conn.execute("INSERT INTO member_fts (member_fts) VALUES ('optimize')")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def lookup_inputs(members: list[dict[str, Any]], n: int, rng: random.Random) -> list[str]:
    out = []
    for m in rng.sample(members, n):
        kind = rng.randrange(3)
        out.append(m["phone"] if kind == 0 else m["card"] if kind == 1 else f"SFM:{m['id']}")
    return out


def search_inputs(members: list[dict[str, Any]], n: int, rng: random.Random) -> list[str]:
    out = []
    for m in rng.sample(members, n):
        terms = m["terms"].split()
        kind = rng.randrange(4)
        if kind == 0:
            out.append(m["name"])  # whole name, 2 or 3 characters
        elif kind == 1:
            out.append(m["name"][-2:])  # 2 characters of it
        elif kind == 2:
            out.append(terms[-2])  # full pinyin
        else:
            out.append(terms[-1])  # initials
    return out


class DictBaseline:
    """Everything in memory: the floor the SQLite path is compared with."""

    def __init__(self, members: list[dict[str, Any]]) -> None:
        self.rows = members
        self.by_phone = {m["phone"]: i for i, m in enumerate(members)}
        self.by_card = {m["card"]: i for i, m in enumerate(members)}
        self.by_id = {m["id"]: i for i, m in enumerate(members)}
        self.by_term: dict[str, list[int]] = {}
        for i, m in enumerate(members):
            for term in m["terms"].split():
                self.by_term.setdefault(term, []).append(i)

    def lookup(self, text: str) -> dict[str, Any] | None:
        key = text.strip()
        i = (self.by_id.get(key[4:]) if key.startswith("SFM:")
             else self.by_phone.get(key, self.by_card.get(key)))
        return None if i is None else self.rows[i]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        expr = match_expression(query) or ""
        parts = [p.strip('"*') for p in expr.split(" AND ") if p]
        lists = sorted((self.by_term.get(p, []) for p in parts), key=len)
        if not lists:
            return []
        others = [set(x) for x in lists[1:]]
        hits = [i for i in lists[0] if all(i in s for s in others)][:limit]
        return [self.rows[i] for i in hits]


def _timed(fn, arg) -> tuple[float, Any]:  # type: ignore[no-untyped-def]
    start = time.perf_counter_ns()
    out = fn(arg)
    return (time.perf_counter_ns() - start) / 1e6, out


def measure(pairs: list[tuple[Any, Any]], inputs: list[str],
            rng: random.Random) -> tuple[list[float], list[float], int]:
    """(ours, baseline) timings over the same inputs in random order; misses counted."""
    ours_fn, base_fn = pairs[0]
    for arg in inputs[:WARMUP]:
        ours_fn(arg)
        base_fn(arg)
    ours: list[float] = []
    base: list[float] = []
    misses = 0
    for arg in inputs[WARMUP:]:
        order = [0, 1]
        rng.shuffle(order)
        for side in order:
            ms, out = _timed(ours_fn if side == 0 else base_fn, arg)
            (ours if side == 0 else base).append(ms)
            if side == 0 and not out:
                misses += 1
    return ours, base, misses


def run(size: int, lookups: int, searches: int, seed: int = 42,
        workdir: Path | None = None) -> dict[str, Any]:
    rng = random.Random(seed)
    tmp = Path(tempfile.mkdtemp(prefix="bench-members-", dir=workdir))
    try:
        store = create_store(tmp / "terminal.db", 100)
        start = time.perf_counter()
        members = make_members(size, seed + 1)
        gen_s = time.perf_counter() - start
        start = time.perf_counter()
        bulk_load_members(store.path, members, store.terminal.store_id)
        load_s = time.perf_counter() - start
        service = MemberService(store.engine, store.terminal)
        base = DictBaseline(members)
        look_in = lookup_inputs(members, lookups + WARMUP, rng)
        search_in = search_inputs(members, searches + WARMUP, rng)
        gc.collect()
        gc.freeze()
        try:
            l_ours, l_base, l_miss = measure([(service.lookup, base.lookup)], look_in, rng)
            s_ours, s_base, s_miss = measure([(service.search, base.search)], search_in, rng)
        finally:
            gc.unfreeze()
        db_mb = round(store.path.stat().st_size / 1e6, 1)
        store.engine.dispose()
        mach = machine(tmp)
        fs = mach.get("db_filesystem", "unknown")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lo, lb, so, sb = summary(l_ours), summary(l_base), summary(s_ours), summary(s_base)
    figures = {
        "lookup_p50_ms": lo["p50"], "lookup_p95_ms": lo["p95"], "lookup_max_ms": lo["max"],
        "dict_lookup_p50_ms": lb["p50"], "dict_lookup_p95_ms": lb["p95"],
        "name_search_p50_ms": so["p50"], "name_search_p95_ms": so["p95"],
        "name_search_max_ms": so["max"],
        "dict_search_p50_ms": sb["p50"], "dict_search_p95_ms": sb["p95"],
    }
    return {
        "bench": "members",
        "date": now_iso(),
        "machine": mach,
        "members": size,
        "lookups": len(l_ours),
        "searches": len(s_ours),
        "lookup_misses": l_miss,
        "search_misses": s_miss,
        "setup_generate_s": round(gen_s, 2),
        "setup_load_s": round(load_s, 2),
        "db_mb": db_mb,
        "db_filesystem": fs,
        **figures,
        "targets": TARGETS_MS,
        "met": {k: figures[k] < v for k, v in TARGETS_MS.items()},
    }


def format_table(report: dict[str, Any]) -> str:
    r = report
    return "\n".join([
        f"members bench — {r['date']}, {r['members']:,} members "
        f"({r['db_filesystem']}, {r['db_mb']} MB, load {r['setup_load_s']} s)",
        f"{'measure':<34}{'p50 ms':>9}{'p95 ms':>9}",
        f"{'MemberService.lookup (mixed)':<34}{r['lookup_p50_ms']:>9.3f}{r['lookup_p95_ms']:>9.3f}",
        f"{'dict lookup':<34}{r['dict_lookup_p50_ms']:>9.3f}{r['dict_lookup_p95_ms']:>9.3f}",
        f"{'MemberService.search (FTS5)':<34}{r['name_search_p50_ms']:>9.3f}"
        f"{r['name_search_p95_ms']:>9.3f}",
        f"{'dict term index':<34}{r['dict_search_p50_ms']:>9.3f}{r['dict_search_p95_ms']:>9.3f}",
        f"targets p95: lookup < {TARGETS_MS['lookup_p95_ms']:.0f} ms, name search < "
        f"{TARGETS_MS['name_search_p95_ms']:.0f} ms; met: {r['met']}",
        "",
    ])
