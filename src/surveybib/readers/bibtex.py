"""Read BibTeX text into a :class:`~surveybib.model.Survey` (with bibtexparser v2).

bibtexparser splits the text into blocks; this module maps them onto the model.
Blocks that fail to parse, duplicate keys and unreadable surveybib fields become
findings with file and line; nothing is raised for them.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

from .. import storage
from ..model import Entry, Finding, Macro, Source, Survey

UNPLACED = storage.UNPLACED  # an entry with no position goes to the end of its section


@contextlib.contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs parse errors; we report them as findings instead."""
    logger = logging.getLogger("bibtexparser.splitter")
    previous = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = previous


def unwrap_value(raw: str) -> str:
    """Field text as BibTeX content: outer braces or quotes removed; else a Macro."""
    raw = raw.strip()
    if raw.isdigit():
        return raw
    if raw.startswith("{") and raw.endswith("}"):
        inner = raw[1:-1]
        if ("{" not in inner and "}" not in inner) or _closing_brace(raw) == len(raw) - 1:
            return inner
    if raw.startswith('"') and _closing_quote(raw) == len(raw) - 1:
        return raw[1:-1]
    return Macro(raw)


def _closing_brace(text: str) -> int:
    depth = 0
    for i, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _closing_quote(text: str) -> int:
    depth = 0
    for i, char in enumerate(text[1:], start=1):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return i
    return -1


def _block_error(block: object) -> str:
    error = getattr(block, "error", None)
    reason = " ".join((getattr(error, "abort_reason", None) or str(error or "")).split())
    head = (getattr(block, "raw", None) or "").lstrip().split("\n")[0][:40]
    return f"cannot parse {head!r}: {reason or 'not valid BibTeX'}"


def read_bibtex(text: str, *, file: str = "<string>") -> tuple[Survey, list[Finding]]:
    """Parse BibTeX text; return the survey and the problems found in the text."""
    return _read_blocks(text, file)


def _read_blocks(text: str, file: str) -> tuple[Survey, list[Finding]]:
    import bibtexparser
    from bibtexparser import model as bp

    with _quiet_bibtexparser():
        library = bibtexparser.parse_string(text, parse_stack=[])

    survey = Survey()
    findings: list[Finding] = []
    pending_comment: list[str] = []
    comment_end = 0
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        source = Source(file, line)
        if isinstance(block, bp.DuplicateBlockKeyBlock):
            findings.append(
                Finding("B002", f"duplicate key {block.key!r}", source, block.key)
            )
        elif isinstance(block, bp.DuplicateFieldKeyBlock):
            names = ", ".join(sorted(block.duplicate_keys))
            key = block.ignore_error_block.key
            message = f"field {names!r} appears twice in entry {key!r}"
            findings.append(Finding("B003", message, source, key))
        elif isinstance(block, bp.ParsingFailedBlock):
            findings.append(Finding("B001", _block_error(block), source, None))
        elif isinstance(block, bp.Entry):
            entry, problems = _entry_from_block(block, source)
            if not survey.entries and pending_comment and (block.start_line or 0) > comment_end + 1:
                survey.header += pending_comment  # a file's opening comment, set apart by a blank line
                pending_comment = []
            entry.comment = "\n".join(pending_comment)
            pending_comment = []
            survey.entries.append(entry)
            findings.extend(problems)
        elif isinstance(block, bp.ImplicitComment):
            if block.comment.strip():
                pending_comment.append(block.comment.strip())
                comment_end = (block.start_line or 0) + block.comment.rstrip().count("\n")
        else:
            # Comments before a non-entry block stay with it, in the header.
            survey.header += pending_comment
            pending_comment = []
            if isinstance(block, bp.ExplicitComment) and _is_section_table(block.comment):
                survey.sections, bad = storage.sections_from_comment(block.comment) or ([], [])
                for offset, problem in bad:
                    where = Source(file, line + offset + _leading_lines(block.comment))
                    findings.append(Finding("B006", f"section table: {problem}", where, None))
            elif isinstance(block, bp.ExplicitComment) and storage.retired_from_comment(block.comment) is not None:
                survey.retired = storage.retired_from_comment(block.comment)
            else:
                survey.header.append(_block_text(block))
    survey.trailer = pending_comment
    findings.extend(_undeclared_sections(survey))
    return survey, findings


def _leading_lines(comment: str) -> int:
    """Lines before the comment's first non-blank line (the section table's mark)."""
    return comment[: len(comment) - len(comment.lstrip())].count("\n")


def _is_section_table(comment: str) -> bool:
    return comment.strip().startswith(storage.SECTIONS_MARK)


def _block_text(block: object) -> str:
    from bibtexparser import model as bp

    if isinstance(block, bp.String):
        return f"@string{{{block.key} = {block.value}}}"
    if isinstance(block, bp.Preamble):
        return f"@preamble{{{block.value.strip()}}}"
    if isinstance(block, bp.ExplicitComment):
        return f"@comment{{{block.comment}}}"
    return (getattr(block, "raw", None) or "").strip()


def _entry_from_block(block: object, source: Source) -> tuple[Entry, list[Finding]]:
    findings: list[Finding] = []
    fields: dict[str, str] = {}
    for bib_field in block.fields:
        fields[bib_field.key.lower()] = unwrap_value(bib_field.value)
    entry = Entry(key=block.key, type=block.entry_type.lower(), source=source)
    links, bad_links = storage.links_from_fields(fields)
    positions, bad_positions = storage.positions_from_field(fields.pop("positions", ""))
    for name, bad in (("links", bad_links), ("positions", bad_positions)):
        for item in bad:
            message = f"cannot read {name} item {item!r}; it is dropped on write"
            findings.append(Finding("B004", message, source, block.key))
    for name in ("url", "urllabel", "links"):
        fields.pop(name, None)
    entry.links = links
    entry.fields = fields
    entry.sections = positions
    return entry, findings


_LEADING_KEYWORDS = re.compile(r"^\{([^{}]*)\}\s*#\s*(.+)$", re.DOTALL)


def _undeclared_sections(survey: Survey) -> list[Finding]:
    """Membership comes from ``keywords`` (slugs of the section table); order from ``positions``."""
    known = {s.slug for s in survey.sections}
    findings = []
    for entry in survey.entries:
        raw = entry.fields.get("keywords", "")
        # a bare expression (keywords = kw # {x}) is kept as written; sections can lead it
        # in a braced part, as the writer puts them: keywords = {part-3, } # kw
        rest = None
        if isinstance(raw, Macro):
            lead = _LEADING_KEYWORDS.match(raw)
            keywords = storage.split_keywords(lead.group(1)) if lead else []
            rest = Macro(lead.group(2)) if lead else raw
        else:
            keywords = storage.split_keywords(raw)
        positions = entry.sections
        entry.sections = {k: positions.get(k, UNPLACED) for k in keywords if k in known}
        for slug in positions.keys() - entry.sections.keys():
            message = f"position for section {slug!r}, which is not in keywords; dropped"
            findings.append(Finding("B005", message, entry.source, entry.key))
        if not entry.sections:
            continue  # keywords of an entry in no section are the author's: kept as written
        if rest is not None:
            others = [k for k in keywords if k not in known]
            entry.fields["keywords"] = Macro("{" + ", ".join(others) + ", } # " + rest) if others else rest
            continue
        rest = [k for k in keywords if k not in known]
        if rest:
            entry.fields["keywords"] = ", ".join(rest)
        else:
            entry.fields.pop("keywords", None)
    return findings
