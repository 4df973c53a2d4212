"""The entry points of installed packages, read once per process.

Venues (``surveybib.venues``), check rules (``surveybib.rules``) and the sync stamp all ask;
one scan of the installed distributions serves them all.
"""

from __future__ import annotations

import functools


@functools.cache
def _installed():
    from importlib.metadata import entry_points

    return entry_points()


def group(name: str) -> tuple:
    """The entry points of one group, as importlib.metadata gives them."""
    return tuple(_installed().select(group=name))


def forget() -> None:
    """Read the installed packages again (after installing one in the same process)."""
    _installed.cache_clear()
