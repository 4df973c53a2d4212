"""The survey as a static page for its readers (``surveybib site``).

One self-contained ``index.html`` (inline CSS, script and charts; no network at view
time, works from ``file://``) and ``downloads/``: the BibTeX, RIS and CSL-JSON exports
of the whole survey and of each section, the same texts as ``bib/exports/``, copied
so that the folder is all GitHub Pages needs. Every paper is rendered on the server
(title, authors, venue and year, links, sections, its BibTeX, a COinS span), so the
page reads without JavaScript; the script (``templates/site.js``) only filters,
sorts and copies. Templating is jinja2 with autoescape on; the JSON the script reads
is escaped so that no ``</script>`` can end its element.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

from ..model import Entry, Finding, Macro, Survey
from ..text.latex import plain_text
from ..text.people import people
from ..transforms.evolution import evolution, year_of
from ..transforms.order import canonical_order
from ..venues import Registry
from . import svg
from .coins import coins, plus_loss
from .exports import bibtex, kind
from .markdown import badge, safe_url

DOWNLOADS = {"bibtex": ".bib", "ris": ".ris", "csljson": ".json"}
FORMAT_NAMES = {"bibtex": "BibTeX", "ris": "RIS", "csljson": "CSL-JSON"}
SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TWICE = "A paper in two sections counts in both."


@dataclass(frozen=True)
class Paper:
    key: str
    title: str
    authors: tuple[str, ...]
    badge: str
    venue: str
    year: int | None
    kind: str  # published, preprint or other
    sections: tuple[tuple[str, str], ...]  # (slug, heading)
    links: tuple[tuple[str, str], ...]  # (label, http(s) url)
    bibtex: str
    coins: str


def json_script(data: object) -> str:
    """JSON for a ``<script type="application/json">``: ``<``, ``>`` and ``&`` as ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def entry_bibtex(entry: Entry, survey: Survey, profile: str) -> str:
    """The entry's block of the BibTeX export (with the @string macros, if it uses any)."""
    uses_macros = any(isinstance(v, Macro) for v in entry.fields.values())
    alone = survey.with_entries([entry])
    if not uses_macros:
        alone.header = []
    return bibtex([entry], alone, profile)


def _paper(entry: Entry, survey: Survey, registry: Registry, profile: str) -> Paper:
    made = badge(entry, registry)
    label = " ".join(p for p in (made or ("", ""))[:2] if p)
    what = kind(entry)
    return Paper(
        key=entry.key,
        title=plain_text(entry.fields.get("title", "")) or entry.key,
        authors=tuple(n.family if n.literal or not n.given else f"{n.given} {n.family}"
                      for n in people(entry.fields.get("author", ""))),
        badge=label,
        venue=made[0] if made and made[0] and made[0] != "Online" else "",
        year=year_of(entry),
        kind="published" if what in ("conference", "journal") else "preprint" if what == "preprint" else "other",
        sections=tuple((s.slug, s.heading) for s in survey.sections if s.slug in entry.sections),
        links=tuple((link.label, url) for link in entry.links if (url := safe_url(link.url))),
        bibtex=entry_bibtex(entry, survey, profile),
        coins=coins(entry, survey),
    )


def _orders(papers: list[Paper]) -> dict[str, list[int]]:
    indices = range(len(papers))
    newest = sorted(indices, key=lambda i: (-(papers[i].year or 0), i))
    venue = sorted(indices, key=lambda i: (not papers[i].venue, papers[i].venue.lower(), -(papers[i].year or 0), i))
    return {"newest": newest, "venue": venue}


def _figures(survey: Survey, registry: Registry) -> list[dict[str, str]]:
    from markupsafe import Markup

    data = evolution(survey, registry)
    if not data.years:
        return []
    span = f"{data.years[0]} to {data.years[-1]}"
    left_out = f" {data.undated} papers without a year are left out." if data.undated else ""
    return [
        {"svg": Markup(svg.stacked_bars(data.years, data.sections, title="Papers per year, by section",
                                 desc=f"Stacked bars of the papers of each year from {span}, one colour per section.",
                                 ident="fig-years", theme=svg.PAGE)),
         "caption": f"Papers per year, stacked by section. {TWICE}{left_out}"},
        {"svg": Markup(svg.small_multiples(data.years, data.sections, title="Each section, year by year",
                                    desc=f"One row of bars per section, papers per year from {span}, on one scale.",
                                    ident="fig-sections", theme=svg.PAGE)),
         "caption": f"Papers of each section per year, on one scale. {TWICE}{left_out}"},
        {"svg": Markup(svg.stacked_bars(data.years, data.venues, title="The venues' mix over time",
                                 desc=f"Stacked bars of the papers of each year from {span}, one colour per venue.",
                                 ident="fig-venues", theme=svg.PAGE)),
         "caption": f"Papers per year by venue (each paper once); the most frequent venues by name.{left_out}"},
    ]


def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("surveybib", "templates"), autoescape=True,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("site.html.j2")


def _asset(name: str) -> str:
    text = resources.files("surveybib").joinpath("templates", name).read_text("utf-8")
    if "</" in text:  # an own asset must never close its <script> or <style> early
        raise ValueError(f"templates/{name} holds '</'")
    return text


def render_site(survey: Survey, registry: Registry, exports: dict[tuple[str, str], str], *,
                title: str, profile: str = "full") -> tuple[dict[str, str], list[Finding]]:
    """File name (relative to the site folder) -> text, and the build's findings.

    ``exports`` maps (``all`` or a section slug, format) to the export text; the page
    links each as ``downloads/NAME.EXT``.
    """
    from markupsafe import Markup

    survey = canonical_order(survey)
    bad = [s.slug for s in survey.sections if not SAFE_SLUG.match(s.slug)]
    if bad:
        raise ValueError(f"section slug {bad[0]!r} cannot name a file")
    papers = [_paper(e, survey, registry, profile) for e in survey.entries]
    findings = [Finding("W001", "the title has '+', which Zotero reads as a space from COinS "
                        "(the .bib, .ris and CSL-JSON downloads keep it)", e.source, e.key)
                for e in survey.entries if plus_loss(e)]
    counts = {s.slug: len(survey.in_section(s.slug)) for s in survey.sections}
    venues: dict[str, int] = {}
    for paper in papers:
        if paper.venue:
            venues[paper.venue] = venues.get(paper.venue, 0) + 1
    years = sorted({p.year for p in papers if p.year is not None})
    index = {s.slug: i for i, s in enumerate(survey.sections)}
    data = {
        "sections": [s.slug for s in survey.sections],
        "papers": [[p.year, p.venue, p.kind, [index[slug] for slug, _ in p.sections]] for p in papers],
        "orders": _orders(papers),
    }
    files = {f"downloads/{name}{suffix}": exports[(name, fmt)]
             for name in ["all"] + [s.slug for s in survey.sections] for fmt, suffix in DOWNLOADS.items()}
    page = _template().render(
        title=title, papers=papers, sections=survey.sections, counts=counts,
        venues=sorted(venues.items(), key=lambda kv: kv[0].lower()), years=years,
        kinds=[k for k in ("published", "preprint", "other") if any(p.kind == k for p in papers)],
        downloads=DOWNLOADS, format_names=FORMAT_NAMES, figures=_figures(survey, registry),
        data=Markup(json_script(data)), css=Markup(_asset("site.css")), script=Markup(_asset("site.js")),
    )
    files["index.html"] = page
    return files, findings
