"""Project data: bib/survey.bib is clean, canonical, and every fact in it names its source."""

import re
from datetime import date

from surveybib import api
from surveybib.venues import default_registry

from ..conftest import ROOT, run_cli

BIB = ROOT / "bib" / "survey.bib"


def test_the_corrected_survey_bib_is_clean():
    survey, _ = api.load_bib(BIB)
    found = api.check(survey, today=date(2026, 12, 3))  # the day its preprints were checked
    assert [f for f in found if f.code != "P001"] == []
    # P001 (info) only for arXiv-only entries that bib/sources/published.bib did not settle
    stale = [f.key for f in found]
    assert not [key for key in stale if survey.entry(key).fields.get("preprintchecked")]
    assert len(stale) == 24  # the arXiv-only entries that neither batch of published.bib settled


def test_the_survey_bib_is_formatted():
    assert run_cli("fmt", "--check", BIB, cwd=ROOT).returncode == 0


def test_the_survey_bib_is_normalized():
    assert run_cli("normalize", "--check", BIB, cwd=ROOT).returncode == 0


def test_no_misspelled_or_non_canonical_venue_remains_in_the_survey_bib():
    survey, _ = api.load_bib(BIB)
    names = {v.name for v in default_registry().venues}
    for entry in survey.entries:
        for field in ("booktitle", "journal"):
            if field in entry.fields:
                assert entry.fields[field] in names, (entry.key, entry.fields[field])


def test_every_author_in_the_survey_is_traceable_to_a_source():
    """survey.bib's authors came from bib/sources/seed-metadata.bib, whose entries name their sources."""
    survey, _ = api.load_bib(BIB)
    metadata, _ = api.load_bib(ROOT / "bib" / "sources" / "seed-metadata.bib")
    sources = {e.key: e.fields.get("source", "") for e in metadata.entries}
    authored = [e for e in survey.entries if e.fields.get("author")]
    assert authored
    for entry in authored:
        found = re.search(r"author from seed-metadata\.bib#(\S+) \((arXiv id|DOI|title), (\d\.\d\d)\)",
                          entry.fields.get("enrichedfrom", ""))
        assert found, entry.key
        assert sources[found.group(1)].strip(), found.group(1)
