"""One test per class of defect that issue 13 measured on other lists, with its own example."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveybib import Survey, import_list
from surveybib.text.latex import plain_text

from .conftest import run_cli


def imported(text):
    survey, records = import_list(Survey(), text, file="list.md")
    papers = [r for r in records if r.kind == "paper" and r.status != "note"]
    return survey, papers, [r for r in records if r.status in ("skipped", "unrecognized")]


def entry_of(survey, record):
    return survey.entry(record.key)


def fields(survey, record):
    entry = entry_of(survey, record)
    venue = entry.fields.get("booktitle") or entry.fields.get("journal")
    return plain_text(entry.fields["title"]), venue, entry.fields.get("year")


ICLR = "International Conference on Learning Representations"
NEURIPS = "Advances in Neural Information Processing Systems"
ICML = "International Conference on Machine Learning"
CVPR = "IEEE/CVF Conference on Computer Vision and Pattern Recognition"

# (id, list text, (title, venue, year) of its one paper)
ONE_PAPER = [
    ("venue-first-year-venue-title",
     "## P\n- 2018-ICLR-[Mixed Precision Training](https://openreview.net/forum?id=r1gs9JgRZ)\n",
     ("Mixed Precision Training", ICLR, "2018")),
    ("any-link-label",
     "## P\n- Some Pruning Method [[PyTorch(Author)](https://github.com/a/b)] [[OpenReview](https://openreview.net/forum?id=x1)]\n",
     ("Some Pruning Method", None, None)),
    ("no-inline-link",
     "## P\n1. Distilling the knowledge in a neural network. Hinton et al. arXiv:1503.02531\n",
     ("Distilling the knowledge in a neural network", None, "2015")),
    ("ins-venue-year",
     "## P\n- Title, <ins>NeurIPS, 2023</ins> [[Paper](https://arxiv.org/abs/2305.00001)]\n",
     ("Title", NEURIPS, "2023")),
    ("trailing-venue-with-bracket-link",
     "## P\n- Consistency Models, ICML 23 [[Paper](https://arxiv.org/abs/2303.01469)]\n",
     ("Consistency Models", ICML, "2023")),
    ("numbered-bold-title-authors-venue",
     "## P\n3. **Denoising Diffusion Probabilistic Models**. *Jonathan Ho, Ajay Jain, Pieter Abbeel*. NeurIPS 2020. "
     "[[pdf](https://arxiv.org/pdf/2006.11239)]\n",
     ("Denoising Diffusion Probabilistic Models", NEURIPS, "2020")),
    ("venue-link-before-title",
     "## P\n- [[arXiv](https://arxiv.org/abs/2401.00001)] A Title After Its Link\n",
     ("A Title After Its Link", None, "2024")),
    ("bold-block-venue-line",
     "## P\n**Denoising Diffusion Probabilistic Models** \\\n*Jonathan Ho, Ajay Jain, Pieter Abbeel* \\\n"
     "NeurIPS 2020. [[Paper](https://arxiv.org/abs/2006.11239)]\n",
     ("Denoising Diffusion Probabilistic Models", NEURIPS, "2020")),
    ("pub-and-date-column",
     "## P\n| Title | arXiv | Pub. & Date |\n|---|---|---|\n| [A Paper](https://arxiv.org/abs/2403.00001) | - | CVPR, 2024 |\n",
     ("A Paper", CVPR, "2024")),
    ("pub-and-date-column-month",
     "## P\n| Title | Pub. & Date |\n|---|---|\n| [B Paper](https://example.org/b) | Mar., 2024 |\n",
     ("B Paper", None, "2024")),
    ("date-cell",
     "## P\n| Title | Date |\n|---|---|\n| [C Paper](https://example.org/c) | 2023-03 |\n",
     ("C Paper", None, "2023")),
    ("year-heading-over-arxiv-year",
     "## Papers\n### 2020\n| Title | Venue |\n|---|---|\n| [D Paper](https://arxiv.org/abs/1912.00001) | NeurIPS |\n",
     ("D Paper", NEURIPS, "2020")),
    ("bold-tag-year-month",
     "## P\n- **[Arxiv 2023.02]** Some Paper On Things [[Paper]](https://example.org/p)\n",
     ("Some Paper On Things", None, "2023")),
    ("parenthesized-venue",
     "## P\n- Title Of Paper (CVPR'23) [[Paper](https://example.org/t)]\n",
     ("Title Of Paper", CVPR, "2023")),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in ONE_PAPER], ids=[c[0] for c in ONE_PAPER])
def test_one_paper_with_its_title_venue_and_year(text, expected):
    survey, papers, _ = imported(text)
    (paper,) = papers
    assert paper.status == "new"
    title, venue, year = expected
    got_title, got_venue, got_year = fields(survey, paper)
    assert got_title == title
    assert got_venue == venue
    assert got_year == year


def test_author_segments_are_authors():
    survey, (paper,), _ = imported(ONE_PAPER[5][1])
    assert entry_of(survey, paper).fields["author"] == "Ho, Jonathan and Jain, Ajay and Abbeel, Pieter"


def test_reference_style_links():
    survey, (paper,), others = imported(
        "## P\n- Paper Title [code][12] [pdf][13]\n\n[12]: https://github.com/a/b\n[13]: https://arxiv.org/abs/2301.00009\n")
    entry = entry_of(survey, paper)
    assert [(l.label, l.url) for l in entry.links] == [("code", "https://github.com/a/b"),
                                                       ("pdf", "https://arxiv.org/abs/2301.00009")]
    assert [(r.line, r.kind) for r in others] == [(4, "reference"), (5, "reference")]


def test_different_papers_after_a_leading_link_stay_apart():
    survey, papers, _ = imported("## P\n- [[arXiv](https://arxiv.org/abs/2401.00001)] First Paper\n"
                                 "- [[arXiv](https://arxiv.org/abs/2401.00002)] Second Paper\n")
    assert [r.status for r in papers] == ["new", "new"]
    assert sorted(plain_text(e.fields["title"]) for e in survey.entries) == ["First Paper", "Second Paper"]


def test_same_title_with_no_author_in_common_is_another_paper():
    survey, papers, _ = imported(
        "## P\n- Denoising Diffusion Probabilistic Models. Jonathan Ho, Ajay Jain. NeurIPS 2020\n"
        "- Denoising Diffusion Probabilistic Models. Sun Lin. arXiv 2022 [[code](https://github.com/x/tutorial)]\n")
    assert [r.status for r in papers] == ["new", "new"]
    assert "I044" in [f.code for f in papers[1].findings]
    ddpm = entry_of(survey, papers[0])
    assert "github.com" not in " ".join(l.url for l in ddpm.links)


def test_a_bullet_whose_title_is_only_a_bracket_is_malformed_not_merged():
    survey, papers, _ = imported("## P\n- [ [[Paper]](https://arxiv.org/abs/2401.00001)\n- [ [[Paper]](https://arxiv.org/abs/2401.00002)\n")
    assert [r.status for r in papers] == ["malformed", "malformed"]
    assert survey.entries == []


def test_a_row_without_its_trailing_pipe_keeps_the_table_going():
    _, papers, _ = imported("## P\n| Title | Venue |\n|---|---|\n| [E Paper](https://arxiv.org/abs/2301.00001) | ICML\n"
                            "| [F Paper](https://arxiv.org/abs/2301.00002) | ICLR\n")
    assert [r.title for r in papers] == ["E Paper", "F Paper"]


def test_a_table_without_outer_pipes():
    _, papers, _ = imported("## P\nTitle | Venue\n---|---\n[G Paper](https://arxiv.org/abs/2301.00003) | ICML\n")
    assert [r.title for r in papers] == ["G Paper"]


def test_news_and_pseudo_headings_are_not_papers():
    survey, papers, others = imported(
        "## P\n- [News] We released v2 of the list.\n- A Paper [[Paper]](https://arxiv.org/abs/2301.00004)\n\n"
        "**2014**\n\n- Old Paper, 2014 [[pdf]](https://example.org/p.pdf)\n")
    assert [(r.line, r.kind) for r in others] == [(2, "news"), (5, "pseudo-heading")]
    assert [r.title for r in papers] == ["A Paper", "Old Paper"]
    assert all(e.key != "2014" for e in survey.entries)


def test_resources_are_not_papers():
    _, papers, others = imported(
        "## Tools\n- [PyTorch Lightning](https://github.com/Lightning-AI/lightning) - a library\n"
        "- [CS231n course](https://cs231n.stanford.edu/) lectures\n"
        "- [Open LLM Leaderboard](https://huggingface.co/spaces/open-llm-leaderboard) leaderboard\n")
    assert papers == []
    assert [(r.kind, r.what) for r in others] == [("resource", "tool"), ("resource", "course"),
                                                  ("resource", "leaderboard")]


def test_an_unrecognized_line_is_reported_and_strict_fails(tmp_path):
    text = "## P\n- A Paper [[Paper]](https://arxiv.org/abs/2301.00004)\n- something odd here\n"
    _, _, others = imported(text)
    (odd,) = others
    assert (odd.line, odd.status, [f.code for f in odd.findings]) == (3, "unrecognized", ["I043"])
    path = tmp_path / "list.md"
    path.write_text(text, "utf-8")
    bib = tmp_path / "s.bib"
    assert run_cli("import", path, "--bib", bib, "--check").returncode == 1  # the bib would change
    bib.write_text("", "utf-8")
    run_cli("import", path, "--bib", bib)
    relaxed = run_cli("import", path, "--bib", bib)
    strict = run_cli("import", path, "--bib", bib, "--strict")
    assert relaxed.returncode == 0, relaxed.stderr
    assert strict.returncode == 1
    assert "1 items: 0 new, 1 merged, 0 malformed; 0 notes; 1 other blocks: 1 unrecognized" in strict.stderr


def test_venues_resolve_through_the_projects_registry():
    from surveybib.venues import build_registry, venue_from_table

    text = "## P\n- A Workshop Paper, TinyML 23 [[Paper](https://example.org/w)]\n"
    survey, (paper,), _ = imported(text)
    assert plain_text(entry_of(survey, paper).fields["title"]) == "A Workshop Paper, TinyML 23"  # unknown venue
    registry = build_registry([venue_from_table(
        {"short": "TinyML", "name": "TinyML Research Symposium", "kind": "workshop"})])
    survey, records = import_list(Survey(), text, file="list.md", registry=registry)
    entry = survey.entry(records[0].key)
    assert (plain_text(entry.fields["title"]), entry.fields["booktitle"], entry.fields["year"]) == (
        "A Workshop Paper", "TinyML Research Symposium", "2023")


FRAGMENTS = ["- ", "* ", "1. ", "| ", " | ", "|---|---|\n", "## H\n", "### 2020\n", "**", "*", "_", "[", "]", "(", ")",
             "[[Paper]](https://arxiv.org/abs/2301.00001)", "[[Code](https://github.com/a/b)]", "<ins>ICML, 2023</ins>",
             "<br>", "![](https://img.shields.io/badge/CVPR-2023-blue)", "[x][1]", "\n[1]: https://a.b/c\n", "2018-ICLR-",
             "Title words", ", NeurIPS 23", ". Ada Lovelace et al. ICLR 2020", "\"Quoted\", ECCV, 2022.", "🌟 ", ":star:",
             "`code`", "<!-- c -->", "```\n", "> ", "\\", "\n", "\n\n", "  \n", "é", "\t"]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_text_reads_without_a_traceback_and_each_line_is_in_one_record(text):
    survey, records = import_list(Survey(), "## List\n" + text, file="f.md")
    seen = set()
    for record in records:
        if record.status in ("note", "removed"):
            continue
        lines = set(range(record.line, (record.end or record.line) + 1))
        assert not lines & seen, record
        seen |= lines


AFTER_THE_FIRST_MEASUREMENT = [
    ("trailing-bracket-tag", "## P\n19. Topology Distillation for Recommender System [KDD 2021]\n",
     ("Topology Distillation for Recommender System", "ACM SIGKDD Conference on Knowledge Discovery and Data Mining", "2021")),
    ("trailing-arxiv-tag", "## P\n27. False Negative Distillation for Outfit Recommendation [Arxiv 2110.06483]\n",
     ("False Negative Distillation for Outfit Recommendation", None, "2021")),
    ("venue-link-without-url", "## P\n- [[AAAI]()] SA-BNN: State-Aware Binary Neural Network. [**`bnn`**]\n",
     ("SA-BNN: State-Aware Binary Neural Network.", "AAAI Conference on Artificial Intelligence", None)),
    ("star-count-tag", "## P\n- [[ICLR](https://openreview.net/pdf?id=HJGwcKclx)] [222:fire:] Soft Weight-Sharing for "
     "Neural Network Compression. [__`other`__]\n",
     ("Soft Weight-Sharing for Neural Network Compression.", ICLR, None)),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in AFTER_THE_FIRST_MEASUREMENT],
                         ids=[c[0] for c in AFTER_THE_FIRST_MEASUREMENT])
def test_shapes_of_the_full_lists(text, expected):
    survey, (paper,), _ = imported(text)
    title, venue, year = expected
    got = fields(survey, paper)
    assert got[0] == title and got[1] == venue
    if year:
        assert got[2] == year
