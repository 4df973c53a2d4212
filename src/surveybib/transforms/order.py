"""Put a survey in canonical order: sections' positions renumbered, entries sorted."""

from __future__ import annotations

from ..model import Entry, Survey


def canonical_order(survey: Survey) -> Survey:
    """Renumber each section 1..n in curated order and sort entries by where they first appear.

    Ties in a section's positions keep file order. Entries in no section follow, by key.
    A crossref parent then moves after the last of its children (:func:`parents_last`).
    """
    entries = [e.replace() for e in survey.entries]
    members: dict[str, list[Entry]] = {s.slug: [] for s in survey.sections}
    for entry in entries:  # one pass over the entries, not one per section
        for slug in entry.sections:
            if slug in members:
                members[slug].append(entry)
    for slug, listed in members.items():
        listed.sort(key=lambda e: e.sections[slug])  # stable: file order on ties
        for position, entry in enumerate(listed, start=1):
            entry.sections[slug] = position
    rank = {s.slug: i for i, s in enumerate(survey.sections)}

    def sort_key(entry):
        placed = [(rank[s], p) for s, p in entry.sections.items() if s in rank]
        return (0, min(placed), "") if placed else (1, (0, 0), entry.key.lower())

    entries.sort(key=sort_key)
    return survey.with_entries(parents_last(entries))


def parents_last(entries: list[Entry]) -> list[Entry]:
    """The entries with each crossref parent after all of its children; otherwise in order.

    BibTeX fills a child from its parent only when the parent comes later in the file
    ("A bad cross reference" otherwise). Keys match ignoring case, as in BibTeX. A
    parent in a crossref cycle keeps its place among the rest of the cycle, at the end.
    """
    keys = {e.key.lower() for e in entries}
    waiting: dict[str, int] = {}  # parent key -> its children not placed yet
    for entry in entries:
        parent = _parent(entry)
        if parent in keys and parent != entry.key.lower():
            waiting[parent] = waiting.get(parent, 0) + 1
    result: list[Entry] = []
    held: dict[str, Entry] = {}  # parents waiting for a child
    for entry in entries:
        if waiting.get(entry.key.lower()):
            held[entry.key.lower()] = entry
            continue
        ready = [entry]
        while ready:  # a loop, not recursion: a chain of crossrefs may be long
            placed = ready.pop()
            result.append(placed)
            parent = _parent(placed)
            if parent in waiting and parent != placed.key.lower():
                waiting[parent] -= 1
                if not waiting[parent] and parent in held:
                    ready.append(held.pop(parent))
    return result + list(held.values())


def _parent(entry: Entry) -> str:
    value = entry.fields.get("crossref", "")
    return value.strip().strip("{}").strip().lower() if isinstance(value, str) else ""
