"""The documented Python API: the one place where readers, transforms and writers are chained.

Every function returns values (text, a survey, findings, records); none prints or
exits. Unusable input raises :class:`~surveybib.errors.InputError`.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .markers import wrap
from .model import Finding, Macro, Survey
from .project import inside
from .transforms.order import canonical_order
from .venues import Registry, default_registry
from .writers.bibtex import write_bibtex

if TYPE_CHECKING:
    from .transforms.list_import import ImportRecord

__all__ = [
    "canonical_order", "format_bib", "import_list", "load_bib", "normalize_bib",
    "check", "cite_check", "enrich_bib", "filter_findings", "export", "extract_cited", "parse_bib",
    "read_text", "readme_template", "render_list", "resolve_venue",
    "stats", "write_bibtex",
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


def load_bib(path: str | os.PathLike) -> tuple[Survey, list[Finding]]:
    """Read a .bib file; a missing file is an empty survey."""
    path = Path(path)
    if not path.exists():
        return Survey(), []
    return parse_bib(read_text(path), file=str(path))


def parse_bib(text: str, *, file: str = "<string>") -> tuple[Survey, list[Finding]]:
    """Parse BibTeX text; unusable input (a block that does not parse) raises InputError."""
    from .readers.bibtex import read_bibtex

    survey, findings = read_bibtex(text, file=file)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise InputError(f"{first.code} {first.message}{more}", file=file, line=first.source.line if first.source else None)
    return survey, findings


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
    markers) is merged three-way (:mod:`surveybib.readme_merge`); any other
    list is merged by title (:mod:`surveybib.transforms.list_import`). The entries the import
    touches then get their canonical venue and year; those findings join their records.
    """
    from .names import slug_problem
    from .readers.markdown import read_markdown
    from .readme_merge import merge_readme
    from .transforms.list_import import ImportRecord, merge_list, skipped_records
    from .venues.decision import normalize_entry, survey_findings

    registry = registry or default_registry()
    regions = check_regions(text, file=file)
    parsed = read_markdown(text, file=file, registry=registry)
    for section in parsed.sections:  # headings give valid slugs; this guards what else may
        if slug_problem(section.slug):
            raise InputError(f"{slug_problem(section.slug)}; nothing was written", file=file)
    if any(item.marker for item in parsed.items):
        parsed, outside = _in_list_regions(parsed, regions)
        merged, records, touched = merge_readme(survey, parsed, registry, delete=delete)
        records += [ImportRecord(f.source.line, None, "note", "", [f], kind="note") for f in parsed.findings]
        records += outside + skipped_records(parsed)
    else:
        merged, records = merge_list(survey, parsed, registry)
        touched = {r.key for r in records if r.key}
    entries, by_key = [], {}
    for entry in merged.entries:
        if entry.key in touched:
            entry, findings = normalize_entry(entry, registry)
            by_key[entry.key] = findings
        entries.append(entry)
    merged = merged.with_entries(entries)
    for finding in survey_findings(merged):
        if finding.key in touched:
            by_key[finding.key].append(finding)
    for record in records:  # each entry's findings go to its first item
        if record.status != "removed":
            record.findings += by_key.pop(record.key, [])
    records.sort(key=lambda record: record.line)
    return canonical_order(_placed(merged)), records


def _placed(survey: Survey) -> Survey:
    """Every membership with a real position: one the merge could not place (it never
    should) goes after the section's last placed entry, so no sentinel reaches the bib."""
    from .storage import UNPLACED

    for section, members in survey.by_section().items():
        last = max((e.sections[section] for e in members if e.sections[section] < UNPLACED), default=0)
        for entry in members:
            if entry.sections[section] >= UNPLACED:
                last += 1
                entry.sections[section] = last
    return survey


def _in_list_regions(parsed, regions) -> tuple:
    """A rendered README's list lives in its section regions (or the ``all`` region); a
    bullet elsewhere (pasted into the introduction or the table of contents) is the
    authors' text, not a paper: it is reported (R016) and not read."""
    from dataclasses import replace

    from .transforms.list_import import ImportRecord

    spans = [(r.begin + 1, r.end + 1) for r in regions if r.name != "toc"]
    inside_items, outside = [], []
    for item in parsed.items:
        if any(begin < item.source.line < end for begin, end in spans):
            inside_items.append(item)
            continue
        finding = Finding("R016", "a list line outside the generated regions is not read (move it into a "
                                  "section's region to add it)", item.source, item.marker[0] if item.marker else None)
        outside.append(ImportRecord(item.source.line, None, "note", item.title, [finding]))
    return replace(parsed, items=inside_items), outside


def check_regions(text: str, *, file: str = "<string>") -> list:
    """InputError (file:line) for regions no command may read or write: unbalanced or
    repeated markers, a name that cannot be a section slug (it would name files), and
    section regions beside an ``all`` region (every paper would be listed twice)."""
    from .markers import SPECIAL_REGIONS, find_regions
    from .names import slug_problem

    regions = find_regions(text, file=file)
    for region in regions:
        if region.name not in SPECIAL_REGIONS and slug_problem(region.name):
            raise InputError(f"region {slug_problem(region.name)}; nothing was written", file=file,
                             line=region.begin + 1)
    every = next((r for r in regions if r.name == "all"), None)
    repeated = [r for r in regions if r.name not in SPECIAL_REGIONS]
    if every and repeated:
        raise InputError(f"region {repeated[0].name!r} repeats what the 'all' region (line {every.begin + 1}) "
                         "already lists; keep one of them", file=file, line=repeated[0].begin + 1)
    return regions


def normalize_bib(survey: Survey, *, registry: Registry | None = None) -> tuple[Survey, list[Finding]]:
    """Every entry with its canonical venue and year, and the evidence findings."""
    from .venues.decision import normalize_venues

    return normalize_venues(survey, registry or default_registry())


def resolve_venue(text: str, *, registry: Registry | None = None) -> dict[str, object]:
    """What a venue text or a URL names: ``{input, venue, name, kind, year, evidence}``."""
    from .text.identifiers import is_web_url
    from .venues.urls import from_url

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


DEFAULT_README = ("# Paper list\n\n"
                  "Generated from the bib by surveybib: edit the bib, or this list and then `surveybib import`.\n\n"
                  + wrap("toc", "") + "\n" + wrap("all", ""))


def render_list(
    survey: Survey, template: str | None = None, *, registry: Registry | None = None,
    order: str = "curated", file: str = "README.md", extra: dict[str, str] | None = None,
) -> tuple[str, list[Finding]]:
    """The paper list README: the template (default: a minimal one) with its regions filled."""
    from .writers.readme import render_readme

    return render_readme(survey, template or DEFAULT_README, registry or default_registry(),
                         order=order, file=file, extra=extra)


def export(survey: Survey, fmt: str, *, sections: list[str] | None = None, profile: str = "full") -> str:
    """The survey (or some of its sections) in an export format: bibtex, biblatex, csljson, ris."""
    from .transforms.profiles import select
    from .writers.exports import export as write_export

    unknown = [s for s in sections or () if survey.section(s) is None]
    if unknown:
        raise InputError(f"no section {', '.join(unknown)}; the sections are "
                         + ", ".join(s.slug for s in survey.sections))
    return write_export(select(survey, sections), survey, fmt, profile)


def enrich_bib(
    survey: Survey, sources: list[Path], *, fields: tuple[str, ...] | None = None,
    overwrite: tuple[str, ...] = (), registry: Registry | None = None,
    online: tuple[str, ...] = (), client=None, progress=None,
):
    """The survey enriched from BibTeX, BibLaTeX or CSL-JSON files and, when asked,
    from the arXiv API, Crossref, DBLP, Semantic Scholar and OpenReview (``online``); and the report.

    Online lookups go through one :class:`surveybib.online.http.Client` (cache, rate
    limits, retries); an unreachable service raises ``OnlineError``.
    """
    from .readers.records import read_records
    from .transforms.enrich import DEFAULT_FIELDS, enrich

    records = []
    for path in sources:
        records += read_records(read_text(path), file=path.name)
    if online:
        from .online.http import Client
        from .online.sources import SOURCES, fetch_records

        unknown = [name for name in online if name not in SOURCES]
        if unknown:
            raise InputError(f"unknown online source {', '.join(unknown)}; choose from {', '.join(SOURCES)}")
        records += fetch_records(client or Client(), survey.entries, online, progress,
                                 registry=registry or default_registry())
    return enrich(survey, records, registry or default_registry(),
                  fields=fields or DEFAULT_FIELDS, overwrite=overwrite)


def check(survey: Survey, *, registry: Registry | None = None, select: tuple[str, ...] = (),
          ignore: tuple[str, ...] = (), today=None, stale_months: int = 12) -> list[Finding]:
    """The findings of the ``surveybib check`` rules on a survey: every rule, or those whose
    code starts with a ``select`` prefix and no ``ignore`` prefix (rules not chosen do not run).
    ``today`` (a date; default today) and ``stale_months`` decide which preprints are stale (P001).
    Rules that read a project's files (O001) run in :func:`surveybib.plans.check_project`.
    """
    from .rules import chosen_rules, context, run_rules

    rules = chosen_rules(select, ignore, scopes=("entry", "survey"))
    found = run_rules(survey, rules, context(registry or default_registry(), today=today, stale_months=stale_months),
                      select=select, ignore=ignore)
    return found


def fix(survey: Survey, *, registry: Registry | None = None, select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = ()) -> Survey:
    """The survey with ``check``'s safe fixes applied, for the chosen rules: venues and years
    as normalize settles them (V001, V002, V010), damaged characters repaired (M001), URL
    scheme typos repaired (U001). See :mod:`surveybib.transforms.fixes`."""
    from .rules import wanted
    from .transforms.fixes import fix_survey

    return fix_survey(survey, registry or default_registry(), wanted(select, ignore))


def filter_findings(
    findings: list[Finding], *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
    severity: dict[str, str] | None = None,
) -> list[Finding]:
    """Findings whose code starts with a selected prefix and no ignored one, with severities set."""
    from dataclasses import replace

    from .rules import wanted

    chosen_code = wanted(select, ignore)
    chosen = [f for f in findings if chosen_code(f.code)]
    if not severity:
        return chosen
    return [replace(f, severity=severity[f.code]) if f.code in severity else f for f in chosen]


def readme_template(text: str, *, file: str = "README.md") -> tuple[str, list[Finding]]:
    """An existing list README as a template: its sections and TOC become regions.

    Damaged UTF-8 outside the list is repaired where the repair is unambiguous; the
    findings say what was repaired and what could not be.
    """
    from .readers.markdown import read_markdown
    from .text.repair import repair_text
    from .writers.readme import template_from_list

    parsed = read_markdown(text, file=file)
    lines = []
    for line in template_from_list(text, parsed).splitlines(keepends=True):
        fixed, code = repair_text(line)
        lines.append(fixed if code == "I020" else line)
    return "".join(lines), list(parsed.findings)


def cite_check(survey: Survey, main: Path) -> list[Finding]:
    """Section-aware citation findings for the LaTeX project that ``main`` starts."""
    from .readers.latex import read_citations
    from .transforms.citations import check_citations

    citations, outside = read_citations(main, {s.slug for s in survey.sections})
    return check_citations(survey, citations, survey.retired, outside)


def extract_cited(survey: Survey, aux_text: str, *, aux_folder: Path | None = None) -> tuple[Survey, list[str]]:
    """The minimal bib of what an .aux cites: entries, their crossref parents, the @string
    macros they use, and the preambles. Returns it and the cited keys missing from the bib.
    Included .aux files are read only from ``aux_folder`` and below.

    surveybib's own bookkeeping (positions, links, evidence, the section table) is left
    out; an entry's sections stay in ``keywords`` for biblatex's filters.
    """
    from .transforms.citations import aux_inputs, aux_keys

    texts = [aux_text]
    folder = aux_folder or Path(".")
    for name in aux_inputs(aux_text):
        path = folder / name
        try:
            inside(path, folder)  # an .aux names files LaTeX wrote beside it, never others
        except InputError:
            continue
        if path.is_file():
            texts.append(read_text(path))
    keys, everything = [], False
    for text in texts:
        found, star = aux_keys(text)
        keys += [k for k in found if k not in keys]
        everything = everything or star
    by_key = {e.key: e for e in survey.entries}
    wanted = list(by_key) if everything else [k for k in keys if k in by_key]
    missing = [] if everything else [k for k in keys if k not in by_key]
    for key in list(wanted):  # crossref parents, transitively
        parent = by_key[key].fields.get("crossref")
        if parent in by_key and parent not in wanted:
            wanted.append(parent)
    entries = []
    for key in wanted:
        entry = by_key[key].replace(links=list(by_key[key].links))
        slugs = [s.slug for s in survey.sections if s.slug in entry.sections]
        other = [k for k in entry.fields.get("keywords", "").split(",") if k.strip()]
        if slugs or other:
            entry.fields["keywords"] = ", ".join(slugs + [k.strip() for k in other])
        entry.fields.pop("evidence", None)
        entry.sections = {}
        entry.links = entry.links[:1]
        entries.append(entry)
    used = {str(v) for e in entries for v in e.fields.values() if isinstance(v, Macro)}
    header = [block for block in survey.header if _needed_block(block, used)]
    return Survey(entries=entries, header=header), missing


def _needed_block(block: str, used_macros: set[str]) -> bool:
    if block.startswith("@preamble"):
        return True
    match = re.match(r"@string\{\s*(\S+)\s*=", block)
    if not match:
        return False
    name = match.group(1)
    return any(re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", expr) for expr in used_macros)


def stats(survey: Survey, *, registry: Registry | None = None) -> dict[str, dict[str, int]]:
    """Entries per section (in survey order), per venue (by the registry's short names: the
    project's, given ``registry``) and per year."""
    registry = registry or default_registry()
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


def outdated(survey: Survey, **options) -> list:
    """What in the survey is outdated: old preprints, published versions, renamed arXiv
    papers, dead or moved links (see :mod:`surveybib.upkeep`)."""
    from .upkeep import outdated as report

    return report(survey, **options)
