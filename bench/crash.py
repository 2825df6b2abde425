"""`python -m bench crash`: SIGKILL a selling process again and again; nothing may be lost or half.

PRODUCT §12: "SIGKILL during sale commit, 1000 times: 0 lost, 0 half, 0 duplicated".
Each run starts `bench.crash_child` (a fresh interpreter selling through the real
CheckoutService), kills it with SIGKILL 5–400 ms after it reports ready, then checks the DB
with plain sqlite3 (bench.verify). A DB is reused for `reuse` runs in a row, so sales pile up
across crashes and each start-up recovers the previous victim's WAL; after that a fresh copy
of the prepared template keeps checks fast. `jobs` > 1 runs independent lineages in parallel.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stats import machine, now_iso
from bench.verify import Check, check_store

ROOT = Path(__file__).resolve().parent.parent
CRASH_PRODUCTS = 500
INITIAL_STOCK = 1_000_000
DELAY_MS = (5, 400)
READY_TIMEOUT_S = 30.0


@dataclass
class Tally:
    runs: int = 0
    kills_mid_run: int = 0  # child still selling when the SIGKILL landed
    kills_in_commit: int = 0  # ... and inside complete_sale (last line was `B`)
    in_commit_kept: int = 0  # of those, the sale was committed before the kill
    in_commit_rolled_back: int = 0  # ... or left no trace
    committed_reported: int = 0
    sales_checked: int = 0  # sum over runs of the sales verified after that run
    sales_on_disk: int = 0  # in the DBs at their last check
    lost: int = 0
    half: int = 0
    duplicated: int = 0
    gaps: int = 0
    integrity_failures: int = 0
    child_errors: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if name == "problems":
                self.problems.extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)


def prepare_template(path: Path) -> None:
    """A migrated store with a small catalogue: the crash bench measures atomicity, not size."""
    from bench.store import create_store

    store = create_store(path, CRASH_PRODUCTS, stock=INITIAL_STOCK)
    store.engine.dispose()


def child_command(db: Path, seed: int) -> list[str]:
    return [sys.executable, "-m", "bench.crash_child", str(db), str(seed)]


def kill_once(db: Path, rng: random.Random) -> tuple[list[str], bool, bool, str]:
    """One victim: start, wait for `ready`, sleep 5–400 ms, SIGKILL. Returns its stdout lines,
    whether it was still running, whether the kill hit inside a commit, and any error."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                                  os.environ.get("PYTHONPATH")])))
    # bufsize=0: stdout unbuffered, so readline() takes `ready` byte by byte and nothing
    # after it. A buffered readline() kept whatever the child had written past `ready` (it
    # sells at once) in the reader's buffer, and communicate() reads the fd, never that
    # buffer: those `B` / `C <receipt>` were dropped, so sales on disk exceeded the reported
    # ones and a trailing `B` could be missed or misjudged (the 2026-12-07 11:10Z run).
    proc = subprocess.Popen(child_command(db, rng.randrange(2**31)), cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    assert proc.stdout is not None and proc.stderr is not None
    timer = threading.Timer(READY_TIMEOUT_S, proc.kill)
    timer.start()
    first = proc.stdout.readline().decode().strip()
    timer.cancel()
    if first != "ready":
        proc.kill()
        _, err = proc.communicate()
        return [], False, False, (first + " " + err.decode(errors="replace"))[-500:]
    time.sleep(rng.uniform(*DELAY_MS) / 1000.0)
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    lines = out.decode().split()
    error = "" if alive else err.decode(errors="replace")[-500:]
    return lines, alive, bool(lines) and lines[-1] == "B", error


def _lineage(job: int, runs: int, template: Path, workdir: Path, reuse: int,
             seed: int, progress: bool, verbose: bool = False) -> Tally:
    """`runs` kills for one worker; a DB serves `reuse` runs, then a fresh template copy."""
    rng = random.Random(seed * 1000 + job)
    tally = Tally()
    db = workdir / f"job{job}.db"
    reported: list[str] = []
    last_sales = 0
    for i in range(runs):
        if i % reuse == 0:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(template, db)
            reported, last_sales = [], 0
        tokens, alive, in_commit, error = kill_once(db, rng)
        receipts = [t for t in tokens if t not in ("B", "C")]
        reported.extend(receipts)
        tally.runs += 1
        tally.kills_mid_run += alive
        tally.kills_in_commit += in_commit
        tally.committed_reported += len(receipts)
        if error:
            tally.child_errors += 1
            tally.problems.append(f"job {job} run {i}: child error: {error}")
        check: Check = check_store(db, INITIAL_STOCK, set(reported))
        dup_reports = len(reported) - len(set(reported))
        if in_commit and check.ok:
            expected = last_sales + len(receipts)
            tally.in_commit_kept += check.sales == expected + 1
            tally.in_commit_rolled_back += check.sales == expected
        last_sales_before, last_sales = last_sales, check.sales
        tally.sales_checked += check.sales
        tally.lost += check.lost
        tally.half += check.half
        tally.duplicated += check.duplicated + dup_reports
        tally.gaps += check.gaps
        tally.integrity_failures += check.integrity != "ok"
        if not check.ok or dup_reports:
            tally.problems.append(f"job {job} run {i}: {check.problems} dup_reports={dup_reports}")
        if (i + 1) % reuse == 0 or i + 1 == runs:
            tally.sales_on_disk += check.sales
        if verbose:
            print(f"[job {job}] run {i}: alive={alive} in_commit={in_commit} "
                  f"tail={tokens[-3:]} receipts={len(receipts)} last_sales={last_sales_before} "
                  f"expected={last_sales_before + len(receipts)} check.sales={check.sales} "
                  f"ok={check.ok}", file=sys.stderr, flush=True)
        if progress and (i + 1) % 50 == 0:
            print(f"[job {job}] {i + 1}/{runs} runs, {check.sales} sales in DB",
                  file=sys.stderr, flush=True)
    return tally


def run(runs: int, jobs: int = 1, reuse: int = 50, seed: int = 42,
        workdir: Path | None = None, progress: bool = False,
        verbose: bool = False) -> dict[str, Any]:
    """The whole bench; also what tests/e2e calls. Returns the JSON-able report."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-crash-", dir=workdir))
    start = time.perf_counter()
    try:
        template = tmp / "template.db"
        prepare_template(template)
        shares = [runs // jobs + (1 if j < runs % jobs else 0) for j in range(jobs)]
        total = Tally()
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_lineage, j, n, template, tmp, reuse, seed, progress,
                                   verbose)
                       for j, n in enumerate(shares) if n]
            for future in futures:
                total.add(future.result())
        info = machine(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.perf_counter() - start
    report: dict[str, Any] = {"bench": "crash", **vars(total)}
    report["problems"] = total.problems[:20]
    report.update({
        "jobs": jobs, "reuse": reuse, "delay_ms": list(DELAY_MS), "elapsed_s": round(elapsed, 1),
        "machine": info, "date": now_iso(),
        "targets": {"runs": 1000, "lost": 0, "half": 0, "duplicated": 0},
        "met": {
            "runs": total.runs >= 1000,
            "lost": total.lost == 0,
            "half": total.half == 0 and total.integrity_failures == 0 and total.gaps == 0,
            "duplicated": total.duplicated == 0,
            "no_child_errors": total.child_errors == 0,
        },
    })
    return report


def format_table(report: dict[str, Any]) -> str:
    m = report["machine"]
    keys = ("runs", "kills_mid_run", "kills_in_commit", "in_commit_kept",
            "in_commit_rolled_back", "committed_reported", "sales_checked", "sales_on_disk",
            "lost", "half", "duplicated", "gaps", "integrity_failures", "child_errors")
    lines = [f"crash bench  {report['date']}  {m['cpu_model']} x{m['cpu_count']}  "
             f"jobs {report['jobs']}  {report['elapsed_s']} s", ""]
    lines += [f"{k:<24}{report[k]:>10,}" for k in keys]
    verdict = "met" if all(report["met"].values()) else f"NOT met: {report['met']}"
    lines += ["", f"target 1000 runs, 0 lost / 0 half / 0 duplicated: {verdict}"]
    lines += [f"  ! {p}" for p in report["problems"]]
    return "\n".join(lines)
