"""Regression tests for the structure bugs of issue 16 that are not tested elsewhere:
each reproduces a bug as the review found it and asserts the fixed behaviour."""

from __future__ import annotations

import json

from click.testing import CliRunner

from surveybib.cli import main
from tests.test_codes_fire import SECTIONS, entry

YEAR = "@misc{x, title = {T}, author = {A, B}, year = {20x4}}\n"


def _run(tmp_path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, list(args))


def test_normalize_reports_a_year_that_is_no_year_as_an_error_as_check_does(tmp_path, monkeypatch):
    (tmp_path / "x.bib").write_text(YEAR)
    normalized = _run(tmp_path, monkeypatch, "normalize", "x.bib", "--check", "--format", "json")
    checked = _run(tmp_path, monkeypatch, "check", "x.bib", "--format", "json")
    assert normalized.exit_code == checked.exit_code == 1
    severities = {f["severity"] for f in json.loads(normalized.stdout) if f["code"] == "V007"}
    assert severities == {"error"}


def test_stats_counts_a_project_venue_by_its_short_name(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.surveybib]\nbib = "x.bib"\n[[tool.surveybib.venues.venue]]\n'
        'short = "GenAI"\nname = "Generative AI Symposium"\nkind = "conference"\n')
    (tmp_path / "x.bib").write_text(entry(booktitle="Generative AI Symposium"))
    result = _run(tmp_path, monkeypatch, "stats", "x.bib", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["venues"] == {"GenAI": 1}


def test_an_unusable_bib_names_its_code(tmp_path, monkeypatch):
    (tmp_path / "x.bib").write_text(entry() + entry())
    result = _run(tmp_path, monkeypatch, "check", "x.bib")
    assert result.exit_code == 2
    assert "x.bib:7: B002 duplicate key 'ddim'" in result.output


def test_check_reports_a_position_it_drops(tmp_path, monkeypatch):
    """B005 was returned by the reader and thrown away by every command."""
    (tmp_path / "x.bib").write_text(SECTIONS + entry(keywords="part-a", positions="part-a=1, part-b=1"))
    result = _run(tmp_path, monkeypatch, "check", "x.bib", "--select", "B005", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [(f["code"], f["key"]) for f in json.loads(result.stdout)] == [("B005", "ddim")]
    clean = SECTIONS + entry(keywords="part-a", positions="part-a=1")
    (tmp_path / "x.bib").write_text(clean)
    assert json.loads(_run(tmp_path, monkeypatch, "check", "x.bib", "--select", "B", "--format", "json").stdout) == []


def test_a_list_line_names_a_project_venue_in_its_title_suffix(tmp_path, monkeypatch):
    """The list reader's `Title, VENUE YY` used the built-in registry when none was passed:
    a venue of the project's own registry was not read."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.surveybib]\nbib = "x.bib"\n[[tool.surveybib.venues.venue]]\n'
        'short = "GenAI"\nname = "Generative AI Symposium"\nkind = "conference"\n')
    (tmp_path / "list.md").write_text("# List\n\n## Methods\n\n"
                                      "* Fast Sampling of Diffusion Models, GenAI 2024 [[Paper]](https://example.org/fast)\n")
    result = _run(tmp_path, monkeypatch, "import", "list.md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "x.bib").read_text()
    assert "booktitle = {Generative AI Symposium}" in text and "year = {2024}" in text


def test_one_table_of_badge_colours():
    """The writer drew badges from one colour table and the reader checked them against another."""
    from pathlib import Path

    source = Path(__file__).parent.parent / "src" / "surveybib"
    tables = sorted(str(p.relative_to(source)) for p in source.rglob("*.py")
                    if '"preprint": "red"' in p.read_text("utf-8"))
    assert tables == ["venues/badges.py"]


def test_importing_a_list_twice_changes_nothing_when_copies_cross_their_ids():
    """Found by the property test: a copy merged by its title and venue despite another arXiv
    id did not lend that id to its entry, so a later copy with it became a new entry, and a
    second import (which found the id on that entry) moved the first copy there."""
    from surveybib import Survey, import_list, write_bibtex

    badge = "![](https://img.shields.io/badge/{}-blue)"
    text = ("# List\n\n## Part 0\n"
            "* 00A [[Paper]](https://arxiv.org/abs/2301.00002) ![](https://img.shields.io/badge/arXiv-2023.05-red)\n"
            f"* 00A [[Paper]](https://example.org/p1) {badge.format('CVPR-2023')}\n## Part 1\n"
            f"* 00A [[Paper]](https://arxiv.org/abs/2301.00001) {badge.format('CVPR-2023')}\n"
            "* 00A [[Paper]](https://arxiv.org/abs/2301.00001) ![](https://img.shields.io/badge/arXiv-2023.05-red)\n")
    once, records = import_list(Survey(), text, file="l.md")
    twice, _ = import_list(once, text, file="l.md")
    assert write_bibtex(twice) == write_bibtex(once)
    assert [r.status for r in records if r.key] == ["new", "merged", "merged", "merged"]
