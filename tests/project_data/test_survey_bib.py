"""Project data: bib/survey.bib is clean, canonical, and every fact in it names its source."""

import re
from datetime import date

from surveybib import Survey, api, import_list, load_bib
from surveybib.venues import default_registry

from ..conftest import ROOT, SEED, run_cli

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


SOURCES = ROOT / "bib" / "sources"
PUBLISHED = ("--fields", "author,doi,eprint,venue,title")  # as the README says it was applied
# Which enrich notes can explain a field that differs from the list.
EXPLAINED_BY = {"title": {"title"}, "author": {"author"}, "doi": {"doi", "venue"}, "eprint": {"eprint"},
                "archiveprefix": {"eprint"}, "booktitle": {"venue"}, "journal": {"venue"},
                "year": {"venue", "year"}, "preprintchecked": {"preprintchecked"}, "type": {"venue"}}


def _enriched_from(entry):
    """(field, file, key) of each note in an entry's enrichedfrom field."""
    return re.findall(r"(\w+) from ([\w.-]+\.bib)#(\S+) \(", entry.fields.get("enrichedfrom", ""))


def test_committed_bib_is_the_seed_import_with_documented_corrections(tmp_path):
    """bib/survey.bib is what `surveybib import` makes of the seed, enriched from
    bib/sources/seed-metadata.bib (authors) and bib/sources/published.bib (titles as
    published, published versions); every entry a person changed afterwards says what and
    why in its `corrected` field, and every key that went away (a merged duplicate) is
    retired to the key that took its place."""
    bib = tmp_path / "survey.bib"
    result = run_cli("import", SEED, "--bib", bib, cwd=ROOT)  # with the project's config
    assert result.returncode == 1  # the seed has error-level findings (an invalid arXiv id)
    assert "259 items: 246 new, 13 merged, 0 malformed; 5 notes" in result.stderr
    listed, _ = load_bib(bib)
    enriched = run_cli("enrich", "--bib", bib, "--from", SOURCES / "seed-metadata.bib", cwd=ROOT)
    assert enriched.returncode == 0, enriched.stderr
    published = run_cli("enrich", "--bib", bib, "--from", SOURCES / "published.bib", *PUBLISHED, cwd=ROOT)
    assert published.returncode == 0, published.stderr
    committed, _ = load_bib(ROOT / "bib" / "survey.bib")
    fresh, _ = load_bib(bib)
    gone = [e.key for e in fresh.entries if committed.entry(e.key) is None]
    assert gone == ["truncated2022diffusion"]
    assert {key: committed.retired[key] for key in gone} == {"truncated2022diffusion": "truncated2023diffusion"}
    assert [e.key for e in committed.entries] == [e.key for e in fresh.entries if e.key not in gone]
    for section in committed.sections:  # positions renumber when an entry goes; the order stays
        assert [e.key for e in committed.in_section(section.slug)] == [
            e.key for e in fresh.in_section(section.slug) if e.key not in gone]

    def content(entry):
        return entry.type, entry.fields, entry.links, sorted(entry.sections)

    changed = [e.key for e in committed.entries if content(e) != content(fresh.entry(e.key))]
    undocumented = [key for key in changed if not committed.entry(key).fields.get("corrected")]
    assert undocumented == []
    assert len(changed) == 20  # 9 ICLR years, 8 wrong links or venues, 1 merged duplicate, 2 published facts
    # a correction names where its fact came from
    for key in changed:
        assert re.search(r"https?://|github:|surveybib merge", committed.entry(key).fields["corrected"]), key


def test_every_fact_that_differs_from_the_list_names_its_source():
    """Each title, author list, venue, year, DOI or arXiv id of survey.bib that is not what the
    list said was either filled by enrich from a record of bib/sources/ that names its
    source, or corrected by hand with a note that names it."""
    from surveybib.readers.records import read_records

    listed, _ = import_list(Survey(), SEED.read_text("utf-8"), file=SEED.name)
    committed, _ = load_bib(ROOT / "bib" / "survey.bib")
    records = {}
    for path in SOURCES.glob("*.bib"):
        for record in read_records(path.read_text("utf-8"), file=path.name):
            records[record.source] = record
    unexplained, counted = [], 0
    for entry in committed.entries:
        before = listed.entry(entry.key)
        notes = _enriched_from(entry)
        for name, explained_by in EXPLAINED_BY.items():
            now = entry.type if name == "type" else entry.fields.get(name)
            then = before.type if name == "type" else before.fields.get(name)
            if now == then or now is None:
                continue
            counted += 1
            named = [(f, k) for field, f, k in notes if field in explained_by]
            if named:
                for file, key in named:
                    assert records[f"{file}#{key}"].fields.get("source"), f"{file}#{key} names no source"
            elif not re.search(r"https?://|github:|surveybib merge", entry.fields.get("corrected", "")):
                unexplained.append(f"{entry.key}.{name}: {then!r} -> {now!r}")
    assert unexplained == []
    assert counted > 300  # authors of almost every paper, and the titles and venues as published
