"""The reader's page and the README's figures, as outputs of the project (see :mod:`surveybib.api`).

``plan_site`` renders the page folder (``[tool.surveybib] site``, or ``surveybib site -o``);
``readme_figures`` fills a ``figures`` region of the list README and renders the two
SVG files it shows (light and dark, beside the README in ``figures/``). Nothing is
written here: both return texts, which ``sync`` writes through ``project.write_all``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .config import Config
from .errors import InputError
from .markers import find_regions
from .model import Survey
from .plans import _existing, _generated, _no_clobber, _within, export_texts
from .project import Output

FIGURE_NAMES = ("papers-per-year.svg", "papers-per-year-dark.svg")
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def site_title(config: Config) -> str:
    """The first ``# heading`` of the list README, or "Paper list"."""
    text = _existing(config.list) if config.list else None
    match = _H1.search(text or "")
    return match.group(1) if match else "Paper list"


def plan_site(config: Config, survey: Survey, *, folder: Path | None = None,
              exports: dict[tuple[str, str], str] | None = None) -> list[Output]:
    """``index.html`` and ``downloads/`` of the page, in ``folder`` (default: ``[tool.surveybib] site``,
    else ``site/``); ``exports``: the export texts, when :func:`plans.export_texts` made them already."""
    from .writers.site import DOWNLOADS, SAFE_SLUG, render_site

    folder = folder or config.site or config.root / "site"
    for section in survey.sections:
        if not SAFE_SLUG.match(section.slug):
            raise InputError(f"section slug {section.slug!r} cannot name a download file", file=str(config.bib))
    texts = exports or export_texts(config, survey, tuple(DOWNLOADS))
    files, findings = render_site(survey, config.registry(), texts, title=site_title(config),
                                  profile=config.export_profile)
    paths = {name: _within(folder / "downloads", name.removeprefix("downloads/")) if name.startswith("downloads/")
             else _within(folder, name) for name in files}
    outputs = [Output(paths[name], _generated(paths[name]), text) for name, text in sorted(files.items())]
    outputs = [Output(o.path, o.old, o.new, tuple(findings) if i == 0 else ()) for i, o in enumerate(outputs)]
    _no_clobber(config, outputs)
    return outputs


def readme_figures(config: Config, survey: Survey, template: str | None) -> tuple[dict[str, str], dict[Path, str]]:
    """The body of the README's ``figures`` region and the SVG files it shows; nothing when the
    README has no such region."""
    if not template or "figures" not in {r.name for r in find_regions(template, file=str(config.list))}:
        return {}, {}
    from .transforms.evolution import evolution
    from .writers import svg

    data = evolution(survey, config.registry())
    if not data.years:
        return {"figures": "No paper has a year yet.\n"}, {}
    folder = config.list.parent / "figures"
    span = f"{data.years[0]} to {data.years[-1]}"
    alt = f"Papers per year from {span}, stacked by section"
    left_out = f" {data.undated} papers without a year are left out." if data.undated else ""
    files = {
        _within(folder, name): svg.stacked_bars(data.years, data.sections, title="Papers per year, by section",
                                        desc=alt + ".", ident="fig-years", theme=theme)
        for name, theme in zip(FIGURE_NAMES, (svg.LIGHT, svg.DARK), strict=True)
    }
    body = [
        "<picture>",
        f'<source media="(prefers-color-scheme: dark)" srcset="figures/{FIGURE_NAMES[1]}">',
        f'<img src="figures/{FIGURE_NAMES[0]}" alt="{alt}">',
        "</picture>",
        "",
        f"*Papers per year, stacked by section; a paper in two sections counts in both.{left_out}*{_page_link(config)}",
    ]
    return {"figures": "\n".join(body) + "\n"}, files


def _page_link(config: Config) -> str:
    what = " Search and filter the papers, copy their BibTeX, or import them into Zotero on "
    if config.site_url:
        from .writers.markdown import safe_url

        return what + f"[the survey's page]({safe_url(config.site_url)})."
    if config.site:
        relative = Path(os.path.relpath(config.site / "index.html", config.list.parent)).as_posix()
        return what + f"[the survey's page]({relative}) (`surveybib site`)."
    return ""
