"""Put a survey in canonical order: sections' positions renumbered, entries sorted."""

from __future__ import annotations

from ..model import Survey


def canonical_order(survey: Survey) -> Survey:
    """Renumber each section 1..n in curated order and sort entries by where they first appear.

    Ties in a section's positions keep file order. Entries in no section follow, by key.
    """
    entries = [e.replace() for e in survey.entries]
    for section in survey.sections:
        members = [e for e in entries if section.slug in e.sections]
        members.sort(key=lambda e: e.sections[section.slug])  # stable: file order on ties
        for position, entry in enumerate(members, start=1):
            entry.sections[section.slug] = position
    rank = {s.slug: i for i, s in enumerate(survey.sections)}

    def sort_key(entry):
        placed = [(rank[s], p) for s, p in entry.sections.items() if s in rank]
        return (0, min(placed), "") if placed else (1, (0, 0), entry.key.lower())

    entries.sort(key=sort_key)
    return survey.with_entries(entries)
