"""Real paper lists the reader was not built from (tests/data/corpus, see its SOURCES.md).

Per list: recall of papers with their own record and the right title (against an
independent count, tests/corpus_counts.py), precision, the hand-checked sample fields
(samples.toml), every line of a list section in exactly one record, and a stable round
trip (the bib imported twice is the same; the list rendered from it reads back to it).
"""

import tomllib

import pytest

from surveybib import Survey, api, import_list, write_bibtex
from surveybib.readers.markdown import read_markdown
from surveybib.text.latex import plain_text
from surveybib.text.titles import title_key
from surveybib.venues import default_registry

from .corpus_counts import CORPUS, COUNTERS, expected_papers

DEVELOPED = [
    "mingsun-efficient-dl.md", "aiot-efficient-llms.md", "htqin-quantization.md", "hey-pruning.md",
    "flhonker-kd.md", "diffusion-models.md", "zhendong-quantization.md", "tebmer-kd-llms.md",
    "horseee-efficient-llm.md",
]
HELD_OUT = [name for name in COUNTERS if name not in DEVELOPED]
LISTS = DEVELOPED + HELD_OUT
SAMPLES = tomllib.loads((CORPUS / "samples.toml").read_text("utf-8"))["sample"]


def test_corpus_has_every_list_it_counts():
    assert sorted(p.name for p in CORPUS.glob("*.md") if p.name != "SOURCES.md") == sorted(COUNTERS)
    assert len(COUNTERS) >= 12
    sources = (CORPUS / "SOURCES.md").read_text("utf-8")
    assert all(f"| {name}" in sources for name in COUNTERS)


@pytest.fixture(scope="module", params=LISTS)
def imported(request):
    name = request.param
    text = (CORPUS / name).read_text("utf-8")
    survey, records = import_list(Survey(), text, file=name)
    return name, text, survey, records


def _papers(records):
    return {r.line: r for r in records if r.kind == "paper" and r.status != "note"}


def test_recall_and_precision_of_titles(imported):
    name, _, _, records = imported
    expected = dict(expected_papers(name))
    found = _papers(records)
    right = [line for line, title in expected.items()
             if line in found and title_key(found[line].title) == title_key(title)]
    recall = len(right) / len(expected)
    precision = len(right) / len(found)
    wrong = sorted(set(expected) - set(right))[:5]
    extra = sorted(set(found) - set(expected))[:5]
    assert recall >= 0.99, (recall, wrong)
    assert precision >= 0.98, (precision, extra)
    assert all(found[line].key for line in right if found[line].status != "malformed")


def _venue_short(entry):
    name = entry.fields.get("booktitle") or entry.fields.get("journal")
    if name:
        venue = default_registry().by_name(name)
        return venue.short if venue else name
    return "arXiv" if entry.fields.get("eprint") and entry.type == "misc" else ""


def test_sampled_fields(imported):
    name, _, survey, records = imported
    samples = [s for s in SAMPLES if s["list"] == name]
    assert len(samples) >= 4
    checked = right = 0
    wrong = []
    for sample in samples:
        record = _papers(records).get(sample["line"])
        entry = survey.entry(record.key) if record and record.key else None
        fields = {
            "title": title_key(plain_text(entry.fields["title"])) if entry else None,
            "year": entry.fields.get("year", "") if entry else None,
            "venue": _venue_short(entry) if entry else None,
        }
        want = {"title": title_key(sample["title"])}
        if sample["year"]:  # "" when the line gives no year to check
            want["year"] = sample["year"]
        if sample["venue"]:
            want["venue"] = sample["venue"]
        if "authors" in sample:
            want["authors"] = sample["authors"]
            fields["authors"] = _authors(entry) if entry else None
        for field, value in want.items():
            checked += 1
            if fields[field] == value:
                right += 1
            else:
                wrong.append((sample["line"], field, fields[field], value))
    assert right / checked >= 0.95, wrong


def _authors(entry):
    from surveybib.text.people import people

    return [f"{p.given} {p.family}".strip() for p in people(entry.fields.get("author", ""))]


def test_every_line_of_a_list_section_is_in_one_record(imported):
    name, text, _, records = imported
    parsed = read_markdown(text, file=name)
    covered = {}
    for record in records:
        if record.status == "note" or record.status == "removed":
            continue
        for line in range(record.line, (record.end or record.line) + 1):
            assert line not in covered, (line, covered.get(line), record)
            covered[line] = record
    lines = text.splitlines()
    sections = {s.slug for s in parsed.sections}
    starts = [(item.source.line, item.section) for item in parsed.items]
    assert sections and starts
    # every non-blank line between a section's first paper and the next heading is covered
    for line, _ in starts:
        number = line
        while number <= len(lines) and not lines[number - 1].startswith("#"):
            if lines[number - 1].strip() and not lines[number - 1].startswith("<!--"):
                assert number in covered, (number, lines[number - 1][:80])
            number += 1


def test_round_trip_is_stable(imported):
    name, text, survey, _ = imported
    once = write_bibtex(survey)
    again, records = import_list(survey, text, file=name)
    assert write_bibtex(again) == once
    rendered, _ = api.render_list(survey)
    back, back_records = import_list(Survey(), rendered, file="README.md")
    assert [e.key for e in back.entries] == [e.key for e in survey.entries]
    assert {e.key: plain_text(e.fields["title"]) for e in back.entries} == {
        e.key: plain_text(e.fields["title"]) for e in survey.entries}
