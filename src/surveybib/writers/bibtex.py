"""Write a survey as canonical BibTeX text (with bibtexparser v2's writer).

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
OWN_FIELDS = ("keywords", "evidence", "enrichedfrom", "positions")
_RANK = {name: i for i, name in enumerate(FIELD_ORDER)}
_OWN = {name: i for i, name in enumerate(OWN_FIELDS)}


def field_sort_key(name: str) -> tuple[int, int, str]:
    if name in _RANK:
        return (0, _RANK[name], "")
    if name in _OWN:
        return (2, _OWN[name], "")
    return (1, 0, name)


def entry_fields(entry: Entry, section_order: list[str]) -> dict[str, str]:
    """All BibTeX fields of an entry, its links and sections included, in write order."""
    fields = dict(entry.fields)
    fields.update(storage.links_to_fields(entry.links))
    slugs = [s for s in section_order if s in entry.sections]
    other = storage.split_keywords(fields.pop("keywords", ""))
    if slugs or other:
        fields["keywords"] = ", ".join(slugs + [k for k in other if k not in slugs])
    if entry.sections:
        fields["positions"] = storage.positions_to_field(entry.sections, section_order)
    return {name: fields[name] for name in sorted(fields, key=field_sort_key)}


def format_value(value: str) -> str:
    if isinstance(value, Macro):
        return str(value)
    if not braces_balanced(value):
        raise ValueError(f"unbalanced braces in field value {value!r}")
    return "{" + value + "}"


def braces_balanced(text: str) -> bool:
    """Balanced as BibTeX counts braces: every brace counts, even after a backslash."""
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
    """The survey as BibTeX text."""
    import bibtexparser
    from bibtexparser import model as bp

    order = [s.slug for s in survey.sections]
    groups: list[list[object]] = [[bp.ImplicitComment(text)] for text in survey.header]
    if survey.sections:
        groups.append([bp.ExplicitComment(storage.sections_to_comment(survey.sections))])
    if survey.retired:
        groups.append([bp.ExplicitComment(storage.retired_to_comment(survey.retired))])
    for entry in survey.entries:
        fields = [
            bp.Field(name, format_value(value))
            for name, value in entry_fields(entry, order).items()
        ]
        comment = [bp.ImplicitComment(entry.comment)] if entry.comment else []
        groups.append(comment + [bp.Entry(entry.type, entry.key, fields)])
    groups += [[bp.ImplicitComment(text)] for text in survey.trailer]

    # A comment sits right above its entry; one blank line separates the groups.
    blank = bp.ImplicitComment("")
    blocks = [block for group in groups for block in [*group, blank]]
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = ""
    library = bibtexparser.Library(blocks)
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=fmt).rstrip("\n") + "\n"
