"""The cycle collector's young-generation threshold raised while a full pull runs (a first
download, a resync), then put back.

Why: each page is parsed (page-ahead thread) and applied with the collector paused
(kernel.gc_pause), but the next page, parsed ahead, is alive between the pauses: ~15,000
tracked containers. With the default threshold of 700 the first allocation after a pause ran
a young collection over all of them, every tenth moved them on through the middle generation
and now and then the whole heap was walked: ~1.5 collections a page, ~0.9 s of the till's
CPU for 300k members (bench: gc.callbacks). The young count is allocations minus
deallocations of tracked containers, and a page's objects die by reference counting, so it
stays near one page's worth: at YOUNG a collection runs only once that many more containers
were made than freed, i.e. when garbage cycles or lasting objects pile up — cycles are still
collected, just later (~1 collection per 300k members).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 100_000  # ~7 pages of containers; the default is 700


@contextmanager
def young_threshold(young: int = YOUNG) -> Iterator[None]:
    """The first collector threshold at least `young` inside the block. Put back after it
    unless someone changed it meanwhile (theirs stays)."""
    before = gc.get_threshold()
    raised = (max(before[0], young), *before[1:])
    gc.set_threshold(*raised)
    try:
        yield
    finally:
        if gc.get_threshold() == raised:
            gc.set_threshold(*before)
