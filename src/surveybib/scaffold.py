"""``surveybib init LIST.md``: a survey project from its paper list, in one step.

Plans every file (``[tool.surveybib]`` in pyproject.toml, the bib imported from the
list, ``bib/README.md``, a ``latex/`` skeleton with one part per top-level section,
a pre-commit config and a CI workflow example) as :class:`surveybib.project.Output`s;
the caller writes them with :func:`surveybib.project.write_all`. Nothing that exists is
overwritten: a file that is there already is an :class:`InputError`.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import api, plans, project
from .errors import InputError
from .model import Finding, Survey
from .text.latex import to_latex
from .transforms.region_guard import unaccounted_lines

_SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")
TOOL_TABLE = '[tool.surveybib]\nbib = "bib/survey.bib"\nlist = "bib/README.md"\nlatex = "natbib"\n'
PRE_COMMIT = """\
# surveybib's pre-commit hooks; replace OWNER and rev with the surveybib repository and tag you use.
repos:
  - repo: https://github.com/OWNER/surveybib
    rev: v0.1.0
    hooks:
      - id: surveybib-check
      - id: surveybib-lint
"""
WORKFLOW = """\
# An example CI workflow: the survey's bib linted, its outputs checked against it.
name: surveybib
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install surveybib
      - run: surveybib check --format github
"""
LATEXMKRC = """\
# latexmk settings: pdflatex, and bibtex or biber as latex/generated/setup.tex asks.
$pdf_mode = 1;
$bibtex_use = 2;
$pdflatex = 'pdflatex -interaction=nonstopmode -halt-on-error -file-line-error %O %S';
"""


def plan_init(root: Path, list_path: Path) -> tuple[list[project.Output], list, list[Finding]]:
    """The files of a new project at ``root`` from the list at ``list_path``; the import records; notes."""
    text = api.read_text(list_path)
    survey, records = api.import_list(Survey(), text, file=str(list_path))
    template, findings = api.readme_template(text, file=str(list_path))
    refused = unaccounted_lines(survey, template, file="bib/README.md")
    readme = template if refused else api.render_list(survey, template, file="bib/README.md")[0]
    files: dict[str, str] = {
        "bib/survey.bib": api.write_bibtex(survey),
        "bib/README.md": readme,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/surveybib.yml": WORKFLOW,
        "latex/latexmkrc": LATEXMKRC,
        **_latex(survey, _title(text)),
    }
    outputs = []
    pyproject = root / "pyproject.toml"
    if pyproject.exists():
        old = api.read_text(pyproject)
        if re.search(r"^\[tool\.surveybib\]", old, re.MULTILINE):
            raise InputError("has a [tool.surveybib] table already: this is a surveybib project", file=str(pyproject))
        outputs.append(project.Output(pyproject, old, old.rstrip("\n") + "\n\n" + TOOL_TABLE))
    else:
        outputs.append(project.Output(pyproject, None, TOOL_TABLE))
    for name, content in files.items():
        path = root / name
        if path.exists():
            raise InputError("exists already; surveybib init creates a project and overwrites nothing", file=str(path))
        outputs.append(project.Output(path, None, content))
    outputs += _generated(root, survey)
    return outputs, records, findings + refused


def _tex(text: str) -> str:
    """Heading text as LaTeX for pdflatex: emoji (which it has no glyphs for) dropped."""
    import unicodedata

    kept = "".join(c for c in text if not (unicodedata.category(c) == "So" and ord(c) >= 0x2600))
    return to_latex(re.sub(r"\s+", " ", kept.replace("\ufe0f", "")).strip()) or "Section"


def _title(text: str) -> str:
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1)) if heading else "A survey"
    return re.sub(r"\s+", " ", title).strip() or "A survey"


def _top_sections(survey: Survey):
    if not survey.sections:
        return []
    top = min(s.level for s in survey.sections)
    return [s for s in survey.sections if s.level == top and _SAFE_SLUG.match(s.slug)]


def _latex(survey: Survey, title: str) -> dict[str, str]:
    parts = _top_sections(survey)
    inputs = "\n".join(f"\\input{{parts/{s.slug}}}" for s in parts)
    main = (
        "% The survey's LaTeX source, made by surveybib init. Build: latexmk (see latexmkrc).\n"
        "% The reference lists in generated/ come from ../bib/survey.bib (surveybib latex, or sync).\n"
        "\\documentclass[10pt]{article}\n\\usepackage[margin=2cm]{geometry}\n\\usepackage{longtable}\n"
        "\\usepackage{url}\n\\input{generated/setup}\n\n"
        f"\\title{{{_tex(title)}}}\n\\date{{}}\n\n\\begin{{document}}\n\\maketitle\n\n"
        f"{inputs}\n\n\\input{{generated/bibliography}}\n\\end{{document}}\n"
    )
    files = {"latex/main.tex": main}
    for section in parts:
        body = [
            "% A part of the survey; this file's name is its section's slug in bib/survey.bib.",
            f"\\section{{{_tex(section.heading)}}}", f"\\label{{sec:{section.slug}}}", "",
            "% The survey's text for this part goes here; cite with \\cite{key}.", "",
            f"\\input{{generated/{section.slug}}}",
        ]
        for sub in _descendants(survey, section):
            command = "subsection" if sub.level == section.level + 1 else "subsubsection"
            body += ["", f"\\{command}{{{_tex(sub.heading)}}}", f"\\input{{generated/{sub.slug}}}"]
        files[f"latex/parts/{section.slug}.tex"] = "\n".join(body) + "\n"
    return files


def _descendants(survey: Survey, section):
    """The sections after ``section`` and deeper than it, up to the next one of its level."""
    position = survey.sections.index(section)
    found = []
    for other in survey.sections[position + 1:]:
        if other.level <= section.level:
            break
        if _SAFE_SLUG.match(other.slug):
            found.append(other)
    return found


def _generated(root: Path, survey: Survey) -> list[project.Output]:
    """``latex/generated/``: what ``surveybib latex`` writes, so the skeleton builds at once."""
    from .config import Config

    config = Config.defaults(root)
    outputs = plans.plan_latex(config, survey, flavour="natbib")
    for output in outputs:
        if output.path.exists():
            raise InputError("exists already; surveybib init overwrites nothing", file=str(output.path))
    return outputs


NEXT_STEPS = """\
next steps:
  1. read the import report above; fix the list or the bib where it says so
  2. surveybib check                       lint the bib
  3. cd latex && latexmk                   build the PDF
  4. git add -A && git commit              then pre-commit install (see .pre-commit-config.yaml)
  5. after editing bib/survey.bib: surveybib sync; after a README pull request: surveybib import bib/README.md
"""
