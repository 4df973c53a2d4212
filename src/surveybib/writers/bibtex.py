"""Write a survey as canonical BibTeX text (read back by bibtexparser v2).

Format: one blank line between blocks, two-space indent, ``name = {value}``, fields
in :data:`FIELD_ORDER` then any other field alphabetically, then surveybib's own
fields. Values are braced except macro expressions. Entry order is the survey's
(see :func:`surveybib.transforms.order.canonical_order`).
"""

from __future__ import annotations

from .. import storage
from ..model import Entry, Macro, Survey

FIELD_ORDER = (
    "author", "editor", "title", "booktitle", "journal", "journaltitle", "series",
    "volume", "number", "pages", "publisher", "organization", "institution", "school",
    "address", "howpublished", "year", "month", "date", "eprint", "archiveprefix",
    "eprinttype", "primaryclass", "doi", "isbn", "issn", "url", "urllabel", "links",
    "urldate", "note", "abstract",
)  # fmt: skip
OWN_FIELDS = ("keywords", "evidence", "addedfrom", "enrichedfrom", "corrected", "preprintchecked", "positions")
_RANK = {name: i for i, name in enumerate(FIELD_ORDER)}
_OWN = {name: i for i, name in enumerate(OWN_FIELDS)}


def field_sort_key(name: str) -> tuple[int, int, str]:
    if name in _RANK:
        return (0, _RANK[name], "")
    if name in _OWN:
        return (2, _OWN[name], "")
    return (1, 0, name)


def entry_fields(entry: Entry, section_order: list[str] | dict[str, int]) -> dict[str, str]:
    """All BibTeX fields of an entry, its links and sections included, in write order.

    ``section_order`` is the survey's slugs, or a slug -> rank mapping (faster for many
    entries). ``keywords`` of an entry in no section stays exactly as written: it is the
    author's, and only surveybib's section slugs are ours to rewrite.
    """
    rank = section_order if isinstance(section_order, dict) else {s: i for i, s in enumerate(section_order)}
    fields = dict(entry.fields)
    fields.update(storage.links_to_fields(entry.links))
    slugs = sorted((s for s in entry.sections if s in rank), key=rank.__getitem__)
    if slugs:
        raw = fields.pop("keywords", "")
        if isinstance(raw, Macro):  # a bare expression stays as written; slugs go before it
            fields["keywords"] = Macro("{" + ", ".join(slugs) + ", } # " + raw)
        else:
            other = storage.split_keywords(raw)
            fields["keywords"] = ", ".join(slugs + [k for k in other if k not in slugs])
    positions = storage.positions_to_field(entry.sections, rank)
    if positions:
        fields["positions"] = positions
    return {name: fields[name] for name in sorted(fields, key=field_sort_key)}


def format_value(value: str) -> str:
    if isinstance(value, Macro):
        return str(value)
    if not braces_balanced(value):
        raise ValueError(f"unbalanced braces in field value {value!r}")
    return "{" + value + "}"


def braces_balanced(text: str) -> bool:
    """Balanced as BibTeX counts braces: every brace counts, even after a backslash."""
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def write_bibtex(survey: Survey) -> str:
    """The survey as BibTeX text: blocks separated by one blank line, a comment right
    above its entry. (The format is simple enough to write directly, which is several
    times faster than building bibtexparser blocks for its writer.)"""
    order = {s.slug: i for i, s in enumerate(survey.sections)}
    groups: list[str] = list(survey.header)
    if survey.sections:
        groups.append("@comment{" + storage.sections_to_comment(survey.sections) + "}")
    if survey.retired:
        groups.append("@comment{" + storage.retired_to_comment(survey.retired) + "}")
    for entry in survey.entries:
        fields = ",\n".join(f"  {name} = {format_value(value)}" for name, value in entry_fields(entry, order).items())
        body = f"@{entry.type}{{{entry.key},\n{fields}\n}}" if fields else f"@{entry.type}{{{entry.key},\n}}"
        groups.append(f"{entry.comment}\n{body}" if entry.comment else body)
    groups += survey.trailer
    return "\n\n".join(groups) + "\n"
