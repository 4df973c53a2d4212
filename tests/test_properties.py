"""Property-based round trips (hypothesis): nothing is lost, nothing changes twice."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveybib import Entry, Link, Section, Survey, import_list, parse_bib, write_bibtex
from surveybib.names import RESERVED
from surveybib.text.latex import escape_plain, unescape_plain
from surveybib.transforms.order import canonical_order

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

names = st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True).filter(
    lambda n: n not in {"url", "urllabel", "links", "keywords", "positions"}
)
keys = st.from_regex(r"[A-Za-z][A-Za-z0-9_:.-]{0,20}", fullmatch=True)
plain = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"),
    min_size=1, max_size=40,
).filter(lambda s: s.strip() == s)
# Any plain text, escaped as the import does it, is a valid (brace-balanced) field value.
values = plain.map(escape_plain)
urls = st.from_regex(r"https://[a-z]{1,10}\.org/[A-Za-z0-9_./%-]{0,20}", fullmatch=True)
labels = st.sampled_from(["Paper", "Code", "Project", "Online", "Project Page"])
slugs = st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True).filter(lambda s: s not in RESERVED),
                 min_size=0, max_size=3, unique=True)


@st.composite
def surveys(draw):
    section_slugs = draw(slugs)
    sections = [Section(slug, f"Heading {slug}", 2) for slug in section_slugs]
    entries = []
    for key in draw(st.lists(keys, max_size=6, unique_by=str.lower)):
        fields = draw(st.dictionaries(names, values, max_size=6))
        links = [Link(l, u) for l, u in draw(st.lists(st.tuples(labels, urls), max_size=3, unique_by=lambda t: t[1]))]
        member = draw(st.lists(st.sampled_from(section_slugs), unique=True)) if section_slugs else []
        entries.append(Entry(key, draw(st.sampled_from(["article", "misc", "inproceedings"])), fields, links,
                             {slug: draw(st.integers(1, 50)) for slug in member}))
    return Survey(sections, entries)


@SETTINGS
@given(surveys())
def test_write_then_read_loses_no_field(survey):
    text = write_bibtex(canonical_order(survey))
    again, findings = parse_bib(text)
    assert findings == []
    assert {e.key: e.fields for e in again.entries} == {e.key: e.fields for e in survey.entries}
    assert {e.key: e.links for e in again.entries} == {e.key: e.links for e in survey.entries}
    assert {e.key: set(e.sections) for e in again.entries} == {e.key: set(e.sections) for e in survey.entries}
    assert write_bibtex(canonical_order(again)) == text  # fmt is idempotent


@SETTINGS
@given(plain)
def test_escape_round_trips(text):
    assert unescape_plain(escape_plain(text)) == text


title_text = st.text(alphabet=string.ascii_letters + string.digits + " -:&%$#_{}~^\\é+'", min_size=3, max_size=50).filter(
    lambda t: t.strip() and any(c.isalpha() for c in t) and "--" not in t
)
badges = st.sampled_from(
    ["arXiv-2023.05-red", "CVPR-2023-blue", "NeulIPS-2024-blue", "Online-2024-green", "ICLR-2022-blue", "2018-blue"]
)


@st.composite
def lists(draw):
    lines = ["# Awesome list", ""]
    for part in range(draw(st.integers(1, 3))):
        lines.append(f"## Part {part}: Topic {part}")
        for _ in range(draw(st.integers(0, 5))):
            title = " ".join(draw(title_text).split())
            number = draw(st.integers(1, 9999))
            url = draw(st.sampled_from([f"https://arxiv.org/abs/2301.{number:05d}", f"https://example.org/p{number}"]))
            lines.append(f"* {title} [[Paper]]({url}) ![](https://img.shields.io/badge/{draw(badges)})")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(lists())
def test_import_is_idempotent_and_accounts_for_every_bullet(text):
    survey, records = import_list(Survey(), text, file="l.md")
    bullets = sum(line.startswith("* ") for line in text.splitlines())
    assert len([r for r in records if r.status != "note"]) == bullets
    once = write_bibtex(survey)
    again, records = import_list(parse_bib(once)[0], text, file="l.md")
    assert write_bibtex(again) == once
    assert all(r.status in ("merged", "malformed", "note") for r in records)
