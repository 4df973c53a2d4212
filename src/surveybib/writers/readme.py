"""Fill the generated regions of a README with the paper list (see :mod:`surveybib.markers`)."""

from __future__ import annotations

import re

from ..errors import InputError
from ..markers import find_regions, newline_of, replace_regions, with_newline, wrap
from ..model import Finding, Source, Survey
from ..readers.markdown import ParsedList, slugify
from ..venues import Registry
from .markdown import render_section, render_toc, safe_url


def render_readme(
    survey: Survey, template: str, registry: Registry, *, order: str = "curated", file: str = "README.md",
    extra: dict[str, str] | None = None,
) -> tuple[str, list[Finding]]:
    """The README with every region regenerated; a section without a region gets one at the end.

    ``extra`` holds the bodies of other named regions (``figures``)."""
    regions = find_regions(template, file=file)
    names = {r.name for r in regions}
    if "all" in names and names - {"all", "toc"}:
        line = next(r.begin + 1 for r in regions if r.name not in ("all", "toc"))
        raise InputError("section regions beside an 'all' region would list every paper twice; keep one of them",
                         file=file, line=line)
    findings: list[Finding] = []
    contents: dict[str, str] = {}
    sections = {s.slug: s for s in survey.sections}
    for region in regions:
        if region.name == "toc":
            contents["toc"] = render_toc(survey)
        elif region.name == "all":
            contents["all"] = "\n".join(render_section(survey, s, registry, order) for s in survey.sections)
        elif extra and region.name in extra:
            contents[region.name] = extra[region.name]
        elif region.name in sections:
            contents[region.name] = render_section(survey, sections[region.name], registry, order)
        else:
            message = f"region {region.name!r} names no section of the bib; left as it is"
            findings.append(Finding("R001", message, Source(file, region.begin + 1)))
    for entry in survey.entries:
        for link in entry.links:
            if safe_url(link.url) is None:
                message = f"link {link.label!r} is not an http(s) URL and is not rendered: {link.url!r}"
                findings.append(Finding("R008", message, entry.source, entry.key))
    text = replace_regions(template, contents, file=file)
    if "all" not in names:
        missing = [s for s in survey.sections if s.slug not in names]
        if missing:
            text = _append_regions(text, [wrap(s.slug, render_section(survey, s, registry, order)) for s in missing], file)
            added = {region.name: region.begin + 1 for region in find_regions(text, file=file)}
        for section in missing:  # named at the line where its new region begins
            message = f"section {section.slug!r} had no region; added at the end of the list"
            findings.append(Finding("R002", message, Source(file, added[section.slug])))
    return text, findings


def _append_regions(text: str, blocks: list[str], file: str) -> str:
    """Insert region blocks after the last section region (or at the end of the text)."""
    lines = text.splitlines(keepends=True)
    regions = [r for r in find_regions(text, file=file) if r.name != "toc"]
    at = regions[-1].end + 1 if regions else len(lines)
    newline = newline_of(text)
    insert = with_newline("".join("\n" + block for block in blocks), newline)
    if at == len(lines) and lines and not lines[-1].endswith("\n"):
        insert = newline + insert
    return "".join(lines[:at]) + insert + "".join(lines[at:])


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TOC_LINE = re.compile(r"^\s*[-*+]\s+\[[^\]]*\]\(#([^)]+)\)\s*$")


def template_from_list(text: str, parsed: ParsedList) -> str:
    """Turn an existing list README into a template: sections and TOC become regions.

    A paper section's region runs from its heading to its last paper (to the heading
    alone when it holds none directly); what follows, to the next heading, and blank
    lines at its end stay outside the region. A block of ``[...](#anchor)`` bullets that points
    at the sections becomes the ``toc`` region.
    """
    slugs = {s.slug for s in parsed.sections} | {slugify(s.heading) for s in parsed.sections}  # and anchors
    last: dict[str, int] = {}  # a region ends with its section's last paper: what follows stays the authors'
    for item in parsed.items:
        if item.section:
            last[item.section] = max(last.get(item.section, 0), item.end or item.source.line)
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    taken: set[str] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = _HEADING.match(line.rstrip("\n"))
        slug = parsed.section_lines.get(index + 1) if heading else None  # unique by its path
        if slug:
            end = min(_section_end(lines, index + 1), last.get(slug, index + 1))
            out.append(wrap(slug, "".join(lines[index:end]).rstrip("\n") + "\n"))
            out += ["\n"] * _trailing_blanks(lines, index, end)
            index = end
            continue
        if _TOC_LINE.match(line) and "toc" not in taken:
            end = index
            while end < len(lines) and (_TOC_LINE.match(lines[end]) or (
                    not lines[end].strip() and end + 1 < len(lines) and _TOC_LINE.match(lines[end + 1]))):
                end += 1  # TOC lines, blank lines between them too
            anchors = [_TOC_LINE.match(lines[i]).group(1).lower() for i in range(index, end) if lines[i].strip()]
            if sum(a in slugs for a in anchors) * 2 >= len(anchors):
                taken.add("toc")
                out.append(wrap("toc", "".join(lines[index:end])))
                index = end
                continue
        out.append(line)
        index += 1
    return "".join(out)


def _section_end(lines: list[str], start: int) -> int:
    end = start
    while end < len(lines) and not _HEADING.match(lines[end].rstrip("\n")):
        end += 1
    return end


def _trailing_blanks(lines: list[str], start: int, end: int) -> int:
    count = 0
    while end - count - 1 > start and not lines[end - count - 1].strip():
        count += 1
    return count
