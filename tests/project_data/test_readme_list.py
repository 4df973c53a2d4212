"""Project data: the survey's list (bib/README.md) is in sync with bib/survey.bib and reads
back as it, so that a contributor's pull request to the list merges back into the bib.

The rendering and reading are tested on the fixture project in tests/test_readme_sync.py.
"""

from surveybib import load_bib

from ..conftest import ROOT, run_cli
from ..test_readme_sync import (
    assert_authors_round_trip_up_to_three_then_others,
    assert_readme_parses_as_intended,
    assert_round_trip,
)

BIB = ROOT / "bib" / "survey.bib"
LIST = ROOT / "bib" / "README.md"


def test_sync_check_passes_on_the_project_itself():
    result = run_cli("sync", "--check", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_round_trip_on_the_full_survey():
    survey, _ = load_bib(BIB)
    assert len(survey.entries) == 245
    assert_round_trip(survey, LIST.read_text("utf-8"))


def test_authors_of_the_survey_round_trip_up_to_three_then_others():
    survey, _ = load_bib(BIB)
    assert_authors_round_trip_up_to_three_then_others(survey, LIST.read_text("utf-8"))


def test_the_survey_readme_parses_as_intended():
    survey, _ = load_bib(BIB)
    assert_readme_parses_as_intended(survey, LIST.read_text("utf-8"))
