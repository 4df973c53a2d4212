"""The entry points of installed packages, read once per process.

Venues (``surveybib.venues``), check rules (``surveybib.rules``) and the sync stamp all ask;
one scan of the installed distributions serves them all. importlib.metadata reads them;
since importing it costs more than a whole lint of a small bib, a look at the metadata
folders on ``sys.path`` first tells whether any package declares a ``surveybib.`` group at
all (a zip or egg on the path, which that look cannot read, always goes to importlib.metadata).
"""

from __future__ import annotations

import functools
import os
import sys

_MARK = b"[surveybib."


def _declared_anywhere() -> bool:
    """Whether an entry_points.txt on sys.path may declare a surveybib group."""
    for folder in sys.path:
        folder = folder or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return True  # a zip or an egg file: only importlib.metadata can read it
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), "rb") as file:
                        if _MARK in file.read():
                            return True
                except OSError:
                    continue
    return False


@functools.cache
def _installed():
    if not _declared_anywhere():
        return None
    from importlib.metadata import entry_points

    return entry_points()


def group(name: str) -> tuple:
    """The entry points of one group, as importlib.metadata gives them."""
    installed = _installed()
    return () if installed is None else tuple(installed.select(group=name))
