"""Project data: the survey's LaTeX source (latex/) builds into its PDF, with every paper of
bib/survey.bib under its section, and its generated lists are in sync with the bib.

The LaTeX writer and the build are tested on the fixture project in tests/test_latex.py.
"""

import shutil

import pytest

from surveybib import load_bib

from ..conftest import ROOT, run_cli
from ..test_latex import assert_titles_under_their_sections, build, needs_tex

BUILD_FILES = ("*.aux", "*.log", "*.pdf", "*.bbl", "*.blg", "*.bcf", "*.fls", "*.fdb_latexmk", "*.run.xml", "*.out")


@needs_tex
@pytest.mark.parametrize("flavour", ["natbib", "biblatex"])
def test_the_survey_compiles_with_each_flavour(tmp_path, flavour):
    (tmp_path / "pyproject.toml").write_text(f'[tool.surveybib]\nlatex = "{flavour}"\n')
    shutil.copytree(ROOT / "bib", tmp_path / "bib")
    shutil.copytree(ROOT / "latex", tmp_path / "latex", ignore=shutil.ignore_patterns(*BUILD_FILES))
    result = run_cli("latex", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    log, text = build(tmp_path)
    survey, _ = load_bib(tmp_path / "bib" / "survey.bib")
    assert len(survey.entries) == 245
    assert_titles_under_their_sections(survey, text)
    if flavour == "biblatex":
        assert "References: Part 3: Mainstream Network Architectures" in " ".join(text.split())


def test_the_surveys_generated_lists_are_in_sync():
    result = run_cli("latex", "--check", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
