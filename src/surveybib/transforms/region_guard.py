"""Lines inside a README's generated regions that the bib does not account for.

``sync`` rewrites a region from the bib. A line in it is safe to rewrite when sync
rendered it (it carries a ``<!-- surveybib KEY ... -->`` marker), when it is a paper
the bib holds (imported, so the bib renders it again), a heading, a table header or
a link definition of such papers. Anything else (prose, news, resources, a paper not
yet imported) would be lost; such lines are reported (``R020``) and sync refuses.
"""

from __future__ import annotations

from ..markers import find_regions
from ..model import Finding, Source, Survey
from ..readers.markdown import read_markdown
from ..text.latex import plain_text

_REWRITABLE_KINDS = {"table-header", "reference"}


def unaccounted_lines(survey: Survey, text: str, *, file: str = "README.md", registry=None) -> list[Finding]:
    """One finding per block of a section region that sync would delete without rendering it again."""
    from ..text.titles import title_key

    lines = text.splitlines()
    inside: set[int] = set()
    for region in find_regions(text, file=file):
        if region.name not in ("toc", "figures"):  # those two regions are surveybib's own text
            inside.update(range(region.begin + 2, region.end + 1))  # 1-based body lines
    if not inside:
        return []
    titles = {title_key(plain_text(e.fields.get("title", ""))) for e in survey.entries}
    parsed = read_markdown(text, file=file, registry=registry)
    accounted: set[int] = set()
    for item in parsed.items:
        if item.marker or (item.title and title_key(item.title) in titles):
            accounted.update(range(item.source.line, (item.end or item.source.line) + 1))
    for record in parsed.skipped:
        if record.kind in _REWRITABLE_KINDS:
            accounted.update(range(record.source.line, record.end + 1))
    findings: list[Finding] = []
    previous = None
    for number in sorted(inside):
        line = lines[number - 1] if number <= len(lines) else ""
        if not line.strip() or line.lstrip().startswith("#") or number in accounted:
            continue
        if previous == number - 1:  # one finding per run of lines
            previous = number
            continue
        previous = number
        message = (f"this region holds a line the bib does not account for, and sync would delete it: "
                   f"{line.strip()[:80]!r}; import the list first, or move the line out of the region")
        findings.append(Finding("R020", message, Source(file, number)))
    return findings
