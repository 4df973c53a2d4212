"""Section-aware citation checks, the citations of an .aux file, and key renames.

What ``checkcites`` does not do: it knows which papers belong to which section of the
survey, so it reports a section's papers that its text never cites, and citations of
papers that belong elsewhere.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..model import Finding, Survey
from ..readers.latex import Citation, cite_key_lists


def check_citations(survey: Survey, citations: list[Citation], retired: dict[str, str],
                    outside: list = ()) -> list[Finding]:
    """C001 missing keys, C002 uncited papers of a section, C003 papers cited elsewhere, C004 case
    twins; C005 for each ``\\input`` of a file outside the project (``outside``: where each is)."""
    findings: list[Finding] = [Finding("C005", "\\input of a file outside the project (a TeX file?): not read", where)
                               for where in outside]
    keys = {e.key: e for e in survey.entries}
    folded = defaultdict(list)
    for key in keys:
        folded[key.lower()].append(key)
    for twins in (v for v in folded.values() if len(v) > 1):
        for key in twins:
            message = f"keys that differ only by case: {', '.join(sorted(twins))}"
            findings.append(Finding("C004", message, keys[key].source, key))
    authored = [c for c in citations if not c.generated]
    for citation in authored:
        entry = keys.get(citation.key)
        if entry is None:
            findings.append(_missing(citation, retired, folded))
        elif citation.section and citation.section not in entry.sections:
            where = ", ".join(entry.sections) or "no section"
            message = f"cited in {citation.section} but belongs to {where}"
            findings.append(Finding("C003", message, citation.source, citation.key))
    cited = {(c.section, c.key) for c in authored}
    sections_seen = {c.section for c in citations if c.section}
    for section in survey.sections:
        if section.slug not in sections_seen:
            continue
        for entry in survey.in_section(section.slug):
            if (section.slug, entry.key) not in cited:
                message = f"belongs to {section.slug} but its text never cites it"
                findings.append(Finding("C002", message, entry.source, entry.key))
    return findings


def _missing(citation: Citation, retired: dict[str, str], folded: dict[str, list[str]]) -> Finding:
    message = "cited but not in the bib"
    if citation.key in retired:
        message += f": {citation.key} is now {retired[citation.key]} (run surveybib rekey, or cite the new key)"
    elif citation.key.lower() in folded:
        message += f" (the bib has {', '.join(folded[citation.key.lower()])}: keys differ by case)"
    return Finding("C001", message, citation.source, citation.key)


_AUX_CITE = re.compile(r"\\citation\{([^}]*)\}|\\abx@aux@cite\{(?:\d+\}\{)?([^}]*)\}")
_AUX_INPUT = re.compile(r"\\@input\{([^}]*)\}")


def aux_keys(text: str) -> tuple[list[str], bool]:
    """The keys an .aux file cites, in order, and whether it cites everything (``*``)."""
    keys: list[str] = []
    for match in _AUX_CITE.finditer(text):
        for key in (match.group(1) or match.group(2) or "").split(","):
            key = key.strip()
            if key and key not in keys:
                keys.append(key)
    return [k for k in keys if k != "*"], "*" in keys


def aux_inputs(text: str) -> list[str]:
    return _AUX_INPUT.findall(text)


def rename_citations(text: str, old: str, new: str) -> str:
    """The LaTeX text with every cite-family command's ``old`` key replaced by ``new``.

    A key list that already cites ``new`` loses ``old`` instead (``\\cite{a,b}`` with b
    merged into a becomes ``\\cite{a}``), so a merge never cites one paper twice. Spaces,
    comments inside the list and the other keys stay as written; every group of a biblatex
    multicite command (``\\cites{a}{b}``) counts.
    """
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    for keys in cite_key_lists(text):
        names = [k.key for k in keys]
        if old not in names:
            continue
        if new in names:
            drop = [k for k in keys if k.key == old]
            if keys[0].key == old:  # the first goes: from it to the next kept key, whatever is between
                first_kept = next(k for k in keys if k.key != old)
                edits.append((keys[0].start, first_kept.start, ""))
                drop = [k for k in drop if k.start > first_kept.start]
            edits += [(k.part_start - 1, k.part_end, "") for k in drop]  # with the comma before it
        else:
            edits += [(k.start, k.end, new) for k in keys if k.key == old]
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
