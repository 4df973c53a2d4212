"""The full seed list, end to end: every bullet reported, every defect found where it is.

Line numbers are the seed's own (tests/data/seed/efficient-diffusion-readme.md is a
byte-for-byte copy of the survey authors' README); each was checked by reading the line.
"""

import json

import pytest

from surveybib import import_list, write_bibtex
from surveybib.text.latex import plain_text

from .conftest import SEED, run_cli


def items(records):
    """The records of paper items (not notes, nor the list's other blocks)."""
    return [r for r in records if r.status not in ("note", "skipped", "unrecognized")]


def record_at(records, line):
    (record,) = [r for r in records if r.line == line]
    return record


def test_every_bullet_is_reported(seed_import):
    survey, records = seed_import
    bullets = items(records)
    assert len(bullets) == 259
    assert sum(r.status == "new" for r in bullets) == 246
    assert sum(r.status == "merged" for r in bullets) == 13
    assert not [r for r in bullets if r.status == "malformed"]
    assert len(survey.entries) == 246
    assert all(r.key for r in bullets)


def test_sections_in_order(seed_import):
    survey, _ = seed_import
    assert [(s.slug, s.heading) for s in survey.sections] == [
        ("part-1-introduction", "Part 1: Introduction"),
        ("part-2-efficient-diffusion-models-foundational-principles",
         "Part 2: Efficient Diffusion Models: Foundational Principles"),
        ("part-3-mainstream-network-architectures", "Part 3: Mainstream Network Architectures"),
        ("part-4-efficient-training-and-fine-tuning", "Part 4: Efficient Training and Fine-Tuning"),
        ("part-5-efficient-sampling-and-inference", "Part 5: Efficient Sampling and Inference"),
        ("part-6-efficient-deployment-and-usage", "Part 6: Efficient Deployment And Usage"),
        ("part-7-discussion-and-conclusion", "Part 7: Discussion and Conclusion"),
    ]
    sizes = [len(survey.in_section(s.slug)) for s in survey.sections]
    # Part 3 lists 70 bullets: CLIP, PAI-Diffusion and T5 twice each -> 67 entries.
    assert sizes == [53, 12, 67, 50, 55, 7, 8]


def by_title(survey, start):
    found = [e for e in survey.entries if plain_text(e.fields["title"]).lower().startswith(start.lower())]
    assert len(found) == 1, (start, [e.key for e in found])
    return found[0]


def test_ddim_is_one_entry_in_parts_3_and_5(seed_import):
    survey, _ = seed_import
    ddim = by_title(survey, "Denoising diffusion implicit models")
    assert list(ddim.sections) == [
        "part-3-mainstream-network-architectures",
        "part-5-efficient-sampling-and-inference",
    ]
    # Part 3 lists it first; in Part 5 it is the 10th bullet (line 285).
    assert ddim.sections == {
        "part-3-mainstream-network-architectures": 1,
        "part-5-efficient-sampling-and-inference": 10,
    }
    # Line 122 badges it arXiv, line 285 ICLR-2021: the venue wins, the eprint stays.
    assert ddim.type == "inproceedings"
    assert ddim.fields["booktitle"] == "International Conference on Learning Representations"
    assert ddim.fields["year"] == "2021"
    assert ddim.fields["eprint"] == "2010.02502"


@pytest.mark.parametrize(
    "title",
    [
        "BERT: Pre-training of Deep Bidirectional",
        "Learning transferable visual models",  # CLIP
        "Exploring the limits of transfer learning",  # T5
        "PAI-Diffusion",
        "DPM-Solver++",
    ],
)
def test_listed_twice_becomes_one_entry(seed_import, title):
    survey, _ = seed_import
    by_title(survey, title)


def test_bert_copies_merge_arxiv_and_naacl(seed_import):
    survey, records = seed_import
    bert = by_title(survey, "BERT")
    assert record_at(records, 194).status == "merged"
    assert record_at(records, 194).key == bert.key
    assert bert.fields["booktitle"].startswith("Conference of the North American Chapter")
    assert bert.fields["year"] == "2019"
    assert bert.fields["eprint"] == "1810.04805"
    assert [link.url for link in bert.links] == [
        "https://aclanthology.org/N19-1423/",
        "https://arxiv.org/abs/1810.04805",
    ]


def test_t5_typo_copy_is_the_same_journal(seed_import):
    survey, records = seed_import
    t5 = by_title(survey, "Exploring the limits")
    assert t5.fields["journal"] == "Journal of Machine Learning Research"
    assert ("I032", "misspelled venue 'JCLR' read as JMLR") in [
        (f.code, f.message) for f in record_at(records, 199).findings
    ]


def test_disagreeing_copies_keep_the_evidence(seed_import):
    survey, records = seed_import
    taming = by_title(survey, "Taming Transformers")
    # Line 108 badges CVPR-2022, line 144 CVPR-2021: both recorded; the proceedings URL
    # (content/CVPR2021) then settles the year (see test_normalize.py).
    assert taming.fields["year"] == "2021"
    assert taming.fields["evidence"] == "year 2022 (efficient-diffusion-readme.md:108) vs 2021 (efficient-diffusion-readme.md:144)"
    assert [f.code for f in record_at(records, 144).findings] == ["I040"]
    progressive = by_title(survey, "Progressive distillation")
    assert progressive.fields["eprint"] == "2202.00512"
    assert "arXiv id 2202.00512 (efficient-diffusion-readme.md:84) vs 2406.03816 (efficient-diffusion-readme.md:272)" in progressive.fields["evidence"]
    assert "https://arxiv.org/abs/2406.03816" in [link.url for link in progressive.links]


def test_a_web_copy_adds_a_link_but_not_its_doi(seed_import):
    survey, _ = seed_import
    sora = by_title(survey, "Open-Sora")
    assert sora.fields["eprint"] == "2412.20404"
    assert "doi" not in sora.fields
    assert [(l.label, l.url) for l in sora.links] == [
        ("Paper", "https://arxiv.org/abs/2412.20404"),
        ("Online", "https://doi.org/10.5281/zenodo.10948109"),
    ]


def findings_of(records, line):
    return {f.code: f.message for f in record_at(records, line).findings}


# (line, finding code, words in the message): one row per class of defect in the seed.
DEFECTS = [
    (55, "I010", "repaired URL scheme 'hhttps'"),
    (72, "I003", "space between [[Paper]] and its '('"),
    (72, "I038", "badge year 2009 is the arXiv id's YYMM"),
    (191, "I002", "missing its '(' before the URL"),
    (170, "I015", "invalid arXiv id '2502.143'"),
    (68, "I014", "https://export.arxiv.org/abs/2305.18766v2 -> https://arxiv.org/abs/2305.18766"),
    (166, "I014", "https://arxiv.org/abs/2010.11929/1000 -> https://arxiv.org/abs/2010.11929"),
    (208, "I014", "https://arxiv.org/abs/2106.09685v1/1000 -> https://arxiv.org/abs/2106.09685"),
    (140, "I011", "#:~:text="),
    (135, "I011", "#:~:text="),
    (194, "I012", "_hsenc, utm_campaign, utm_medium, utm_source"),
    (94, "I012", "ref"),
    (278, "I004", "badge URL contains a space"),
    (288, "I005", "https://iclr.cc/virtual/2022/spotlight/6688"),
    (354, "I005", "https://towardsai.net/"),
    (162, "I031", "'2018-blue' names no venue"),
    (177, "I031", "'2023-blue' names no venue"),
    (44, "I034", "unknown venue 'Computer Science'"),
    (145, "I032", "'NeurlIPS' read as NeurIPS"),
    (238, "I032", "'NeulIPS' read as NeurIPS"),
    (175, "I032", "'ICNL' read as ICML"),
    (239, "I037", "'NeurIPS-2024.07-red' carries an arXiv-style date"),
    (334, "I013", "signed, expiring download link"),
    (49, "I039", "arXiv badge, but no valid arXiv link"),
    (98, "I033", "venue 'PAMI' written as TPAMI"),
    (9, "I022", "'## 📢 Updates'"),
    (374, "I022", "Qi‘ang Hu"),
    (377, "I023", "'## â Star History'"),
]


@pytest.mark.parametrize(("line", "code", "words"), DEFECTS, ids=[f"{c}-line{n}" for n, c, _ in DEFECTS])
def test_each_defect_is_reported_on_its_line(seed_import, line, code, words):
    _, records = seed_import
    found = findings_of(records, line)
    assert code in found, found
    assert words in found[code]


def test_defects_are_repaired_in_the_entries(seed_import):
    survey, _ = seed_import
    assert by_title(survey, "VideoCrafter2").links[0].url == "https://arxiv.org/abs/2401.09047"
    diffwave = by_title(survey, "Diffwave")
    assert diffwave.fields["eprint"] == "2009.09761"
    assert diffwave.fields["year"] == "2020"  # from the arXiv id, not the badge's "2009"
    glued = by_title(survey, "An empirical study and analysis of text-to-image")
    assert glued.fields["eprint"] == "2405.12914"
    assert by_title(survey, "Lora: Low-rank").fields["eprint"] == "2106.09685"
    assert by_title(survey, "Instaflow").fields["booktitle"] == "International Conference on Learning Representations"
    assert by_title(survey, "Instructpix2pix").fields["title"] == (
        "Instructpix2pix: Learning to follow image editing instructions"
    )
    assert by_title(survey, "On distillation of guided").fields["title"] == (
        "On distillation of guided diffusion models"
    )
    # "*An image is worth one word:" has no space after the bullet and wraps a line.
    assert by_title(survey, "An image is worth one word").fields["title"] == (
        "An image is worth one word: Personalizing text-to-image generation using textual inversion"
    )
    bert = by_title(survey, "BERT")
    assert "utm_" not in " ".join(link.url for link in bert.links)
    assert by_title(survey, "Highly accurate protein").fields["doi"] == "10.1038/s41586-021-03819-2"
    assert by_title(survey, "U-net").fields["doi"] == "10.1007/978-3-319-24574-4_28"


def test_import_is_idempotent(seed_import, seed_text):
    survey, _ = seed_import
    once = write_bibtex(survey)
    again, records = import_list(survey, seed_text, file=SEED.name)
    assert write_bibtex(again) == once
    assert {r.status for r in items(records)} == {"merged"}


def test_import_report_as_json(tmp_path):
    bib = tmp_path / "survey.bib"
    result = run_cli("import", SEED, "--bib", bib, "--format", "json")
    report = json.loads(result.stdout)
    bullets = [r for r in report if r["kind"] == "paper"]
    assert len(bullets) == 259
    # the one other block of a list section: the "Updates" bullet at line 11-12, news
    others = [(r["line"], r["end"], r["status"], r["kind"]) for r in report if r["kind"] not in ("paper", "note")]
    assert others == [(11, 12, "skipped", "news")]
    first = report[[r["line"] for r in report].index(44)]
    assert first["status"] == "new"
    assert first["key"] == "improving2023image"
    assert {"code": "I034", "message": "unknown venue 'Computer Science'"} in first["findings"]
    again = run_cli("import", SEED, "--bib", bib, "--check")
    assert "would change" not in again.stderr
