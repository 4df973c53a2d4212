"""Project data: the survey's exports in bib/exports/, as its readers download them, read
back by independent readers (pandoc, citeproc-py, rispy, biber) against bib/survey.bib.

The exporters themselves are tested on the fixture project in tests/test_exports.py; this
runs the same readers over the 245 papers the project publishes.
"""

import json
import os
import shutil

import pytest

from surveybib import load_bib

from ..conftest import ROOT
from ..test_exports import (
    assert_biber_validates,
    assert_citeproc_renders_every_item_in_apa,
    assert_pandoc_reads_every_entry_back,
)

EXPORTS = ROOT / "bib" / "exports"
FILES = {"bibtex": "all.bib", "biblatex": "all.biblatex.bib", "csljson": "all.json", "ris": "all.ris"}


@pytest.fixture(scope="module")
def survey():
    return load_bib(ROOT / "bib" / "survey.bib")[0]


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_pandoc_reads_every_entry_of_the_projects_exports_back(survey, fmt):
    assert_pandoc_reads_every_entry_back(survey, (EXPORTS / FILES[fmt]).read_text("utf-8"), fmt)


def test_citeproc_renders_every_paper_of_the_survey_in_apa(survey):
    items = json.loads((EXPORTS / "all.json").read_text("utf-8"))
    assert len(items) == len(survey.entries) == 245  # the seed's 246 papers, one duplicate merged
    assert_citeproc_renders_every_item_in_apa(items)


def test_rispy_reads_every_record_of_the_survey(survey):
    import rispy

    records = rispy.loads((EXPORTS / "all.ris").read_text("utf-8"))
    assert [r["id"] for r in records] == [e.key for e in survey.entries]


@pytest.mark.tex
@pytest.mark.skipif(shutil.which("biber") is None and os.environ.get("CI") != "true",
                    reason="biber is not installed (it comes with the TeX tools, see .ci/run); under CI=true this fails")
def test_biber_validates_the_surveys_biblatex_export(survey, tmp_path):
    path = tmp_path / "all.bib"
    shutil.copy(EXPORTS / "all.biblatex.bib", path)
    assert_biber_validates(survey, path)
