"""The documented Python API: the one place where readers, transforms and writers are chained.

Every function returns values (text, a survey, findings, records); none prints or
exits. Unusable input raises :class:`~surveybib.errors.InputError`.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import InputError
from .model import Finding, Survey
from .readers.bibtex import read_bibtex
from .readers.markdown import read_markdown
from .transforms.identifiers import is_web_url
from .transforms.merge import ImportRecord, merge_list
from .transforms.normalize import normalize_entry, normalize_venues, survey_findings
from .transforms.order import canonical_order
from .transforms.readme_merge import merge_readme
from .venue_urls import from_url
from .venues import Registry, default_registry
from .writers.bibtex import write_bibtex
from .writers.readme import render_readme, template_from_list

__all__ = [
    "Output", "canonical_order", "format_bib", "import_list", "load_bib", "normalize_bib",
    "parse_bib", "plan_sync", "read_text", "readme_template", "render_list", "resolve_venue",
    "stats", "write_atomic", "write_bibtex",
]  # fmt: skip


def read_text(path: str | os.PathLike) -> str:
    """A UTF-8 text file, or an InputError naming the file (and the line of a bad byte)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(error.strerror or str(error), file=str(path)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(f"not UTF-8 text (byte {error.start})", file=str(path), line=line) from None


def parse_bib(text: str, *, file: str = "<string>") -> tuple[Survey, list[Finding]]:
    """Parse BibTeX text; unusable input (a block that does not parse) raises InputError."""
    survey, findings = read_bibtex(text, file=file)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise InputError(first.message + more, file=file, line=first.source.line if first.source else None)
    return survey, findings


def load_bib(path: str | os.PathLike) -> tuple[Survey, list[Finding]]:
    """Read a .bib file; a missing file is an empty survey."""
    path = Path(path)
    if not path.exists():
        return Survey(), []
    return parse_bib(read_text(path), file=str(path))


def format_bib(text: str, *, file: str = "<string>") -> str:
    """BibTeX text in canonical form (see :mod:`surveybib.writers.bibtex`)."""
    survey, _ = parse_bib(text, file=file)
    return write_bibtex(canonical_order(survey))


def import_list(
    survey: Survey, text: str, *, file: str = "<string>", registry: Registry | None = None,
    delete: bool = False,
) -> tuple[Survey, list[ImportRecord]]:
    """Merge a markdown paper list into a survey; one record per list item.

    A README that surveybib rendered (its lines carry ``<!-- surveybib KEY ... -->``
    markers) is merged three-way (:mod:`surveybib.transforms.readme_merge`); any other
    list is merged by title (:mod:`surveybib.transforms.merge`). The entries the import
    touches then get their canonical venue and year; those findings join their records.
    """
    registry = registry or default_registry()
    parsed = read_markdown(text, file=file)
    if any(item.marker for item in parsed.items):
        merged, records, touched = merge_readme(survey, parsed, registry, delete=delete)
        records += [ImportRecord(f.source.line, None, "note", "", [f]) for f in parsed.findings]
    else:
        merged, records = merge_list(survey, parsed, registry)
        touched = {r.key for r in records if r.key}
    entries, by_key = [], {}
    for entry in merged.entries:
        if entry.key in touched:
            entry, findings = normalize_entry(entry, registry)
            by_key[entry.key] = findings
        entries.append(entry)
    merged = Survey(merged.sections, entries, merged.header, merged.trailer)
    for finding in survey_findings(merged):
        if finding.key in touched:
            by_key[finding.key].append(finding)
    for record in records:  # each entry's findings go to its first item
        if record.status != "removed":
            record.findings += by_key.pop(record.key, [])
    records.sort(key=lambda record: record.line)
    return canonical_order(merged), records


def normalize_bib(survey: Survey, *, registry: Registry | None = None) -> tuple[Survey, list[Finding]]:
    """Every entry with its canonical venue and year, and the evidence findings."""
    return normalize_venues(survey, registry or default_registry())


def resolve_venue(text: str, *, registry: Registry | None = None) -> dict[str, object]:
    """What a venue text or a URL names: ``{input, venue, name, kind, year, evidence}``."""
    registry = registry or default_registry()
    if is_web_url(text):
        seen = from_url(text)
        venue = registry.by_short(seen.venue) if seen else None
        year = seen.year if seen else None
        evidence = [seen.describe()] if seen else []
        if seen and seen.generic:
            evidence.append(f"the URL names the {seen.venue} family; a workshop or track of it also fits")
    else:
        resolution = registry.resolve(text)
        venue, year, evidence = resolution.venue, resolution.year, list(resolution.evidence)
    return {
        "input": text,
        "venue": venue.short if venue else None,
        "name": venue.name if venue else None,
        "kind": venue.kind if venue else None,
        "year": year,
        "evidence": evidence,
    }


DEFAULT_README = """# Paper list

Generated from the bib by surveybib: edit the bib, or this list and then `surveybib import`.

<!-- surveybib:begin toc -->
<!-- surveybib:end -->

<!-- surveybib:begin all -->
<!-- surveybib:end -->
"""


@dataclass(frozen=True)
class Output:
    """A file that derives from the bib: its path, what it holds now, what it should hold."""

    path: Path
    old: str | None
    new: str
    findings: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        return self.old != self.new


def render_list(
    survey: Survey, template: str | None = None, *, registry: Registry | None = None,
    order: str = "curated", file: str = "README.md",
) -> tuple[str, list[Finding]]:
    """The paper list README: the template (default: a minimal one) with its regions filled."""
    return render_readme(survey, template or DEFAULT_README, registry or default_registry(),
                         order=order, file=file)


def plan_sync(config: Config) -> list[Output]:
    """Every output that derives from the bib, rendered in memory; nothing is written."""
    survey, _ = load_bib(config.bib)
    if not config.bib.exists():
        raise InputError("no such file", file=str(config.bib))
    template = read_text(config.list) if config.list.exists() else None
    text, findings = render_list(survey, template, registry=config.registry(), order=config.order,
                                 file=str(config.list))
    return [Output(config.list, template, text, tuple(findings))]


def readme_template(text: str, *, file: str = "README.md") -> tuple[str, list[Finding]]:
    """An existing list README as a template: its sections and TOC become regions.

    Damaged UTF-8 outside the list is repaired where the repair is unambiguous; the
    findings say what was repaired and what could not be.
    """
    from .readers.markdown_parts import repair_text

    parsed = read_markdown(text, file=file)
    lines = []
    for line in template_from_list(text, parsed).splitlines(keepends=True):
        fixed, code = repair_text(line)
        lines.append(fixed if code == "I020" else line)
    return "".join(lines), list(parsed.findings)


def stats(survey: Survey) -> dict[str, dict[str, int]]:
    """Entries per section (in survey order), per venue and per year."""
    registry = default_registry()
    per_section = {s.heading: len(survey.in_section(s.slug)) for s in survey.sections}
    venues: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for entry in survey.entries:
        name = entry.fields.get("booktitle") or entry.fields.get("journal")
        venue = registry.by_name(name) if name else None
        if venue:
            venues[venue.short] += 1
        elif entry.fields.get("eprint"):
            venues["arXiv"] += 1
        else:
            venues[name or "(none)"] += 1
        years[entry.fields.get("year", "(none)")] += 1
    return {
        "sections": per_section,
        "venues": dict(sorted(venues.items(), key=lambda kv: (-kv[1], kv[0]))),
        "years": dict(sorted(years.items())),
    }


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a file so that readers see the old or the new text, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
