"""What an export holds: the entries of some sections, and a field profile.

* ``full``: every field, for archiving (surveybib's bookkeeping aside: positions,
  link labels and import evidence mean nothing to a reference manager);
* ``compact``: what a camera-ready bibliography needs: no abstract, no notes, no
  keywords, no internal fields.
"""

from __future__ import annotations

from ..model import Entry, Survey

PROFILES = ("full", "compact")
INTERNAL = frozenset({"positions", "urllabel", "links", "evidence", "venueoverride", "addedfrom", "enrichedfrom", "corrected",
                      "preprintchecked", "source"})
NOT_COMPACT = frozenset({"abstract", "note", "annote", "keywords", "file", "comment", "source", "timestamp"})


def select(survey: Survey, sections: list[str] | None = None) -> list[Entry]:
    """The entries of the given sections (all entries when None), in survey order."""
    if not sections:
        return list(survey.entries)
    wanted = set(sections)
    return [e for e in survey.entries if wanted & set(e.sections)]


def export_fields(entry: Entry, survey: Survey, profile: str) -> dict[str, str]:
    """The fields an export carries; sections travel as keywords (full profile only)."""
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}")
    fields = {k: v for k, v in entry.fields.items() if k not in INTERNAL}
    if entry.links and "url" not in fields:
        fields["url"] = entry.links[0].url
    if profile == "compact":
        return {k: v for k, v in fields.items() if k not in NOT_COMPACT}
    slugs = [s.slug for s in survey.sections if s.slug in entry.sections]
    other = [k.strip() for k in fields.get("keywords", "").split(",") if k.strip()]
    if slugs or other:
        fields["keywords"] = ", ".join(slugs + [k for k in other if k not in slugs])
    return fields
