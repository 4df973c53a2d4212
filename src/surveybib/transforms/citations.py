"""Section-aware citation checks, the citations of an .aux file, and key renames.

What ``checkcites`` does not do: it knows which papers belong to which section of the
survey, so it reports a section's papers that its text never cites, and citations of
papers that belong elsewhere.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..model import Finding, Survey
from ..readers.latex import CITE_MACROS, Citation


def check_citations(survey: Survey, citations: list[Citation], retired: dict[str, str]) -> list[Finding]:
    """C001 missing keys, C002 uncited papers of a section, C003 papers cited elsewhere, C004 case twins."""
    findings: list[Finding] = []
    keys = {e.key: e for e in survey.entries}
    folded = defaultdict(list)
    for key in keys:
        folded[key.lower()].append(key)
    for twins in (v for v in folded.values() if len(v) > 1):
        for key in twins:
            message = f"keys that differ only by case: {', '.join(sorted(twins))}"
            findings.append(Finding("C004", message, keys[key].source, key, "error"))
    authored = [c for c in citations if not c.generated]
    for citation in authored:
        entry = keys.get(citation.key)
        if entry is None:
            findings.append(_missing(citation, retired, folded))
        elif citation.section and citation.section not in entry.sections:
            where = ", ".join(entry.sections) or "no section"
            message = f"{citation.key} is cited in {citation.section} but belongs to {where}"
            findings.append(Finding("C003", message, citation.source, citation.key, "warning"))
    cited = {(c.section, c.key) for c in authored}
    sections_seen = {c.section for c in citations if c.section}
    for section in survey.sections:
        if section.slug not in sections_seen:
            continue
        for entry in survey.in_section(section.slug):
            if (section.slug, entry.key) not in cited:
                message = f"{entry.key} belongs to {section.slug} but its text never cites it"
                findings.append(Finding("C002", message, entry.source, entry.key, "warning"))
    return findings


def _missing(citation: Citation, retired: dict[str, str], folded: dict[str, list[str]]) -> Finding:
    message = f"{citation.key} is cited but not in the bib"
    if citation.key in retired:
        message += f": {citation.key} is now {retired[citation.key]} (run surveybib rekey, or cite the new key)"
    elif citation.key.lower() in folded:
        message += f" (the bib has {', '.join(folded[citation.key.lower()])}: keys differ by case)"
    return Finding("C001", message, citation.source, citation.key, "error")


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


_CITE_COMMAND = re.compile(
    r"(\\(?:" + "|".join(CITE_MACROS) + r")\*?(?:\s*\[[^\]]*\]){0,2}\s*\{)([^}]*)(\})"
)


def rename_citations(text: str, old: str, new: str) -> str:
    """The LaTeX text with every cite-family command's ``old`` key replaced by ``new``.

    A command that already cites ``new`` loses ``old`` instead (``\\cite{a,b}`` with b
    merged into a becomes ``\\cite{a}``), so a merge never cites one paper twice.
    """

    def keys(match: re.Match) -> str:
        parts = match.group(2).split(",")
        if old not in (p.strip() for p in parts):
            return match.group(0)
        if new in (p.strip() for p in parts):
            kept = [p for p in parts if p.strip() != old]
            if parts[0].strip() == old:  # the first key goes: keep the spacing after the brace
                kept[0] = parts[0].replace(old, kept[0].strip())
            return match.group(1) + ",".join(kept) + match.group(3)
        renamed = [p.replace(old, new) if p.strip() == old else p for p in parts]
        return match.group(1) + ",".join(renamed) + match.group(3)

    return _CITE_COMMAND.sub(keys, text)
