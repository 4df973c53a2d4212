"""README sync: render the list from the bib, merge contributors' edits back, stay safe."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from surveybib import (
    Entry,
    Link,
    Section,
    Survey,
    api,
    import_list,
    load_bib,
    write_bibtex,
)
from surveybib.text.capitals import bib_title
from surveybib.text.latex import escape_plain, plain_text
from surveybib.text.titles import title_key
from surveybib.writers.markdown import shields_escape

from .conftest import PROJECT, run_cli

BIB = """@comment{surveybib-sections
  2 methods Methods
  2 systems Systems
}

@inproceedings{ddim,
  title = {Denoising Diffusion Implicit Models},
  booktitle = {International Conference on Learning Representations},
  year = {2021},
  eprint = {2010.02502},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2010.02502},
  keywords = {methods, systems},
  positions = {methods=1, systems=2}
}

@misc{lcm,
  title = {Latent Consistency Models},
  year = {2023},
  eprint = {2310.04378},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2310.04378},
  links = {Code <https://github.com/luosiallen/latent-consistency-model>},
  keywords = {methods},
  positions = {methods=2}
}

@inproceedings{snap,
  title = {SnapFusion: Text-to-Image Diffusion Model on Mobile Devices within Two Seconds},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2023},
  url = {https://proceedings.neurips.cc/paper_files/paper/2023/hash/41bcc9d3bddd9c90e1f44b29e26d97ff-Abstract-Conference.html},
  keywords = {systems},
  positions = {systems=1}
}
"""

TEMPLATE = """# Our survey

Hand-written intro, kept *byte for byte*.\u00a0Even odd spaces.

<!-- surveybib:begin toc -->
<!-- surveybib:end -->

<!-- surveybib:begin methods -->
<!-- surveybib:end -->

Text between two sections.

<!-- surveybib:begin systems -->
<!-- surveybib:end -->

## Citation
```bib
@article{us, title={Us}}
```
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.surveybib]\nbib = "bib/survey.bib"\nlist = "bib/README.md"\n')
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "survey.bib").write_text(BIB)
    (tmp_path / "bib" / "README.md").write_text(TEMPLATE)
    assert run_cli("sync", cwd=tmp_path).returncode == 0
    return tmp_path


def readme(project):
    return (project / "bib" / "README.md").read_text("utf-8")


def bib(project):
    return load_bib(project / "bib" / "survey.bib")[0]


def outside_regions(text):
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("<!-- surveybib:begin"):
            inside = True
        elif line.startswith("<!-- surveybib:end"):
            inside = False
        elif not inside:
            out.append(line)
    return out


def test_sync_fills_regions_and_keeps_the_rest(project):
    text = readme(project)
    assert outside_regions(text) == outside_regions(TEMPLATE)
    assert "- [Methods](#methods) (2)\n- [Systems](#systems) (2)\n" in text
    methods = text.split("<!-- surveybib:begin methods -->\n")[1].split("<!-- surveybib:end -->")[0]
    lines = methods.splitlines()
    assert lines[0] == "## Methods"
    assert lines[1].startswith(
        "* Denoising Diffusion Implicit Models [[Paper]](https://arxiv.org/abs/2010.02502) "
        "![](https://img.shields.io/badge/ICLR-2021-blue) <!-- surveybib ddim "
    )
    assert lines[2].startswith(
        "* Latent Consistency Models [[Paper]](https://arxiv.org/abs/2310.04378) "
        "[[Code]](https://github.com/luosiallen/latent-consistency-model) "
        "![](https://img.shields.io/badge/arXiv-2023.10-red) <!-- surveybib lcm "
    )
    assert run_cli("sync", "--check", cwd=project).returncode == 0


def test_sync_check_fails_after_a_hand_edit_of_the_bib(survey_project):
    assert run_cli("sync", "--check", cwd=survey_project).returncode == 0
    path = survey_project / "bib" / "survey.bib"
    path.write_text(path.read_text("utf-8").replace("title = {Consistency Models}", "title = {Consistency Models, Revisited}"))
    before = readme(survey_project)
    result = run_cli("sync", "--check", "--diff", cwd=survey_project)
    assert result.returncode == 1
    assert "+* Consistency Models, Revisited *Yang Song, Prafulla Dhariwal, Mark Chen et al.* [[Paper]](https://openreview.net/forum?id=FmqFfMTNnv)" in result.stdout
    assert "-* Consistency Models *Yang Song, Prafulla Dhariwal, Mark Chen et al.* [[Paper]]" in result.stdout
    assert readme(survey_project) == before  # --check writes nothing


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("NeurIPS", "NeurIPS"), ("Self-Supervised", "Self--Supervised"), ("snake_case", "snake__case"),
     ("ACM MM", "ACM_MM"), ("NeurIPS Datasets and Benchmarks", "NeurIPS_Datasets_and_Benchmarks"),
     ("2024.07", "2024.07"), ("A&B", "A%26B")],
)
def test_badge_labels_follow_shields_escaping(text, escaped):
    assert shields_escape(text) == escaped


def test_order_modes(project):
    survey = bib(project)
    registry = api.default_registry()
    from surveybib.writers.markdown import ordered

    assert [e.key for e in ordered(survey, "systems", "curated", registry)] == ["snap", "ddim"]
    assert [e.key for e in ordered(survey, "systems", "newest", registry)] == ["snap", "ddim"]
    assert [e.key for e in ordered(survey, "methods", "newest", registry)] == ["lcm", "ddim"]
    assert [e.key for e in ordered(survey, "systems", "venue", registry)] == ["ddim", "snap"]  # ICLR < NeurIPS


# --- contributors' edits -------------------------------------------------------------


def merge(project, text, **options):
    return import_list(bib(project), text, file="README.md", **options)


def record(records, key):
    found = [r for r in records if r.key == key and r.status != "note"]
    assert found, key
    return found[0]


def test_unchanged_readme_changes_nothing(project):
    merged, records = merge(project, readme(project))
    assert {r.status for r in records if r.key} == {"unchanged"}
    assert write_bibtex(merged) == write_bibtex(api.canonical_order(bib(project)))


def test_added_bullet_becomes_an_entry_where_it_was_added(project):
    text = readme(project).replace(
        "* Latent Consistency Models",
        "* Consistency Models [[Paper]](https://arxiv.org/abs/2303.01469) "
        "![](https://img.shields.io/badge/ICML-2023-blue)\n* Latent Consistency Models",
    )
    merged, records = merge(project, text)
    new = [r for r in records if r.status == "new"]
    assert [r.key for r in new] == ["consistency2023models"]
    assert [e.key for e in merged.in_section("methods")] == ["ddim", "consistency2023models", "lcm"]
    entry = merged.entry("consistency2023models")
    assert (entry.type, entry.fields["booktitle"], entry.fields["year"]) == (
        "inproceedings", "International Conference on Machine Learning", "2023")


def test_edited_title_link_and_badge_are_applied(project):
    text = readme(project)
    line = next(l for l in text.splitlines() if "surveybib lcm " in l)
    edited = (line.replace("Latent Consistency Models", "Latent Consistency Models: Few-Step Inference")
                  .replace("https://github.com/luosiallen/latent-consistency-model", "https://github.com/x/lcm")
                  .replace("arXiv-2023.10-red", "ICLR-2024-blue"))
    merged, records = merge(project, text.replace(line, edited))
    lcm = merged.entry("lcm")
    assert record(records, "lcm").status == "applied"
    assert lcm.fields["title"] == "Latent Consistency Models: Few-Step Inference"
    assert lcm.links[1].url == "https://github.com/x/lcm"
    assert (lcm.type, lcm.fields["booktitle"], lcm.fields["year"]) == (
        "inproceedings", "International Conference on Learning Representations", "2024")
    assert lcm.fields["eprint"] == "2310.04378"


def test_a_removed_bullet_is_reported_and_deleted_only_on_request(project):
    text = "\n".join(l for l in readme(project).splitlines() if "surveybib lcm " not in l) + "\n"
    merged, records = merge(project, text)
    assert record(records, "lcm").status == "removed"
    assert merged.entry("lcm").sections == {"methods": 2}
    merged, records = merge(project, text, delete=True)
    assert record(records, "lcm").status == "deleted"
    assert merged.entry("lcm") is None


def test_removing_one_of_two_sections_keeps_the_entry(project):
    lines = readme(project).splitlines()
    systems_ddim = [i for i, l in enumerate(lines) if "surveybib ddim " in l][1]
    text = "\n".join(l for i, l in enumerate(lines) if i != systems_ddim) + "\n"
    merged, records = merge(project, text, delete=True)
    assert list(merged.entry("ddim").sections) == ["methods"]


def test_readme_and_bib_edit_of_the_same_entry_is_a_conflict(project):
    text = readme(project).replace("* Latent Consistency Models", "* Latent Consistency Models (README)")
    path = project / "bib" / "survey.bib"
    path.write_text(path.read_text().replace("title = {Latent Consistency Models}", "title = {Latent Consistency Models (bib)}"))
    (project / "edited.md").write_text(text)
    merged, records = merge(project, text)
    conflict = record(records, "lcm")
    assert conflict.status == "conflict"
    assert "README 'Latent Consistency Models (README)', bib 'Latent Consistency Models (bib)'" in conflict.findings[0].message
    assert merged.entry("lcm").fields["title"] == "Latent Consistency Models (bib)"
    result = run_cli("import", "edited.md", cwd=project)
    assert result.returncode == 1
    assert "conflict lcm" in result.stdout
    assert "title = {Latent Consistency Models (bib)}" in path.read_text()


def test_a_bib_edit_alone_wins_and_sync_carries_it_to_the_readme(project):
    path = project / "bib" / "survey.bib"
    path.write_text(path.read_text().replace("title = {Latent Consistency Models}", "title = {LCM}"))
    stale = readme(project)
    merged, records = merge(project, stale)
    assert record(records, "lcm").status == "unchanged"
    assert merged.entry("lcm").fields["title"] == "LCM"
    assert run_cli("sync", "--check", cwd=project).returncode == 1


def test_a_moved_line_moves_the_entry(project):
    text = readme(project)
    line = next(l for l in text.splitlines() if "surveybib lcm " in l)
    text = text.replace(line + "\n", "").replace("## Systems\n", "## Systems\n" + line + "\n")
    merged, records = merge(project, text)
    assert record(records, "lcm").status == "applied"
    assert list(merged.entry("lcm").sections) == ["systems"]
    assert [e.key for e in merged.in_section("systems")][0] == "lcm"


def test_a_reordered_readme_is_reported_and_the_bib_order_kept(project):
    lines = readme(project).splitlines()
    a = next(i for i, l in enumerate(lines) if "surveybib ddim " in l)
    b = next(i for i, l in enumerate(lines) if "surveybib lcm " in l)
    lines[a], lines[b] = lines[b], lines[a]
    merged, records = merge(project, "\n".join(lines) + "\n")
    assert [e.key for e in merged.in_section("methods")] == ["ddim", "lcm"]
    assert "R010" in [f.code for r in records for f in r.findings]


# --- round trips ---------------------------------------------------------------------


def comparable(survey):
    """What the list carries: key, type, title, year, venue, identifiers in links, sections, order.

    Not carried: authors beyond the third (the list shows three and "et al."), identifiers that
    enrichment added without a link, and the bib's bookkeeping (evidence, enrichedfrom, corrected,
    venueoverride: the list shows the venue it settles on). Titles are compared as the text the
    list shows (a title as published keeps its LaTeX in the bib: ``{PixArt-$\\alpha$}``).
    """
    def kept(entry):
        enriched = set(re.findall(r"(?:^|; )(\w+) from ", entry.fields.get("enrichedfrom", "")))
        if any(link.url.endswith(f"arxiv.org/abs/{entry.fields.get('eprint')}") for link in entry.links):
            enriched.discard("eprint")  # a link carries it (a corrected entry now links its arXiv page)
        enriched -= {"title", "year"}  # the list carries both (a title as text: compared as text below)
        fields = {k: v for k, v in entry.fields.items()
                  if k not in {"evidence", "enrichedfrom", "corrected", "venueoverride", "author", "archiveprefix", *enriched}}
        fields["title"] = plain_text(fields.get("title", ""))
        return fields

    return {e.key: (e.type, kept(e), e.links, e.sections) for e in survey.entries}


def assert_authors_round_trip_up_to_three_then_others(survey, template):
    text, _ = api.render_list(survey, template)
    again, _ = import_list(Survey(), text, file="README.md")
    from surveybib.text.people import people

    counts = set()
    for entry in survey.entries:
        names = people(entry.fields.get("author", ""))
        read = again.entry(entry.key).fields.get("author", "")
        if any(n.literal for n in names):
            continue  # an organization ({Kolors Team}) reads back as a person: the list cannot tell
        counts.add(min(len(names), 4))
        if len(names) <= 3:
            assert read == entry.fields.get("author", ""), entry.key
        else:
            assert read.endswith(" and others") and read.startswith(entry.fields["author"].split(" and ")[0])
    return counts


def test_authors_round_trip_up_to_three_then_others():
    survey, _ = load_bib(PROJECT / "bib" / "survey.bib")
    counts = assert_authors_round_trip_up_to_three_then_others(survey, readme(PROJECT))
    assert counts == {3, 4}  # both cases are in the fixture: three authors, and more than three


def assert_round_trip(survey, template):
    """The list rendered from ``survey`` reads back as ``survey``, in its order."""
    text, _ = api.render_list(survey, template)
    again, records = import_list(Survey(), text, file="README.md")
    assert len(again.entries) == len(survey.entries)
    assert comparable(again) == comparable(survey)
    assert [e.key for e in again.entries] == [e.key for e in survey.entries]


def test_round_trip_on_a_whole_survey():
    survey, _ = load_bib(PROJECT / "bib" / "survey.bib")
    assert len(survey.entries) == 13
    assert_round_trip(survey, readme(PROJECT))


VENUES = ["International Conference on Machine Learning", "IEEE/CVF Conference on Computer Vision and Pattern Recognition",
          "Advances in Neural Information Processing Systems", None]
titles = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                                        exclude_characters="\u2028\u2029\u0085"),
                 min_size=2, max_size=60).map(lambda t: " ".join(t.split())).filter(
    lambda t: any(c.isalpha() for c in t) and not t.startswith(("*", "-", "+", "#", ">")))


@st.composite
def surveys(draw):
    sections = [Section("alpha", "Alpha"), Section("beta", "Beta")]
    entries, seen = [], set()
    for i in range(draw(st.integers(1, 6))):
        title = draw(titles)
        norm = title_key(bib_title(title))  # titles the import holds for one paper
        if not norm or norm in seen:
            continue
        seen.add(norm)
        venue = draw(st.sampled_from(VENUES))
        year = str(draw(st.integers(2015, 2025)))
        fields = {"title": bib_title(title), "year": year}  # as import writes titles
        number = f"{int(year) % 100:02d}{draw(st.integers(1, 12)):02d}.{draw(st.integers(1, 99999)):05d}"
        links = [Link("Paper", f"https://arxiv.org/abs/{number}")]
        if venue:
            fields["booktitle" if "Journal" not in venue else "journal"] = venue
            etype = "inproceedings"
        else:
            etype = "misc"
            fields["year"] = f"20{number[:2]}"
        fields["eprint"], fields["archiveprefix"] = number, "arXiv"
        member = draw(st.lists(st.sampled_from(["alpha", "beta"]), min_size=1, unique=True))
        entries.append(Entry(f"k{i}", etype, fields, links, {s: i + 1 for s in member}))
    return api.canonical_order(Survey(sections, entries))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surveys())
def test_round_trip_property(survey):
    text, _ = api.render_list(survey)
    again, _ = import_list(Survey(), text, file="README.md")
    assert comparable(again) == comparable(survey)
    merged, records = import_list(again, text, file="README.md")
    assert {r.status for r in records if r.key} <= {"unchanged"}


# --- safety --------------------------------------------------------------------------

HOSTILE = [
    "Brackets ] and ) and [x](https://evil.example) inside",
    "Pipes | and *stars* and _under_ and `code` and <b>html</b> <script>alert(1)</script>",
    "Backslash \\ and &amp; and ![img](https://evil.example/x.png) and #hash",
    "Ends with a star *",
]


def rendered_items(text):
    """(text before the first link, link targets) of each list item, as a CommonMark parser sees it."""
    md = MarkdownIt("commonmark")
    items = []
    tokens = md.parse(text)
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        before, hrefs, in_link = [], [], False
        for child in token.children:
            if child.type == "link_open":
                hrefs.append(child.attrs["href"])
                in_link = True
            elif child.type == "link_close":
                in_link = False
            elif not hrefs and not in_link and child.type in ("text", "code_inline"):
                before.append(child.content)
            elif not hrefs and child.type == "em_open":
                in_link = True  # the italic byline (authors) follows the title; not part of it
            elif not hrefs and child.type == "em_close":
                in_link = False
            elif not hrefs and child.type in ("html_inline", "strong_open", "image"):
                before.append(f"<{child.type}>")
        items.append(("".join(before).strip(), hrefs))
    return items


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_render_as_text(title):
    entry = Entry("x", "misc", {"title": escape_plain(title), "year": "2024"},
                  [Link("Paper", "https://arxiv.org/abs/2401.00001"), Link("Code", "javascript:alert(1)")],
                  {"s": 1})
    survey = Survey([Section("s", "S")], [entry])
    text, findings = api.render_list(survey, "<!-- surveybib:begin s -->\n<!-- surveybib:end -->\n")
    (heading, item) = rendered_items(text)
    assert item == (title, ["https://arxiv.org/abs/2401.00001"])
    assert "javascript:" not in text
    assert "R008" in [f.code for f in findings]
    again, _ = import_list(Survey(), text, file="README.md")
    assert again.entries[0].fields["title"] == bib_title(title)


def assert_readme_parses_as_intended(survey, text):
    """Each paper's title is, for a CommonMark parser, the text before an item's first link."""
    items = [i for i in rendered_items(text) if i[1] and i[1][0].startswith("http")]
    titles = {t for t, _ in items}
    for entry in survey.entries:
        assert plain_text(entry.fields["title"]) in titles, entry.key


def test_the_survey_readme_parses_as_intended(survey_project):
    survey, _ = load_bib(survey_project / "bib" / "survey.bib")
    assert_readme_parses_as_intended(survey, readme(survey_project))
