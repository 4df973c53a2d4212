"""Venue normalization on the seed's real entries: precedence, conflicts, plausibility."""

import pytest

from surveybib import api, parse_bib

from .conftest import PROJECT, run_cli


def entry_at(survey, records, line):
    (record,) = [r for r in records if r.line == line and r.status != "note"]
    return survey.entry(record.key), record


def codes(record):
    return {f.code: f.message for f in record.findings}


@pytest.mark.parametrize(
    ("line", "booktitle_or_journal", "year", "code"),
    [
        (73, "International Conference on Machine Learning", "2023", "V001"),  # Make-An-Audio badged SIGGRAPH-2023
        (67, "IEEE/CVF Conference on Computer Vision and Pattern Recognition", "2023", "V001"),  # Magic3D
        (64, "ACM SIGGRAPH Asia Conference Proceedings", "2023", "V001"),  # Rerender: 10.1145/3610548
        (174, "International Conference on Machine Learning", "2020", "V001"),  # iGPT badged CVPR-2020, PMLR v119
        (250, "IEEE/CVF International Conference on Computer Vision", "2023", "V001"),  # ELITE badged CVPR
        (340, "IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops", "2023", "V001"),
        (94, "International Conference on Machine Learning", "2022", "V002"),  # PMLR v162 badged ICML-2023
        (222, "Advances in Neural Information Processing Systems", "2023", "V002"),  # 2023 URL badged 2024
        (239, "Advances in Neural Information Processing Systems", "2023", "V002"),  # NeurIPS-2024.07-red
        (79, "Nature Communications", "2024", "V002"),  # s41467-024-... badged 2023
        (108, "IEEE/CVF Conference on Computer Vision and Pattern Recognition", "2021", "V002"),  # Taming
    ],
)
def test_the_url_wins_over_a_contradicting_badge(seed_import, line, booktitle_or_journal, year, code):
    survey, records = seed_import
    entry, record = entry_at(survey, records, line)
    assert (entry.fields.get("booktitle") or entry.fields.get("journal")) == booktitle_or_journal
    assert entry.fields["year"] == year
    assert code in codes(record)
    assert "the URL wins" in codes(record)[code]


def test_a_generic_url_keeps_the_workshop_the_badge_names(seed_import):
    survey, records = seed_import
    entry, record = entry_at(survey, records, 308)  # Classifier-free guidance, nips.cc/virtual/2021
    assert entry.fields["booktitle"] == "NeurIPS Workshop"
    assert entry.fields["year"] == "2021"
    assert not [c for c in codes(record) if c.startswith("V")]


def test_a_url_alone_gives_venue_and_year(seed_import):
    survey, records = seed_import
    entry, _ = entry_at(survey, records, 288)  # CLD: its "badge" was the iclr.cc link itself
    assert entry.type == "inproceedings"
    assert (entry.fields["booktitle"], entry.fields["year"]) == ("International Conference on Learning Representations", "2022")


# Every seed entry whose venue year is earlier than its arXiv id allows, checked by hand:
# the badge names the conference of the year before the real one (or, for Diffusion-RWKV, a
# NeurIPS two years before its preprint).
IMPLAUSIBLE = {
    65: "ICLR 2022",  # DreamFusion, arXiv 2209.14988
    66: "ICLR 2023",  # MVDream, 2308.16512
    84: "ICLR 2021",  # Progressive distillation, 2202.00512
    107: "ICLR 2020",  # Score SDE, 2011.13456
    131: "ICLR 2023",  # PixArt-alpha, 2310.00426
    155: "ICLR 2022",  # Phenaki, 2210.02399
    186: "NeurIPS 2022",  # Diffusion-RWKV, 2404.04478
    276: "ICLR 2022",  # Rectified flow, 2209.03003
}


def test_implausible_years_fire_on_the_seeds_real_cases_and_nowhere_else(seed_import):
    survey, records = seed_import
    fired = {r.line: codes(r)["V004"] for r in records if "V004" in codes(r)}
    assert set(fired) == set(IMPLAUSIBLE)
    for line, venue in IMPLAUSIBLE.items():
        assert fired[line].startswith(venue)
    # correct entries with arXiv ids and venues stay quiet: learning fast samplers (ICLR 2022,
    # 2202.05830), UniPC (NeurIPS 2023, 2302.04867), emergent abilities (TMLR 2023, 2206.07682),
    # diffusion models in vision (TPAMI 2023, 2209.04747)
    for line in (327, 300, 101, 98):
        record = [r for r in records if r.line == line][0]
        assert record.key and "V004" not in codes(record)


def test_shared_urls_and_several_arxiv_ids(seed_import):
    _, records = seed_import
    latent, t2i = codes([r for r in records if r.line == 49][0]), codes([r for r in records if r.line == 211][0])
    assert "V005" in latent and "V005" in t2i
    assert "latent2022video, t2iadapter2024learning" in latent["V005"]
    assert "2202.00512, 2406.03816" in codes([r for r in records if r.line == 84][0])["V006"]


BIB = """@comment{surveybib-sections
  2 s S
}

@misc{pre,
  title = {A preprint that was published},
  year = {2022},
  eprint = {2210.00001},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2210.00001},
  links = {Paper <https://openaccess.thecvf.com/content/CVPR2023/html/x_CVPR_2023_paper.html>},
  keywords = {s}
}

@inproceedings{named,
  title = {A short name},
  booktitle = {NeurIPS},
  year = {2020}
}

@inproceedings{over,
  title = {The author knows better},
  booktitle = {IEEE/CVF Conference on Computer Vision and Pattern Recognition},
  year = {2023},
  url = {https://openaccess.thecvf.com/content/CVPR2023/html/x_CVPR_2023_paper.html},
  venueoverride = {CVPR Workshops 2023}
}

@phdthesis{thesis,
  title = {Structured state spaces},
  school = {Stanford University},
  year = {2023},
  url = {https://proceedings.mlr.press/v202/x23a.html}
}

@misc{odd,
  title = {Odd year},
  year = {2009.09}
}
"""


def test_precedence_on_a_bib():
    survey, _ = parse_bib(BIB)
    normalized, findings = api.normalize_bib(survey)
    pre = normalized.entry("pre")
    assert pre.type == "inproceedings"
    assert (pre.fields["booktitle"], pre.fields["year"]) == ("IEEE/CVF Conference on Computer Vision and Pattern Recognition", "2023")
    assert pre.fields["eprint"] == "2210.00001"  # the preprint's identifiers stay
    named = normalized.entry("named")
    assert named.fields["booktitle"] == "Advances in Neural Information Processing Systems"
    over = normalized.entry("over")
    assert over.fields["booktitle"] == "IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops"
    assert normalized.entry("thesis").type == "phdthesis"  # types an author chose are not touched
    assert "booktitle" not in normalized.entry("thesis").fields
    by_key = {(f.key, f.code) for f in findings}
    assert ("pre", "V001") in by_key  # the bib said arXiv, the URL says CVPR 2023
    assert ("named", "V010") in by_key
    assert ("odd", "V007") in by_key
    assert not [f for f in findings if f.key == "over" and f.code in ("V001", "V002")]
    again, _ = api.normalize_bib(normalized)
    assert [e.fields for e in again.entries] == [e.fields for e in normalized.entries]


def test_normalize_check_on_a_survey_and_after_a_hand_edit(tmp_path):
    bib = PROJECT / "bib" / "survey.bib"
    assert run_cli("normalize", "--check", bib).returncode == 0
    edited = tmp_path / "survey.bib"
    text = bib.read_text("utf-8")
    edited.write_text(text.replace("booktitle = {International Conference on Machine Learning}", "booktitle = {ICNL}", 1))
    result = run_cli("normalize", "--diff", edited)
    assert result.returncode == 1
    assert "+  booktitle = {International Conference on Machine Learning}" in result.stdout
    assert "V010" in result.stdout
    assert edited.read_text("utf-8") != text  # --diff wrote nothing


def test_a_link_without_a_year_agrees_with_a_doi_that_has_one():
    # lmd2024faster in the survey: an ojs.aaai.org page (no year in its URL) and the AAAI DOI
    bib = """@misc{lmd,
  title = {LMD: Faster Image Reconstruction with Latent Masking Diffusion},
  url = {https://ojs.aaai.org/index.php/AAAI/article/view/28209},
  doi = {10.1609/aaai.v38i5.28209}
}

@misc{v37,
  title = {An AAAI 2023 paper},
  url = {https://ojs.aaai.org/index.php/AAAI/article/view/1},
  doi = {10.1609/aaai.v37i1.1}
}

@misc{other,
  title = {Another venue},
  url = {https://ojs.aaai.org/index.php/AAAI/article/view/2},
  doi = {10.1145/3680528.3687614}
}
"""
    survey, _ = parse_bib(bib)
    normalized, findings = api.normalize_bib(survey)
    lmd = normalized.entry("lmd")
    assert (lmd.type, lmd.fields["year"]) == ("inproceedings", "2024")
    assert lmd.fields["booktitle"] == "AAAI Conference on Artificial Intelligence"
    assert normalized.entry("v37").fields["year"] == "2023"  # AAAI-23 is volume 37
    assert [f.key for f in findings if f.code == "V003"] == ["other"]  # AAAI and SIGGRAPH Asia do disagree


def test_a_venueoverride_confirms_a_venue_older_than_the_arxiv_id():
    # Classifier-Free Guidance: NeurIPS 2021 workshop, on arXiv only in July 2022
    bib = """@inproceedings{cfg,
  title = {Classifier-Free Diffusion Guidance},
  year = {2021},
  eprint = {2207.12598},
  archiveprefix = {arXiv},
  booktitle = {NeurIPS Workshop}
}
"""
    survey, _ = parse_bib(bib)
    _, findings = api.normalize_bib(survey)
    assert [f.code for f in findings if f.key == "cfg"] == ["V004"]
    confirmed, _ = parse_bib(bib.replace("booktitle = {NeurIPS Workshop}", "venueoverride = {NeurIPS Workshop 2021}"))
    normalized, findings = api.normalize_bib(confirmed)
    assert [f.code for f in findings if f.key == "cfg"] == []
    assert normalized.entry("cfg").fields["year"] == "2021"


def test_a_url_year_against_a_bib_without_a_venue_is_reported():
    bib = """@misc{b,
  title = {A paper},
  year = {2020},
  url = {https://openaccess.thecvf.com/content/CVPR2023/html/X_CVPR_2023_paper.html}
}
"""
    survey, _ = parse_bib(bib)
    normalized, findings = api.normalize_bib(survey)
    assert [(f.code, f.key) for f in findings] == [("V002", "b")]  # normalize changes its year: say so
    assert normalized.entry("b").fields["year"] == "2023"
