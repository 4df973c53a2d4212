"""Project data: bib/survey.bib is clean, canonical, and every fact in it names its source."""

from datetime import date

from surveybib import api

from ..conftest import ROOT

BIB = ROOT / "bib" / "survey.bib"


def test_the_corrected_survey_bib_is_clean():
    survey, _ = api.load_bib(BIB)
    found = api.check(survey, today=date(2026, 12, 3))  # the day its preprints were checked
    assert [f for f in found if f.code != "P001"] == []
    # P001 (info) only for arXiv-only entries that bib/sources/published.bib did not settle
    stale = [f.key for f in found]
    assert not [key for key in stale if survey.entry(key).fields.get("preprintchecked")]
    assert len(stale) == 24  # the arXiv-only entries that neither batch of published.bib settled
