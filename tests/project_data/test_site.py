"""Project data, not the tool: the survey's own page (site/index.html) read as Zotero reads it.

The tool's behaviour is tested on small fixtures in tests/test_site.py; this check runs the same
Zotero-like COinS decoder over every span of the committed page of bib/survey.bib.
"""

from surveybib import api
from surveybib.text.latex import plain_text
from surveybib.text.people import people
from surveybib.transforms.order import canonical_order
from surveybib.writers.exports import kind

from ..conftest import ROOT
from ..test_site import ZOTERO_TYPES
from ..zotero_coins import item, spans


def test_project_data_every_coins_span_of_the_survey_page_round_trips():
    survey, _ = api.load_bib(ROOT / "bib" / "survey.bib")
    entries = canonical_order(survey).entries
    titles = spans((ROOT / "site" / "index.html").read_text("utf-8"))
    assert len(titles) == len(entries) == 245
    lost = []
    for entry, kev in zip(entries, titles, strict=True):
        found = item(kev)  # raises on any value the Connector could not decode
        title = plain_text(entry.fields["title"])
        if "+" in title:
            lost.append(entry.key)
        assert found.title == title.replace("+", " "), entry.key
        assert found.type == ZOTERO_TYPES[kind(entry)], entry.key
        names = sorted(people(entry.fields.get("author", "")), key=lambda n: n.literal)
        assert found.creators == [(n.family, n.given) for n in names], entry.key
        assert found.date == entry.fields["year"], entry.key
        assert found.doi == entry.fields.get("doi", ""), entry.key
        assert found.tags == [s.slug for s in survey.sections if s.slug in entry.sections], entry.key
    assert lost == ["controlnetpp2024improving", "dpmsolverpp2022fast"]  # reported by the build as W001


def test_project_data_the_survey_page_keeps_its_budget():
    page = ROOT / "site" / "index.html"
    assert page.stat().st_size <= 500_000  # the budget for this survey's page
    names = sorted(p.name for p in (ROOT / "site" / "downloads").iterdir())
    assert len(names) == 3 * 8  # BibTeX, RIS, CSL-JSON: all and seven sections
    for name in names:
        exported = ROOT / "bib" / "exports" / name
        assert (ROOT / "site" / "downloads" / name).read_bytes() == exported.read_bytes(), name
