"""Venues: the registry of known venues (:mod:`.registry`), the URL and DOI rules that
name a venue (:mod:`.urls`), and the decision of one venue and year per entry
(:mod:`.decision`).

The registry's public names are importable from here.
"""

from .registry import (
    ENTRY_POINT_GROUP,
    KINDS,
    Match,
    Registry,
    Resolution,
    Venue,
    build_registry,
    default_registry,
    normalize,
    venue_from_table,
    venues_from_toml,
)

__all__ = [
    "ENTRY_POINT_GROUP", "KINDS", "Match", "Registry", "Resolution", "Venue", "build_registry",
    "default_registry", "normalize", "venue_from_table", "venues_from_toml",
]
