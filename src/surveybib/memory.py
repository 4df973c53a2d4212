"""Building large acyclic data without paying for the cycle collector.

Parsing a bib of 100,000 entries creates millions of objects (strings, dicts, blocks),
none of them in a reference cycle. CPython's cycle collector still runs as they pile
up, and each full collection walks the whole heap, so the collector's share of the
time grows with the size of the bib (on the benchmark's 100k bib, about a third of
the time went to it). The bulk steps (reading a bib, running the rules) therefore
pause it; everything they build is freed by reference counting as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause CPython's cycle collector for a bulk step; restore its state afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
