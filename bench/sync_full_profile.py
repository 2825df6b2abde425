"""Where a first download's members pages go, on the till's side: `python -m
bench.sync_full_profile [--members N] [--profile out.prof] [--dir D]`.

Why apart from `bench sync --full`: that bench times the whole round beside a selling till,
and on this shared machine its wall time swings with other people's work. This one starts
the same HQ process on the same data (bench.sync_full's `_Hq`, `_fresh_till`, the HQ under
--dir, built there by `bench sync --full` first) and pulls only the members stream through
`sync.puller.pull_stream`, up to N members, then prints the CPU seconds of the thread that
applies the pages (`thread_time`: what another process's load does not inflate) and of the
page-ahead thread's requests and parse, per page, and this process's VmHWM — the figures
used to judge each change of 24-DL and 25-DL A/B (bench/README.md, sync --full).
`--profile` writes a cProfile of the applying thread timed by its CPU (pstats' `tottime`
is then CPU, not waits for the GIL).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.sync_full import DEFAULT_DIR, _fresh_till, _Hq
from bench.sync_full_till import peak_rss_kb
from local_db.database import open_database
from local_db.download_cache import DownloadCache
from sync.client import HqClient
from sync.link import hq_link, tls_options
from sync.puller import PullResult, pull_stream


def measure(directory: Path, members: int, profile: Path | None = None) -> dict[str, Any]:
    """Pull up to `members` members into a fresh till; the till's CPU, per page."""
    hq_db = directory / "hq.db"
    tmp = Path(tempfile.mkdtemp(prefix="bench-members-profile-", dir=directory))
    hq = _Hq(hq_db)
    parse = [0.0, 0]
    fetch = HqClient._changes

    def timed(self: HqClient, *key: Any) -> Any:  # runs on the page-ahead thread
        t0 = time.thread_time()
        try:
            return fetch(self, *key)
        finally:
            parse[0] += time.thread_time() - t0
            parse[1] += 1

    HqClient._changes = timed  # type: ignore[method-assign]
    try:
        engine = open_database(_fresh_till(tmp, hq.url, hq_db))
        link = hq_link(engine)
        assert link is not None
        cancel = threading.Event()

        def progress(_stream: str, rows: int, _more: bool) -> None:
            if rows >= members:
                cancel.set()

        result, cache = PullResult(), DownloadCache()
        prof = cProfile.Profile(time.thread_time) if profile else None
        wall0, cpu0, thread0 = time.perf_counter(), time.process_time(), time.thread_time()
        with HqClient(link.hq_url, link.token, **tls_options(link)) as client:
            if prof is not None:
                prof.enable()
            try:
                pull_stream(engine, client, "members", result, on_progress=progress,
                            cancel=cancel, cache=cache)
            finally:
                if prof is not None:
                    prof.disable()
                cache.restore()
        applier = time.thread_time() - thread0
        pages = max(1, parse[1])
        out = {"members": result.applied.get("members", 0), "pages": parse[1],
               "wall_s": round(time.perf_counter() - wall0, 2),
               "process_cpu_s": round(time.process_time() - cpu0, 2),
               "applier_cpu_s": round(applier, 2), "page_ahead_cpu_s": round(parse[0], 2),
               "applier_ms_a_page": round(1000 * applier / pages, 1),  # per request
               "page_ahead_ms_a_page": round(1000 * parse[0] / pages, 1),
               "vmhwm_mb": round(peak_rss_kb() / 1024, 1)}  # the whole process, HQ's apart
        if prof is not None and profile is not None:
            prof.dump_stats(str(profile))
        engine.dispose()
        return out
    finally:
        HqClient._changes = fetch  # type: ignore[method-assign]
        hq.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args()
    print(json.dumps(measure(args.dir, args.members, args.profile)))


if __name__ == "__main__":
    main()
