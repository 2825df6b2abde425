"""A till data dir at full scale (PRODUCT §12: 200k products, 1M members), built once, reused.

The start-up and UI benches measure the real app on the store a busy brand's till holds, so
they need a ~1 GB `terminal.db`: building it takes minutes, so it is built once under a
directory the caller names (`/work/benchdata/till-full` on the bench machine) and reused
while its stamp (`bench-datadir.json`: sizes, seed, schema head) matches. The rows go in
through the same loaders as the checkout and members benches (bench/store.py,
bench/members.py): real migrations and set-up services, then raw `executemany`. A store
built at another schema head is built again (while issues fill placeholder migrations in,
a migrated store can hold a stale schema).

The stamp also keeps what the benches type: a few product barcodes and member phone numbers.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

STAMP = "bench-datadir.json"
FULL = {"products": 200_000, "members": 1_000_000}
SMOKE = {"products": 2_000, "members": 2_000}
SAMPLE = 200  # barcodes and phones kept in the stamp


@dataclass(frozen=True)
class DataDir:
    path: Path
    products: int
    members: int
    seed: int
    barcodes: list[str]  # products sold by barcode (not unit-tracked), spread over the catalogue
    phones: list[str]  # member mobile numbers, spread over the members
    built_s: float = 0.0
    head: str = ""  # the schema revision it was built at

    @property
    def db(self) -> Path:
        return self.path / "terminal.db"


def _read(path: Path) -> DataDir | None:
    try:
        raw = json.loads((path / STAMP).read_text("utf-8"))
        return DataDir(path=path, **raw) if (path / "terminal.db").exists() else None
    except (OSError, ValueError, TypeError):
        return None


def write_settings(path: Path) -> None:
    """English screens, the virtual printer, and 80 ms of slack between a scanner's keys
    (xdotool on a shared machine is not a scanner's microcontroller; tests/e2e do the same)."""
    from pos_app.services.settings import ScannerSettings, Settings, save_settings

    save_settings(path / "settings.json",
                  Settings(language="en", printer_url="virtual:bench",
                           scanner=ScannerSettings(max_gap_ms=80)))


def build_or_reuse(path: Path, products: int, members: int, seed: int = 42) -> DataDir:
    """The data dir at `path` with this many products and members: reused when its stamp says
    so, else (re)built from nothing. Never called at start-up: benches only."""
    import time

    from local_db.database import known_revisions

    head = known_revisions()[0]
    found = _read(path)
    if found and (found.products, found.members, found.seed, found.head) == (
            products, members, seed, head):
        write_settings(path)
        return found
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    start = time.perf_counter()
    from bench.members import bulk_load_members, make_members
    from bench.store import create_store

    write_settings(path)
    store = create_store(path / "terminal.db", products)
    store.engine.dispose()
    people = make_members(members, seed + 1)
    bulk_load_members(path / "terminal.db", people, store.terminal.store_id)
    step = max(1, products // SAMPLE)
    barcodes = store.barcodes[::step][:SAMPLE]
    phones = [m["phone"] for m in people[:: max(1, members // SAMPLE)]][:SAMPLE]
    del people
    made = DataDir(path, products, members, seed, barcodes, phones,
                   round(time.perf_counter() - start, 1), head)
    stamp = {k: v for k, v in asdict(made).items() if k != "path"}
    (path / STAMP).write_text(json.dumps(stamp), "utf-8")
    return made


def main() -> None:
    """`python -m bench.datadir DIR [--smoke]`: build (or find) the data dir, print its stamp."""
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sizes = SMOKE if "--smoke" in sys.argv else FULL
    made = build_or_reuse(Path(args[0]), sizes["products"], sizes["members"])
    print(json.dumps({"path": str(made.path), "products": made.products,
                      "members": made.members, "built_s": made.built_s,
                      "db_mb": round(made.db.stat().st_size / 1e6, 1)}))


if __name__ == "__main__":
    main()
