"""Every code surveybib can report fires on a minimal input, through the public surface.

``CASES`` holds one entry per code: how to run it (the list import, ``check``, the sync
plan, cite-check, ``outdated``...), the input that makes it fire, where it must fire
(line and key, when the code has them) and with which severity, and, where cheap, a
near-identical input that must not fire it, so that each entry can fail. A code written
in src/surveybib without an entry here fails :func:`test_every_code_has_a_firing_case`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from surveybib import InputError, Survey, api, import_list, parse_bib, plans
from surveybib.config import load_config

SRC = Path(__file__).parent.parent / "src" / "surveybib"
TODAY = date(2025, 1, 15)

# A code is a string literal that starts with a capital and three digits: "D001",
# f"R020 {message}"; the quote may not follow a word character (r"...", f"..." may).
_CODE_LITERAL = re.compile(r"""(?<![A-Za-z0-9_"'])[rbfuRBFU]{0,2}["']([A-Z][0-9]{3})(?=["'\s])""")


def codes_in_source() -> set[str]:
    """Every code that src/surveybib writes as a literal (findings, rules, errors)."""
    return {code for path in SRC.rglob("*.py") for code in _CODE_LITERAL.findall(path.read_text("utf-8"))}


ALL_CODES = codes_in_source()


@dataclass(frozen=True)
class Hit:
    """A code as the public surface reports it: where, about which entry, how severe."""

    code: str
    line: int | None
    key: str | None
    severity: str | None


def _hits(found) -> list[Hit]:
    """Findings (or ``outdated``'s Stale records, which have no severity) as hits."""
    return [Hit(f.code, f.source.line if f.source else None, f.key, getattr(f, "severity", None)) for f in found]


def _error_hit(error: InputError) -> list[Hit]:
    """An InputError whose message starts with a code (``R020 ...``): its one hit."""
    code = error.message.split()[0] if error.message else ""
    return [Hit(code, error.line, None, "error")] if re.fullmatch(r"[A-Z][0-9]{3}", code) else []


# ---------------------------------------------------------------- runners: (folder, input) -> hits


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return folder


def listed(folder: Path, data) -> list[Hit]:
    """``import_list``: the findings of every record; ``data`` is a list, or (list, bib)."""
    text, bib = data if isinstance(data, tuple) else (data, "")
    survey = parse_bib(bib, file="survey.bib")[0] if bib else Survey()
    _, records = import_list(survey, text, file="list.md")
    return _hits(f for record in records for f in record.findings)


def checked(folder: Path, bib: str) -> list[Hit]:
    """``api.check`` (the rules of ``surveybib check``) on a bib."""
    return _hits(api.check(parse_bib(bib, file="survey.bib")[0], today=TODAY))


def read_bib(folder: Path, bib: str) -> list[Hit]:
    """The BibTeX reader's findings. ``parse_bib`` returns its warnings and raises the first
    error as an InputError without its code (:func:`test_bib_errors_stop_parse_bib_at_their_line`)."""
    from surveybib.readers.bibtex import read_bibtex

    return _hits(read_bibtex(bib, file="survey.bib")[1])


def synced(folder: Path, files: dict[str, str]) -> list[Hit]:
    """``plans.plan_sync`` on a project: the findings of its outputs, or the code of its refusal."""
    config = load_config(_write(folder, {**PROJECT, **files}))
    try:
        outputs = plans.plan_sync(config)
    except InputError as error:
        return _error_hit(error)
    return _hits(f for output in outputs for f in output.findings)


def out_of_sync(folder: Path, data: tuple[dict[str, str], bool]) -> list[Hit]:
    """``plans.stale_outputs`` on a project (what ``check`` adds on the project's bib);
    ``data``: the files, and whether ``sync`` wrote its outputs first."""
    files, sync_first = data
    config = load_config(_write(folder, {**PROJECT, **files}))
    if sync_first:
        from surveybib.project import write_all

        write_all([o for o in plans.plan_sync(config) if o.changed], root=folder)
    return _hits(plans.stale_outputs(config))


def cited(folder: Path, files: dict[str, str]) -> list[Hit]:
    """``api.cite_check`` on a LaTeX project that starts at main.tex."""
    _write(folder, files)
    survey = parse_bib(files["survey.bib"], file="survey.bib")[0]
    return _hits(api.cite_check(survey, folder / "main.tex"))


def stale_offline(folder: Path, bib: str) -> list[Hit]:
    """``api.outdated`` without the network: old preprints."""
    return _hits(api.outdated(parse_bib(bib, file="survey.bib")[0], today=TODAY, months=12))


def stale_online(folder: Path, data: tuple[str, dict]) -> list[Hit]:
    """``api.outdated`` asking arXiv and DBLP, answered by the fixtures of tests/data/add/online
    (and ``pages``: ``{url: (status, headers)}`` for the links)."""
    from surveybib.online.http import Client

    from .online_fixtures import Services

    bib, pages = data
    client = Client(cache_dir=folder / "cache", sleep=lambda seconds: None)
    services = Services(pages)
    client.session.mount("http://", services)
    client.session.mount("https://", services)
    found = api.outdated(parse_bib(bib, file="survey.bib")[0], today=TODAY, months=12,
                         online=("arxiv", "dblp"), client=client)
    return _hits(found)


# ---------------------------------------------------------------- inputs


BADGE = "![](https://img.shields.io/badge/ICLR-2021-blue)"


DDIM = "Denoising diffusion implicit models"


ARXIV_DDIM, ARXIV_2405 = "https://arxiv.org/abs/2010.02502", "https://arxiv.org/abs/2405.00001"


def ddim_by(author: str) -> str:
    """The title of DDIM and an italic author, as a list writes them."""
    return f"{DDIM}, *{author}*"


def bullet(title: str, url: str = ARXIV_DDIM, tail: str = BADGE) -> str:
    """A list with one section and one bullet: ``* TITLE [[Paper]](URL) TAIL`` at line 3."""
    return f"## Part\n\n* {title} [[Paper]]({url}) {tail}\n"


def entry(key: str = "ddim", *, kind: str = "inproceedings", author: str = "Song, Jiaming", **fields: str) -> str:
    """A BibTeX entry: DDIM at ICLR 2021, unless ``fields`` say otherwise (an empty value drops the field)."""
    values = {"title": DDIM,
              "booktitle": "International Conference on Learning Representations", "year": "2021", **fields}
    lines = ([f"  author = {{{author}}}"] if author else []) + [f"  {k} = {{{v}}}" for k, v in values.items() if v]
    return f"@{kind}{{{key},\n" + ",\n".join(lines) + "\n}\n"


DDPM = dict(title="Denoising diffusion probabilistic models", booktitle="Advances in Neural Information Processing Systems",
            year="2020")
CVPR22 = "https://openaccess.thecvf.com/content/CVPR2022/html/X_CVPR_2022_paper.html"
CVPR = "IEEE/CVF Conference on Computer Vision and Pattern Recognition"
PREPRINT = dict(booktitle="", eprint="2006.11239", archiveprefix="arXiv")

SECTIONS = "@comment{surveybib-sections\n  2 part-a Part A\n  2 part-b Part B\n}\n\n"
# A bib of two sections; ddim (line 6) and ddpm (line 16) are in part-a, in that order.
TWO = SECTIONS + entry(url="https://arxiv.org/abs/2010.02502", keywords="part-a", positions="part-a=1") + "\n" + \
    entry("ddpm", author="Ho, Jonathan", url="https://arxiv.org/abs/2006.11239", keywords="part-a", positions="part-a=2",
          **DDPM)
TEMPLATE = ("# List\n\n<!-- surveybib:begin part-a -->\n<!-- surveybib:end -->\n\n"
            "<!-- surveybib:begin part-b -->\n<!-- surveybib:end -->\n")
# The README that sync renders from TWO (read by hand): regions at 3-7 and 9-11, ddim at
# line 5, ddpm at line 6, "## Part A" at line 4.
README = api.render_list(parse_bib(TWO)[0], TEMPLATE)[0]
LINES = README.splitlines(keepends=True)
DDIM_LINE, DDPM_LINE = LINES[4], LINES[5]
PROJECT = {"pyproject.toml": '[tool.surveybib]\nbib = "bib/survey.bib"\nlist = "bib/README.md"\n'}


def readme(*lines: str) -> tuple[str, str]:
    """A README (the rendered one, or these lines) and the bib TWO, for ``listed``."""
    return ("".join(lines) if lines else README), TWO


def moved(line: str, into: int) -> str:
    """README with ``line`` taken out and put before line ``into`` (1-based, of README)."""
    rest = [x for x in LINES if x != line]
    return "".join(rest[:into - 2] + [line] + rest[into - 2:])


def project(bib: str, readme_text: str = TEMPLATE, **more: str) -> dict[str, str]:
    """The files of a project: its bib, its README list and ``more`` (path -> text)."""
    return {"bib/survey.bib": bib, "bib/README.md": readme_text, **more}


def latex(bib: str, main: str, **parts: str) -> dict[str, str]:
    """A LaTeX project: main.tex inputs one file per section (part-a.tex...), and the bib."""
    return {"survey.bib": bib, "main.tex": main, **{f"{name.replace('_', '-')}.tex": t for name, t in parts.items()}}


CITE_BIB = SECTIONS + entry(keywords="part-a") + entry("ddpm", keywords="part-b", **DDPM)
MAIN = "\\input{part-a}\n\\input{part-b}\n"

ONLINE_BIB = """@misc{deepcache,
  author = {Ma, Xinyin and Fang, Gongfan and Wang, Xinchao},
  title = {DeepCache: Accelerating Diffusion Models for Free},
  year = {2023},
  eprint = {2312.00858},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2312.00858},
  links = {Code <https://github.com/horseee/DeepCache>}
}

@misc{truncated,
  title = {Truncated diffusion probabilistic models},
  year = {2022},
  eprint = {2202.09671},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2202.09671},
  links = {Project <http://old.example.org/truncated>}
}
"""
CODE_PAGE, MOVED = "https://github.com/horseee/DeepCache", "http://old.example.org/truncated"


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class Case:
    run: Callable[[Path, object], list[Hit]]
    fires: object  # the input that makes the code fire
    clean: object | None  # a near-identical input that must not (None: no cheap one)
    line: int | None  # where it fires (None: the code names no line)
    key: str | None  # the entry it names (None: none)
    severity: str | None  # None for outdated's records, which have none


CASES: dict[str, Case] = {
    # The BibTeX reader (B005 is a warning parse_bib returns; the others are errors).
    "B001": Case(read_bib, entry() + "@misc{broken,\n  title = {x\n", entry(), 7, None, "error"),
    "B002": Case(read_bib, entry() + entry(), entry() + entry("ddim2"), 7, "ddim", "error"),
    "B003": Case(read_bib, entry(note="a").replace("{a}", "{a},\n  note = {b}"), entry(note="a"), 1, "ddim", "error"),
    "B004": Case(read_bib, SECTIONS + entry(keywords="part-a", positions="part-a=first"),
                 SECTIONS + entry(keywords="part-a", positions="part-a=1"), 6, "ddim", "error"),
    "B005": Case(read_bib, SECTIONS + entry(keywords="part-a", positions="part-a=1, part-b=1"),
                 SECTIONS + entry(keywords="part-a, part-b", positions="part-a=1, part-b=1"), 6, "ddim", "warning"),
    "B006": Case(read_bib, SECTIONS.replace("part-b", "Part_B", 1) + entry(), SECTIONS + entry(), 3, None, "error"),
    # cite-check on a LaTeX project: part-a.tex is section part-a's text.
    "C001": Case(cited, latex(CITE_BIB, MAIN, part_a="\\cite{ddim,nowhere}", part_b="\\cite{ddpm}"),
                 latex(CITE_BIB, MAIN, part_a="\\cite{ddim}", part_b="\\cite{ddpm}"), 1, "nowhere", "error"),
    "C002": Case(cited, latex(CITE_BIB, MAIN, part_a="\\cite{ddpm}", part_b="\\cite{ddpm}"),
                 latex(CITE_BIB, MAIN, part_a="\\cite{ddim,ddpm}", part_b="\\cite{ddpm}"), 6, "ddim", "warning"),
    "C003": Case(cited, latex(CITE_BIB, MAIN, part_a="\\cite{ddim}", part_b="\\cite{ddpm}\n\\cite{ddim}"),
                 latex(CITE_BIB, MAIN, part_a="\\cite{ddim}", part_b="\\cite{ddpm}"), 2, "ddim", "warning"),
    "C004": Case(cited, latex(CITE_BIB + entry("DDIM", title="Other"), MAIN, part_a="\\cite{ddim}", part_b="\\cite{ddpm}"),
                 latex(CITE_BIB + entry("ddim2", title="Other"), MAIN, part_a="\\cite{ddim}", part_b="\\cite{ddpm}"),
                 20, "DDIM", "error"),
    "C005": Case(cited, latex(CITE_BIB, MAIN + "\\input{tex-own-file}\n", part_a="\\cite{ddim}", part_b="\\cite{ddpm}"),
                 latex(CITE_BIB, MAIN, part_a="\\cite{ddim}", part_b="\\cite{ddpm}"), 3, None, "info"),
    # check's rules on a bib.
    "D001": Case(checked, entry(doi="10.1/x") + entry("ddim2", title="Denoising diffusion implicit models.", doi="10.1/X"),
                 entry(doi="10.1/x") + entry("ddim2", title="Denoising diffusion implicit models.", doi="10.1/y"),
                 8, "ddim2", "error"),
    "D002": Case(checked, entry() + entry("ddim2", title="Denoising {Diffusion} implicit models"),
                 entry() + entry("ddim2", title="Denoising diffusion explicit models"), 7, "ddim2", "error"),
    "D003": Case(checked, entry() + entry("ddim2", title="Denoising diffusion implicit models: the long version"),
                 entry() + entry("ddim2", title="Denoising score implicit models: the long version"), 7, "ddim2", "warning"),
    "F001": Case(checked, entry(booktitle=""), entry(), 1, "ddim", "warning"),
    "F002": Case(checked, entry(author=""), entry(), 1, "ddim", "warning"),
    "K001": Case(checked, entry() + entry("DDIM", **DDPM), entry() + entry("ddpm", **DDPM), 7, "DDIM", "error"),
    "L002": Case(checked, entry(title="Denoising diffusion implicit models \U0001f680"), entry(), 1, "ddim", "error"),
    "M001": Case(checked, entry(title="CafÃ© diffusion"), entry(title="Café diffusion"), 1, "ddim", "warning"),
    "P001": Case(checked, entry(kind="misc", **PREPRINT), entry(kind="misc", **{**PREPRINT, "eprint": "2412.00001"}),
                 1, "ddim", "info"),
    "T001": Case(checked, entry(title="Efficient lora tuning", url="https://github.com/x/LoRA"),
                 entry(title="Efficient {LoRA} tuning", url="https://github.com/x/LoRA"), 1, "ddim", "warning"),
    "U001": Case(checked, entry(url="hhttps://example.org/a"), entry(url="https://example.org/a"), 1, "ddim", "error"),
    "X001": Case(checked, entry(kind="misc", **{**PREPRINT, "eprint": "2006.112"}), entry(kind="misc", **PREPRINT),
                 1, "ddim", "error"),
    "V001": Case(checked, entry(year="2022", url=CVPR22), entry(booktitle=CVPR, year="2022", url=CVPR22), 1, "ddim", "warning"),
    "V002": Case(checked, entry(booktitle=CVPR, url=CVPR22), entry(booktitle=CVPR, year="2022", url=CVPR22),
                 1, "ddim", "warning"),
    "V003": Case(checked, entry(booktitle=CVPR, year="2022", url=CVPR22,
                                links=f"Paper <{CVPR22.replace('CVPR2022', 'ICCV2021').replace('CVPR_2022', 'ICCV_2021')}>"),
                 entry(booktitle=CVPR, year="2022", url=CVPR22, links="Code <https://github.com/x/y>"), 1, "ddim", "warning"),
    "V004": Case(checked, entry(year="2020", eprint="2010.02502", archiveprefix="arXiv"),
                 entry(eprint="2010.02502", archiveprefix="arXiv"), 1, "ddim", "warning"),
    "V005": Case(checked, entry(url="https://example.org/p") + entry("ddpm", url="https://example.org/p", **DDPM),
                 entry(url="https://example.org/p") + entry("ddpm", url="https://example.org/q", **DDPM),
                 8, "ddpm", "warning"),
    "V006": Case(checked, entry(url="https://arxiv.org/abs/2010.02502", links="Paper <https://arxiv.org/abs/2010.02503>"),
                 entry(url="https://arxiv.org/abs/2010.02502", links="Paper <https://arxiv.org/abs/2010.02502v2>"),
                 1, "ddim", "warning"),
    "V007": Case(checked, entry(year="20x1"), entry(), 1, "ddim", "error"),
    "V010": Case(checked, entry(booktitle="ICLR"), entry(), 1, "ddim", "warning"),
    "V011": Case(checked, entry(booktitle="Workshop on Nothing in Particular"), entry(), 1, "ddim", "info"),
    "V012": Case(checked, entry(venueoverride="Nowhere Conference"), entry(venueoverride="ICLR 2021"), 1, "ddim", "error"),
    # The list reader and the import (findings of list items carry the item's line, no key).
    "I001": Case(listed, bullet("Denoising diffusion\n  implicit models"), bullet(DDIM),
                 3, None, "info"),
    "I002": Case(listed, "## Part\n\n* Denoising diffusion implicit models [[Paper]]https://arxiv.org/abs/2010.02502)\n",
                 "## Part\n\n* Denoising diffusion implicit models [[Paper]](https://arxiv.org/abs/2010.02502)\n",
                 3, None, "warning"),
    "I003": Case(listed, "## Part\n\n* Denoising diffusion implicit models [[Paper]] (https://arxiv.org/abs/2010.02502)\n",
                 "## Part\n\n* Denoising diffusion implicit models [[Paper]](https://arxiv.org/abs/2010.02502)\n",
                 3, None, "warning"),
    "I004": Case(listed, bullet(DDIM, tail=BADGE.replace("-blue", " -blue")),
                 bullet(DDIM), 3, None, "warning"),
    "I005": Case(listed, bullet(DDIM, tail="![Site](https://example.org/ddim)"),
                 bullet(DDIM, tail="[Site](https://example.org/ddim)"), 3, None, "warning"),
    "I006": Case(listed, bullet(DDIM, url="ftp://example.org/ddim"),
                 bullet(DDIM, url="https://example.org/ddim"), 3, None, "warning"),
    "I007": Case(listed, bullet(""), bullet(DDIM), 3, None, "error"),
    "I010": Case(listed, bullet(DDIM, url="hhttps://arxiv.org/abs/2010.02502"),
                 bullet(DDIM), 3, None, "warning"),
    "I011": Case(listed, bullet(DDIM, url="https://arxiv.org/abs/2010.02502#:~:text=x"),
                 bullet(DDIM, url="https://arxiv.org/abs/2010.02502#x"), 3, None, "info"),
    "I012": Case(listed, bullet(DDIM, url="https://example.org/ddim?utm_source=x"),
                 bullet(DDIM, url="https://example.org/ddim?id=x"), 3, None, "info"),
    "I013": Case(listed, bullet(DDIM, url="https://x.net/a.pdf?Expires=1&Signature=s"),
                 bullet(DDIM, url="https://x.net/a.pdf"), 3, None, "warning"),
    "I014": Case(listed, bullet(DDIM, url="https://arxiv.org/abs/2010.02502v2"),
                 bullet(DDIM), 3, None, "info"),
    "I015": Case(listed, bullet(DDIM, url="https://arxiv.org/abs/2010.025"),
                 bullet(DDIM), 3, None, "error"),
    "I016": Case(listed, bullet(DDIM,
                                tail="[[Paper]](https://arxiv.org/abs/2010.02503) " + BADGE),
                 bullet(DDIM,
                        tail="[[Paper]](https://arxiv.org/abs/2010.02502v2) " + BADGE), 3, None, "warning"),
    "I020": Case(listed, bullet("CafÃ© diffusion"), bullet("Café diffusion"), 3, None, "warning"),
    "I021": Case(listed, bullet("â Star diffusion"), bullet("Star diffusion"), 3, None, "warning"),
    "I022": Case(listed, "## CafÃ© models\n\n" + bullet(DDIM),
                 "## Café models\n\n" + bullet(DDIM), 1, None, "warning"),
    "I023": Case(listed, "## â Star models\n\n" + bullet(DDIM),
                 "## Star models\n\n" + bullet(DDIM), 1, None, "warning"),
    "I031": Case(listed, bullet(DDIM, tail=BADGE.replace("ICLR-", "")),
                 bullet(DDIM), 3, None, "warning"),
    "I032": Case(listed, bullet(DDIM, tail=BADGE.replace("ICLR", "ICRL")),
                 bullet(DDIM), 3, None, "warning"),
    "I033": Case(listed, bullet(DDIM, tail=BADGE.replace("ICLR", "PAMI")),
                 bullet(DDIM, tail=BADGE.replace("ICLR", "TPAMI")), 3, None, "info"),
    "I034": Case(listed, bullet(DDIM, tail=BADGE.replace("ICLR", "Computer_Science")),
                 bullet(DDIM), 3, None, "warning"),
    "I035": Case(listed, bullet(DDIM, tail=BADGE.replace("2021", "May_2021")),
                 bullet(DDIM), 3, None, "warning"),
    "I036": Case(listed, bullet(DDIM, tail=BADGE.replace("blue", "red")),
                 bullet(DDIM), 3, None, "info"),
    "I037": Case(listed, bullet(DDIM, tail=BADGE.replace("2021", "2021.07")),
                 bullet(DDIM), 3, None, "warning"),
    "I038": Case(listed, bullet("Diffwave", url="https://arxiv.org/abs/2009.09761",
                                tail="![](https://img.shields.io/badge/arxiv-2009-red)"),
                 bullet("Diffwave", url="https://arxiv.org/abs/2009.09761",
                        tail="![](https://img.shields.io/badge/arxiv-2020.09-red)"), 3, None, "warning"),
    "I039": Case(listed, bullet("Diffwave", url="https://example.org/diffwave",
                                tail="![](https://img.shields.io/badge/arxiv-2020.09-red)"),
                 bullet("Diffwave", url="https://arxiv.org/abs/2009.09761",
                        tail="![](https://img.shields.io/badge/arxiv-2020.09-red)"), 3, None, "warning"),
    "I040": Case(listed, bullet(DDIM) + bullet(DDIM, tail=BADGE.replace("2021", "2022")).split("\n\n")[1],
                 bullet(DDIM) + bullet(DDIM).split("\n\n")[1], 4, None, "warning"),
    "I042": Case(listed, (bullet(DDIM), entry(year="2022")),
                 (bullet(DDIM), entry()), 3, None, "warning"),
    "I043": Case(listed, bullet(DDIM) + "* odd\n",
                 bullet(DDIM) + "\nodd\n", 4, None, "warning"),
    "I044": Case(listed, bullet(ddim_by("Ann Smith"), tail="") + f"* {ddim_by('Bob Jones')} [[Paper]]({ARXIV_2405})\n",
                 bullet(ddim_by("Ann Smith"), tail="") + f"* {ddim_by('Ann Smith')} [[Paper]]({ARXIV_DDIM})\n",
                 4, None, "warning"),
    "I045": Case(listed, bullet(DDIM, tail="(2019)"),
                 bullet(DDIM, tail="(2020)"), 3, None, "warning"),
    # Importing a README that sync rendered (README: ddim at line 5, ddpm at 6, part-b's region at 9-11).
    "R003": Case(listed, readme(README.replace("surveybib ddim ", "surveybib ddimx ")), readme(), 5, None, "info"),
    "R004": Case(listed, readme(moved(DDIM_LINE, 11)), readme(), 10, None, "info"),
    "R005": Case(listed, readme(README.replace("implicit models *", "implicit models (DDIM) *")), readme(), 5, None, "info"),
    "R006": Case(listed, (README.replace("implicit models *", "implicit models (DDIM) *"),
                          TWO.replace("implicit models}", "implicit models (v2)}")),
                 (README.replace("implicit models *", "implicit models (DDIM) *"), TWO), 5, None, "warning"),
    "R007": Case(listed, readme(README.replace(DDIM_LINE, "")), readme(), None, "ddim", "warning"),
    "R010": Case(listed, readme(README.replace(DDIM_LINE + DDPM_LINE, DDPM_LINE + DDIM_LINE)), readme(),
                 None, None, "warning"),
    "R011": Case(listed, readme(README.replace(DDIM_LINE, DDIM_LINE * 2)), readme(), 6, None, "warning"),
    "R012": Case(listed, readme(README.replace("begin part-b", "begin part-x").replace(
                     "## Part B\n", "## Part B\n* A new paper [[Paper]](https://arxiv.org/abs/2301.00001)\n")),
                 readme(README.replace("## Part B\n", "## Part B\n* A new paper [[Paper]](https://arxiv.org/abs/2301.00001)\n")),
                 11, None, "warning"),
    "R013": Case(listed, readme(README.replace("Denoising diffusion implicit models *", "*")), readme(), 5, None, "warning"),
    "R014": Case(listed, readme(README.replace("surveybib ddim ", "surveybib dd%22im ")), readme(), 5, None, "warning"),
    "R015": Case(listed, readme(README.replace("## Part A", "## Part A renamed")), readme(), None, None, "warning"),
    "R016": Case(listed, readme(README + "\n* An outside paper [[Paper]](https://arxiv.org/abs/2301.00002)"
                                " <!-- surveybib zz 12345678 -->\n"), readme(), 13, "zz", "warning"),
    # The sync plan of a project (bib/survey.bib, bib/README.md; latex/ and site/ when set).
    "R001": Case(synced, project(TWO, TEMPLATE.replace("part-b", "part-x")),
                 project(TWO, TEMPLATE), 6, None, "warning"),
    "R002": Case(synced, project(TWO, TEMPLATE.split("\n<!-- surveybib:begin part-b")[0]),
                 project(TWO, TEMPLATE), 9, None, "warning"),  # the line where the added region begins
    "R008": Case(synced, project(TWO.replace("https://arxiv.org/abs/2006.11239", "ftp://example.org/ddpm")),
                 project(TWO.replace("https://arxiv.org/abs/2006.11239", "https://example.org/ddpm")), 16, "ddpm", "warning"),
    "R020": Case(synced, project(TWO, README.replace("## Part A\n", "## Part A\nOur own notes.\n")),
                 project(TWO, README.replace("# List\n", "# List\nOur own notes.\n")), 5, None, "error"),
    "L001": Case(synced, project(TWO.replace("{ddpm,", "{ddpm#2,"), **{"latex/main.tex": ""}),
                 project(TWO, **{"latex/main.tex": ""}), 16, "ddpm#2", "warning"),
    "W001": Case(synced, {**project(TWO.replace("implicit models}", "implicit models+}"), TEMPLATE),
                          "pyproject.toml": PROJECT["pyproject.toml"] + 'site = "site"\n'},
                 {**project(TWO, TEMPLATE), "pyproject.toml": PROJECT["pyproject.toml"] + 'site = "site"\n'},
                 6, "ddim", "info"),
    "O001": Case(out_of_sync, (project(TWO, README.replace("implicit models", "implicit Models")), False),
                 (project(TWO, README.replace("implicit models", "implicit Models")), True), 1, None, "error"),
    # outdated: old preprints offline; online, published versions, renamed papers, dead and moved links.
    "S001": Case(stale_offline, entry(kind="misc", **PREPRINT), entry(kind="misc", **{**PREPRINT, "eprint": "2412.00001"}),
                 1, "ddim", None),
    "S002": Case(stale_online, (ONLINE_BIB, {}), (ONLINE_BIB.replace("DeepCache: Accelerating", "DeepCache: Slowing"), {}),
                 1, "deepcache", None),
    "S003": Case(stale_online, (ONLINE_BIB, {}), (ONLINE_BIB.replace(
        "{Truncated diffusion probabilistic models}",
        "{Truncated Diffusion Probabilistic Models and Diffusion-based Adversarial Auto-Encoders}"), {}),
        11, "truncated", None),
    "S004": Case(stale_online, (ONLINE_BIB, {CODE_PAGE: (404, {})}), (ONLINE_BIB, {}), 1, "deepcache", None),
    "S005": Case(stale_online, (ONLINE_BIB, {MOVED: (301, {"Location": "https://new.example.org/truncated"})}),
                 (ONLINE_BIB, {MOVED: (301, {"Location": MOVED + "/"})}), 11, "truncated", None),
}

# Codes written in more than one place: the other places, each with its own case.
MORE_SITES: dict[str, Case] = {
    "I007 no usable title": Case(listed, "## Part\n\n* [[Paper]](https://example.org/a) 2014\n",
                                 "## Part\n\n* [[Paper]](https://example.org/a) Diffwave\n", 3, None, "error"),
    "I035 a venue tag's year": Case(listed, bullet(DDIM + " [ICLR 2021v2]", tail=""), bullet(DDIM + " [ICLR 2021]", tail=""),
                                    3, None, "warning"),
    "R004 copied": Case(listed, readme(README.replace("## Part B\n", "## Part B\n" + DDIM_LINE)), readme(), 11, None, "info"),
    "R012 a marked line": Case(listed, readme(README.replace(DDIM_LINE, "") + "\n<!-- surveybib:begin part-x -->\n## Part X\n"
                                              + DDIM_LINE + "<!-- surveybib:end -->\n"),
                               readme(moved(DDIM_LINE, 11)), 14, None, "warning"),
    "X001 an arXiv link": Case(checked, entry(url="https://arxiv.org/abs/2010.025"), entry(url=ARXIV_DDIM),
                               1, "ddim", "error"),
    "D001 an arXiv id": Case(checked, entry(eprint="2010.02502") + entry("ddim2", title=DDIM + ".", eprint="2010.02502"),
                             entry(eprint="2010.02502") + entry("ddim2", title=DDIM + ".", eprint="2010.02503"),
                             8, "ddim2", "error"),
    "D001 a URL": Case(checked, entry(url=ARXIV_DDIM) + entry("ddim2", title=DDIM + ".", url=ARXIV_DDIM),
                       entry(url=ARXIV_DDIM) + entry("ddim2", title=DDIM + ".", url=ARXIV_2405), 8, "ddim2", "error"),
}


def catalogue_codes() -> set[str]:
    """The codes that must each have a case: every code of the catalogue."""
    from surveybib.catalogue import codes

    return set(codes())


def test_every_code_has_a_firing_case():
    assert sorted(CASES) == sorted(catalogue_codes())


def test_the_source_emits_only_catalogued_codes():
    """A code written in the source but missing from the catalogue fails here."""
    assert len(ALL_CODES) > 80  # the scan finds the codes at all
    assert ALL_CODES <= catalogue_codes()


@pytest.mark.parametrize("site", sorted(CASES) + sorted(MORE_SITES))
def test_code_fires(site, tmp_path):
    case, code = CASES.get(site) or MORE_SITES[site], site[:4]
    hits = [h for h in case.run(tmp_path / "fires", case.fires) if h.code == code]
    assert Hit(code, case.line, case.key, case.severity) in hits, hits
    if case.clean is not None:
        assert [h for h in case.run(tmp_path / "clean", case.clean) if h.code == code] == []


@pytest.mark.parametrize("code", [c for c, case in sorted(CASES.items()) if case.run is read_bib and case.severity == "error"])
def test_bib_errors_stop_parse_bib_at_their_line(code):
    """parse_bib, load_bib and every command refuse a bib with a reader error (exit 2), at
    the line the finding names; the message starts with the code."""
    case = CASES[code]
    with pytest.raises(InputError) as raised:
        parse_bib(case.fires, file="survey.bib")
    assert (raised.value.file, raised.value.line) == ("survey.bib", case.line)
    assert raised.value.message.startswith(code + " ")
    parse_bib(case.clean, file="survey.bib")


def test_the_scan_reads_code_literals_and_nothing_else():
    text = ('Finding("D001", m)\nraise InputError(f"R020 {first.message}")\n_note(e, \'K001\', m)\n'
            '# noqa: B023\n"""``S001`` a preprint"""\nx = "AB123"\ny = "D0012"\nz = f"{V007}"\n')
    assert _CODE_LITERAL.findall(text) == ["D001", "R020", "K001"]
