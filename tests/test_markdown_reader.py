"""The list forms of other awesome lists, and the reader's edge cases."""

import pytest

from surveybib import Survey, import_list
from surveybib.readers.markdown import read_markdown, slugify
from surveybib.readers.markdown_parts import parse_badge


def one_item(text):
    parsed = read_markdown(text, file="list.md")
    assert len(parsed.items) == 1, [i.title for i in parsed.items]
    return parsed.items[0]


def test_dash_and_numbered_bullets():
    parsed = read_markdown(
        "## Papers\n"
        "- Alpha: a model [[Paper]](https://arxiv.org/abs/2301.00001)\n"
        "1. Beta: another [[Paper]](https://arxiv.org/abs/2301.00002)\n"
        "2) Gamma [Paper](https://arxiv.org/abs/2301.00003) [Code](https://github.com/x/gamma)\n"
        "+ Delta [[Paper]](https://arxiv.org/abs/2301.00004)\n"
    )
    assert [i.title for i in parsed.items] == ["Alpha: a model", "Beta: another", "Gamma", "Delta"]
    assert [(l.label, l.url) for l in parsed.items[2].links] == [
        ("Paper", "https://arxiv.org/abs/2301.00003"),
        ("Code", "https://github.com/x/gamma"),
    ]


def test_bold_venue_tag_prefix():
    item = one_item(
        "## X\n- **[CVPR 2023]** Magic3D: High-Resolution Text-to-3D. "
        "[[Paper]](https://arxiv.org/abs/2211.10440) [[Code]](https://github.com/a/b)\n"
    )
    assert (item.venue_text, item.year_text) == ("CVPR", "2023")
    assert item.title == "Magic3D: High-Resolution Text-to-3D."
    assert [l.label for l in item.links] == ["Paper", "Code"]


def test_trailing_venue_suffix():
    item = one_item("## X\n* DreamFusion: Text-to-3D using 2D Diffusion, ICLR 23 [[Paper]](https://arxiv.org/abs/2209.14988)\n")
    assert (item.venue_text, item.year_text) == ("ICLR", "23")
    assert item.title == "DreamFusion: Text-to-3D using 2D Diffusion"


def test_trailing_words_that_are_no_venue_stay_in_the_title():
    item = one_item("## X\n* Llama 2, Open Models 2 [[Paper]](https://arxiv.org/abs/2307.09288)\n")
    assert item.venue_text is None
    assert item.title == "Llama 2, Open Models 2"


def test_title_link_with_italic_authors():
    item = one_item(
        "## X\n- [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239) "
        "*Jonathan Ho, Ajay Jain, Pieter Abbeel* NeurIPS 2020\n"
    )
    assert item.title == "Denoising Diffusion Probabilistic Models"
    assert item.authors == ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"]
    assert item.links[0].url == "https://arxiv.org/abs/2006.11239"


def test_bold_title_block_with_author_line():
    text = (
        "## Blocks\n\n"
        "**Elucidating the Design Space of Diffusion-Based Generative Models**  \n"
        "*Tero Karras, Miika Aittala, Timo Aila and Samuli Laine*  \n"
        "[[Paper]](https://arxiv.org/abs/2206.00364) [[Code]](https://github.com/NVlabs/edm)\n"
    )
    item = one_item(text)
    assert item.title == "Elucidating the Design Space of Diffusion-Based Generative Models"
    assert item.authors == ["Tero Karras", "Miika Aittala", "Timo Aila", "Samuli Laine"]
    survey, _ = import_list(Survey(), text, file="list.md")
    (entry,) = survey.entries
    assert entry.fields["author"] == "Karras, Tero and Aittala, Miika and Aila, Timo and Laine, Samuli"
    assert entry.key == "karras2022elucidating"


def test_table_with_title_venue_date_columns():
    text = (
        "## Table\n\n"
        "| Title | Venue | Date | Code |\n"
        "|:------|:-----:|------|------|\n"
        "| [Consistency Models](https://arxiv.org/abs/2303.01469) | ICML | 2023 | [Code](https://github.com/openai/consistency_models) |\n"
        "| Progressive Distillation for Fast Sampling | ICLR'22 | 2022-02 | |\n"
    )
    parsed = read_markdown(text, file="t.md")
    assert [(i.title, i.venue_text, i.year_text) for i in parsed.items] == [
        ("Consistency Models", "ICML", "2023"),
        ("Progressive Distillation for Fast Sampling", "ICLR", "22"),
    ]
    assert [i.source.line for i in parsed.items] == [5, 6]
    survey, _ = import_list(Survey(), text, file="t.md")
    cm = survey.entries[0]
    assert cm.type == "inproceedings" and cm.fields["year"] == "2023"
    assert cm.fields["eprint"] == "2303.01469"
    assert [l.label for l in cm.links] == ["Paper", "Code"]


def test_nested_headings_become_nested_sections():
    parsed = read_markdown(
        "# Awesome Diffusion\n\nIntro text.\n\n"
        "## Image\n### Editing\n* A [[Paper]](https://arxiv.org/abs/2301.00001)\n"
        "### Generation\n* B [[Paper]](https://arxiv.org/abs/2301.00002)\n"
        "## Citation\n```bib\n@misc{x, title={* Not a bullet [[Paper]](https://a.b/c)}}\n```\n"
    )
    assert [(s.slug, s.heading, s.level) for s in parsed.sections] == [
        ("image", "Image", 2), ("editing", "Editing", 3), ("generation", "Generation", 3),
    ]
    assert [i.section for i in parsed.items] == ["editing", "generation"]


def test_prose_and_table_of_contents_bullets_are_not_papers():
    parsed = read_markdown(
        "## Updates\n- **2025.03**: We released [our paper](https://arxiv.org/abs/2410.11795).\n"
        "## Contents\n- [Part 1](#part-1)\n"
    )
    assert parsed.items == [] and parsed.sections == []


def test_unsafe_links_are_dropped_and_reported():
    item = one_item("## X\n* Evil [[Paper]](javascript:alert(1)) [[Code]](https://github.com/a/b)\n")
    assert [l.url for l in item.links] == ["https://github.com/a/b"]
    assert "I006" in [f.code for f in item.findings]


def test_a_bullet_with_only_links_is_malformed():
    survey, records = import_list(Survey(), "## X\n* [[Paper]](https://arxiv.org/abs/2301.00001)\n", file="m.md")
    (record,) = records
    assert record.status == "malformed"
    assert record.key is None
    assert [f.code for f in record.findings] == ["I007"]
    assert survey.entries == []


@pytest.mark.parametrize(
    ("raw", "fixed", "code"),
    [
        ("CafÃ© diffusion", "Café diffusion", "I020"),
        ("Qiâ€˜ang diffusion", "Qi‘ang diffusion", "I020"),
        ("â Star diffusion", "â Star diffusion", "I021"),
        ("Crème brûlée diffusion", "Crème brûlée diffusion", None),
    ],
    ids=["latin1-mojibake", "cp1252-quote", "lost-bytes", "real-accents"],
)
def test_damaged_utf8_in_titles(raw, fixed, code):
    item = one_item(f"## X\n* {raw} [[Paper]](https://arxiv.org/abs/2301.00001)\n")
    assert item.title == fixed
    assert code in [f.code for f in item.findings] if code else not item.findings


@pytest.mark.parametrize(
    ("url", "label", "message", "color"),
    [
        ("https://img.shields.io/badge/arXiv-2022.12-red", "arXiv", "2022.12", "red"),
        ("https://img.shields.io/badge/Nature_Communications-2023-blue", "Nature Communications", "2023", "blue"),
        ("https://img.shields.io/badge/2018-blue", "", "2018", "blue"),
        ("https://img.shields.io/badge/Self--Supervised-2021-blue", "Self-Supervised", "2021", "blue"),
        ("https://img.shields.io/badge/snake__case-2021-blue.svg", "snake_case", "2021", "blue"),
        ("https://img.shields.io/badge/ACM%20MM-2022-blue", "ACM MM", "2022", "blue"),
    ],
)
def test_badges(url, label, message, color):
    badge = parse_badge(url)
    assert (badge.label, badge.message, badge.color) == (label, message, color)


def test_not_a_badge():
    assert parse_badge("https://iclr.cc/virtual/2022/spotlight/6688") is None


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Part 1: Introduction", "part-1-introduction"),
        ("Part 6: Efficient Deployment And Usage", "part-6-efficient-deployment-and-usage"),
        ("📢 Updates", "updates"),
        ("Text-to-3D & Video", "text-to-3d--video"),
    ],
)
def test_slugs_are_github_anchors(heading, slug):
    assert slugify(heading) == slug
