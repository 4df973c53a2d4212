"""Titles as published and published versions: what enrich adopts, and what it only reports."""

import pytest

from surveybib import api, parse_bib
from surveybib.readers.records import read_records
from surveybib.text.titles import title_decision
from surveybib.transforms.enrich import enrich
from surveybib.venues import default_registry

from .conftest import run_cli

BIB = """@comment{surveybib-sections
  2 s S
}

@misc{lora2021lowrank,
  author = {Hu, Edward J. and Shen, Yelong and Wallis, Phillip},
  title = {Lora: Low-rank adaptation of large language models},
  year = {2021},
  eprint = {2106.09685},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2106.09685},
  keywords = {s}
}

@inproceedings{reinforcement2024learning,
  author = {Fan, Ying and Watkins, Olivia},
  title = {Reinforcement learning for fine-tuning text-to-image diffusion models},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2024},
  eprint = {2305.16381},
  archiveprefix = {arXiv},
  keywords = {s}
}

@misc{playground2024,
  author = {Li, Daiqing and Kamko, Aleks},
  title = {Play-ground v2.5: Three insights towards enhancing aesthetic quality in text-to-image generation},
  year = {2024},
  eprint = {2402.17245},
  archiveprefix = {arXiv},
  keywords = {s}
}

@misc{truncated2022,
  author = {Zheng, Huangjie and He, Pengcheng},
  title = {Truncated diffusion probabilistic models},
  year = {2022},
  eprint = {2202.09671},
  archiveprefix = {arXiv},
  keywords = {s}
}

@misc{improved2021,
  author = {Nichol, Alex and Dhariwal, Prafulla},
  title = {Improved denoising diffusion probabilistic model},
  year = {2021},
  eprint = {2102.09672},
  archiveprefix = {arXiv},
  keywords = {s}
}

@misc{order2023,
  author = {Kumari, Nupur and Zhang, Bingliang and Zhang, Richard},
  title = {Multi-concept customization of text-to-image diffusion},
  year = {2022},
  eprint = {2212.04488},
  archiveprefix = {arXiv},
  keywords = {s}
}
"""

FACTS = """@inproceedings{lora2021lowrank,
  author = {Hu, Edward J. and Shen, Yelong and Wallis, Phillip},
  title = {LoRA: Low-Rank Adaptation of Large Language Models},
  booktitle = {International Conference on Learning Representations},
  year = {2022},
  eprint = {2106.09685},
  archiveprefix = {arXiv},
  source = {https://openreview.net/forum?id=nZeVKeeFYf9}
}

@inproceedings{reinforcement2024learning,
  title = {DPOK: Reinforcement Learning for Fine-tuning Text-to-Image Diffusion Models},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2023},
  eprint = {2305.16381},
  source = {https://proceedings.neurips.cc/paper_files/paper/2023}
}

@misc{playground2024,
  title = {Playground v2.5: Three Insights towards Enhancing Aesthetic Quality in Text-to-Image Generation},
  eprint = {2402.17245},
  note = {still a preprint as of 2026-12-03}
}

@inproceedings{truncated2022,
  title = {Truncated Diffusion Probabilistic Models and Diffusion-based Adversarial Auto-Encoders},
  booktitle = {International Conference on Learning Representations},
  year = {2023},
  eprint = {2202.09671}
}

@inproceedings{improved2021,
  title = {Improved Denoising Diffusion Probabilistic Models},
  booktitle = {International Conference on Machine Learning},
  year = {2021},
  eprint = {2102.09672}
}

@inproceedings{order2023,
  author = {Kumari, Nupur and Zhang, Richard and Zhang, Bingliang},
  title = {Multi-Concept Customization of Text-to-Image Diffusion},
  booktitle = {IEEE/CVF Conference on Computer Vision and Pattern Recognition},
  year = {2023},
  eprint = {2212.04488},
  doi = {10.1109/CVPR52729.2023.00192}
}
"""

ALL = ("author", "doi", "eprint", "venue", "title")


def run(bib=BIB, facts=FACTS, **options):
    survey, _ = parse_bib(bib)
    return enrich(survey, read_records(facts, file="published.bib"), default_registry(), **options)


@pytest.mark.parametrize(("ours", "theirs", "decision", "written"), [
    ("Lora: Low-rank adaptation of large language models", "LoRA: Low-Rank Adaptation of Large Language Models",
     "adopt", "{LoRA}: Low-Rank Adaptation of Large Language Models"),
    ("Mvdream: Multi-view diffusion for 3d generation", "MVDream: Multi-view Diffusion for 3D Generation",
     "adopt", "{MVDream}: Multi-view Diffusion for {3D} Generation"),
    ("Hypernet-works", "HyperNetworks", "adopt", "{HyperNetworks}"),
    ("Denovo design of protein structure and function with rfdiffusion",
     "De novo design of protein structure and function with RFdiffusion",
     "adopt", "De novo design of protein structure and function with {RFdiffusion}"),
    ("Reinforcement learning for fine-tuning text-to-image diffusion models",
     "DPOK: Reinforcement Learning for Fine-tuning Text-to-Image Diffusion Models",
     "adopt", "{DPOK}: Reinforcement Learning for Fine-tuning Text-to-Image Diffusion Models"),
    ("Consistency models", "Consistency Models.", "adopt", "Consistency Models"),
    ("{PixArt}-alpha: Fast training", "{PixArt-$\\alpha$}: Fast Training", "adopt", "{PixArt-$\\alpha$}: Fast Training"),
    # a source that only lowercases (a Google Scholar copy) never takes capitals away
    ("{SimDA}: Simple Diffusion Adapter", "Simda: simple diffusion adapter", "same", None),
    ("{DPM}-Solver", "{DPM-Solver}", "same", None),
    # other wording is a conflict, whatever the similarity
    ("Truncated diffusion probabilistic models",
     "Truncated Diffusion Probabilistic Models and Diffusion-based Adversarial Auto-Encoders", "conflict",
     "Truncated Diffusion Probabilistic Models and Diffusion-based Adversarial Auto-Encoders"),
    ("Sora: A review of video generation", "A review of video generation", "conflict", "A review of video generation"),
    ("Imagen: Photorealistic text-to-image diffusion", "Parti: Photorealistic text-to-image diffusion", "conflict",
     "Parti: Photorealistic text-to-image diffusion"),
], ids=["lora", "3d", "hyphen", "spacing", "dropped-name", "period", "greek-letter", "only-lowers", "braces", "longer",
        "source-drops-name", "other-name"])
def test_title_decisions(ours, theirs, decision, written):
    assert title_decision(ours, theirs) == (decision, written)


def test_titles_only_when_asked():
    survey, report = run()
    assert survey.entry("lora2021lowrank").fields["title"].startswith("Lora")
    assert not [c for c in report.filled + report.conflicts if c.field == "title"]


def test_title_mode_adopts_same_titles_and_reports_other_wording():
    survey, report = run(fields=("title",))
    assert survey.entry("lora2021lowrank").fields["title"] == "{LoRA}: Low-Rank Adaptation of Large Language Models"
    assert survey.entry("reinforcement2024learning").fields["title"].startswith("{DPOK}: Reinforcement")
    assert survey.entry("playground2024").fields["title"].startswith("Playground v2.5: Three Insights")
    assert survey.entry("truncated2022").fields["title"] == "Truncated diffusion probabilistic models"
    assert survey.entry("improved2021").fields["title"] == "Improved denoising diffusion probabilistic model"
    assert [(c.key, c.field) for c in report.conflicts] == [("improved2021", "title")]  # one word more
    # a title that differs much is no match at all: nothing is taken from that source
    assert any(k == "truncated2022" and "titles differ" in why for k, _, why in report.skipped)
    assert "title from published.bib#lora2021lowrank (arXiv id, 1.00)" in survey.entry("lora2021lowrank").fields["enrichedfrom"]
    # --fields title changes titles and nothing else
    assert {c.field for c in report.filled} == {"title"} and not report.upgraded
    assert survey.entry("lora2021lowrank").type == "misc"


def test_overwrite_title_takes_other_wording_when_asked():
    survey, report = run(fields=("title",), overwrite=("title",))
    assert survey.entry("improved2021").fields["title"] == "Improved Denoising Diffusion Probabilistic Models"


def test_published_versions_upgrade_correct_the_year_and_keep_the_eprint():
    survey, report = run(fields=ALL)
    lora = survey.entry("lora2021lowrank")
    assert (lora.type, lora.fields["booktitle"], lora.fields["year"]) == (
        "inproceedings", "International Conference on Learning Representations", "2022")
    assert lora.fields["eprint"] == "2106.09685" and lora.links[0].url == "https://arxiv.org/abs/2106.09685"
    dpok = survey.entry("reinforcement2024learning")
    assert dpok.fields["year"] == "2023"  # the list gave NeurIPS a year late
    assert "year from published.bib#reinforcement2024learning" in dpok.fields["enrichedfrom"]
    playground = survey.entry("playground2024")
    assert playground.type == "misc"  # still a preprint: nothing to upgrade, but the check is recorded
    assert playground.fields["preprintchecked"] == "2026-12-03: no published version in published.bib#playground2024"
    again, report = enrich(survey, read_records(FACTS, file="published.bib"), default_registry(), fields=ALL)
    assert not [c for c in report.filled if c.field == "preprintchecked"]  # the same check is not recorded twice


def test_author_order_of_the_published_version():
    survey, report = run(fields=ALL)
    cvpr = survey.entry("order2023")
    assert cvpr.fields["booktitle"].endswith("Computer Vision and Pattern Recognition")
    assert cvpr.fields["author"] == "Kumari, Nupur and Zhang, Richard and Zhang, Bingliang"
    assert cvpr.fields["doi"] == "10.1109/CVPR52729.2023.00192"
    assert "author from published.bib#order2023" in cvpr.fields["enrichedfrom"]


def test_author_order_of_another_version_is_only_reported():
    # The entry cites the preprint; a source naming another order is not the version cited.
    facts = FACTS.replace("booktitle = {IEEE/CVF Conference on Computer Vision and Pattern Recognition},\n  year = {2023},\n", "")
    facts = facts.replace("@inproceedings{order2023", "@misc{order2023").replace("  doi = {10.1109/CVPR52729.2023.00192}\n", "")
    survey, report = run(facts=facts, fields=ALL)
    assert survey.entry("order2023").fields["author"] == "Kumari, Nupur and Zhang, Bingliang and Zhang, Richard"
    assert ("order2023", "author") in [(c.key, c.field) for c in report.conflicts]


def test_other_people_are_a_conflict_not_a_reorder():
    facts = FACTS.replace("Kumari, Nupur and Zhang, Richard and Zhang, Bingliang", "Kumari, Nupur and Zhang, Richard and Shechtman, Eli")
    survey, report = run(facts=facts, fields=ALL)
    assert survey.entry("order2023").fields["author"].endswith("Zhang, Richard")
    assert ("order2023", "author") in [(c.key, c.field) for c in report.conflicts]


def test_a_year_before_the_arxiv_id_is_not_taken():
    facts = FACTS.replace("year = {2023},\n  eprint = {2305.16381}", "year = {2022},\n  eprint = {2305.16381}")
    survey, report = run(facts=facts, fields=ALL)
    assert survey.entry("reinforcement2024learning").fields["year"] == "2024"
    assert any(k == "reinforcement2024learning" and "earlier than its arXiv id" in why for k, _, why in report.skipped)


def test_cli_title_mode_on_any_bib(tmp_path):
    bib, facts = tmp_path / "refs.bib", tmp_path / "published.bib"
    bib.write_text(BIB)
    facts.write_text(FACTS)
    result = run_cli("enrich", "--bib", bib, "--from", facts, "--fields", "title", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "+  title = {{LoRA}: Low-Rank Adaptation of Large Language Models}," in result.stdout
    assert "conflict improved2021.title: bib 'Improved denoising diffusion probabilistic model'" in result.stdout
    assert bib.read_text() == BIB
    written = run_cli("enrich", "--bib", bib, "--from", facts, "--fields", "author,doi,eprint,venue,title")
    assert written.returncode == 0, written.stderr
    survey, _ = api.load_bib(bib)
    assert survey.entry("lora2021lowrank").fields["year"] == "2022"
    again = run_cli("enrich", "--bib", bib, "--from", facts, "--fields", "author,doi,eprint,venue,title")
    assert "0 entries enriched" in again.stderr  # a second run changes nothing


def test_an_upgraded_entry_shows_its_venue_in_every_output():
    """The README badge, the LaTeX table, the exports: ICLR 2022, with the arXiv link and eprint kept."""
    import json

    import rispy

    from surveybib.writers.latex import render_latex
    from surveybib.writers.markdown import line_content

    survey, _ = run(fields=ALL)
    lora = survey.entry("lora2021lowrank")
    line = line_content(lora, default_registry())
    assert "![](https://img.shields.io/badge/ICLR-2022-blue)" in line
    assert "[[Paper]](https://arxiv.org/abs/2106.09685)" in line
    assert line.startswith("* LoRA: Low-Rank Adaptation of Large Language Models *Edward J. Hu, ")
    tex = render_latex(survey, default_registry(), flavour="natbib", bib_path="survey.bib")["s.tex"]
    assert "{LoRA}: Low-Rank Adaptation of Large Language Models & ICLR & 2022 & \\cite{lora2021lowrank}" in tex
    csl = {item["id"]: item for item in json.loads(api.export(survey, "csljson"))}["lora2021lowrank"]
    assert (csl["type"], csl["container-title"], csl["issued"]) == (
        "paper-conference", "International Conference on Learning Representations", {"date-parts": [[2022]]})
    assert csl["URL"] == "https://arxiv.org/abs/2106.09685"
    biblatex = api.export(survey, "biblatex")
    block = biblatex[biblatex.index("{lora2021lowrank,"):].split("\n}\n")[0]
    assert "booktitle = {International Conference on Learning Representations}" in block
    assert "eprint = {2106.09685}" in block and "eprinttype = {arxiv}" in block and "date = {2022}" in block
    (record,) = [r for r in rispy.loads(api.export(survey, "ris")) if r.get("title", "").startswith("LoRA:")]
    assert (record["type_of_reference"], record["secondary_title"], record["year"]) == (
        "CONF", "International Conference on Learning Representations", "2022")


def test_a_proceedings_title_names_its_venue_and_the_published_author_order_follows():
    bib = BIB.split("@misc{lora2021lowrank")[0] + """@misc{intrinsic2020dimensionality,
  author = {Aghajanyan, Armen and Zettlemoyer, Luke and Gupta, Sonal},
  title = {Intrinsic Dimensionality Explains the Effectiveness of Language Model Fine-Tuning},
  year = {2020},
  eprint = {2012.13255},
  archiveprefix = {arXiv},
  keywords = {s}
}

@misc{scorebased2020generative,
  author = {Song, Yang and Kingma, Diederik P. and Poole, Ben},
  title = {Score-Based Generative Modeling through Stochastic Differential Equations},
  year = {2020},
  eprint = {2011.13456},
  archiveprefix = {arXiv},
  keywords = {s}
}
"""
    facts = """@inproceedings{intrinsic,
  title = {Intrinsic Dimensionality Explains the Effectiveness of Language Model Fine-Tuning},
  booktitle = {Proceedings of the 59th Annual Meeting of the Association for Computational Linguistics and the 11th International Joint Conference on Natural Language Processing (Volume 1: Long Papers)},
  year = {2021},
  eprint = {2012.13255},
  author = {Aghajanyan, Armen and Gupta, Sonal and Zettlemoyer, Luke},
  source = {https://aclanthology.org/2021.acl-long.568/}
}

@inproceedings{sde,
  title = {Score-Based Generative Modeling through Stochastic Differential Equations},
  booktitle = {International Conference on Learning Representations},
  year = {2021},
  eprint = {2011.13456},
  author = {Song, Yang and Kingma, Diederik P and Poole, Ben}
}
"""
    survey, report = run(bib=bib, facts=facts, fields=ALL, overwrite=("author",))
    intrinsic = survey.entry("intrinsic2020dimensionality")
    assert (intrinsic.fields["booktitle"], intrinsic.fields["year"]) == (
        "Annual Meeting of the Association for Computational Linguistics", "2021")
    assert intrinsic.fields["author"] == "Aghajanyan, Armen and Gupta, Sonal and Zettlemoyer, Luke"
    # the same people in the same order, written without a period: neither changed nor a conflict,
    # even with --overwrite author
    assert survey.entry("scorebased2020generative").fields["author"] == "Song, Yang and Kingma, Diederik P. and Poole, Ben"
    assert not report.conflicts
    assert [c.key for c in report.filled if c.field == "author"] == ["intrinsic2020dimensionality"]


def test_a_retitled_version_of_the_same_paper_matches_but_its_title_is_only_a_conflict():
    bib = BIB.split("@misc{lora2021lowrank")[0] + """@misc{latent2022video,
  author = {He, Yingqing and Yang, Tianyu and Zhang, Yong and Shan, Ying and Chen, Qifeng},
  title = {Latent video diffusion models for high-fidelity video generation with arbitrary lengths},
  year = {2022},
  eprint = {2211.13221},
  archiveprefix = {arXiv},
  keywords = {s}
}
"""
    facts = """@inproceedings{retitled,
  author = {He, Yingqing and Yang, Tianyu and Zhang, Yong and Shan, Ying and Chen, Qifeng},
  title = {Latent Video Diffusion Models for High-Fidelity Long Video Generation},
  journal = {International Journal of Computer Vision},
  year = {2025},
  eprint = {2211.13221}
}
"""
    survey, report = run(bib=bib, facts=facts, fields=ALL)
    entry = survey.entry("latent2022video")
    assert entry.fields["title"].startswith("Latent video diffusion models for high-fidelity video generation")
    assert [(c.key, c.field) for c in report.conflicts] == [("latent2022video", "title")]
    assert entry.fields["journal"] == "International Journal of Computer Vision"
    # the same arXiv id with other people (a wrong link) is still refused
    other = facts.replace("He, Yingqing and Yang, Tianyu and Zhang, Yong and Shan, Ying and Chen, Qifeng", "Doe, Jane and Roe, Richard")
    survey, report = run(bib=bib, facts=other, fields=ALL)
    assert survey.entry("latent2022video").type == "misc"
    assert any("titles differ" in why for _, _, why in report.skipped)


@pytest.mark.parametrize(("fields", "checked"), [
    ({"note": "still a preprint as of 2026-12-03; checked: the repository"}, "2026-12-03"),
    ({"note": "no published version found as of 2026-11-30; checked: OpenReview"}, "2026-11-30"),
    ({"preprintchecked": "2026-10-01 by hand"}, "2026-10-01"),
    ({"note": "a preprint, we think"}, None),
], ids=["still", "none-found", "field", "no-date"])
def test_a_source_saying_still_a_preprint(fields, checked):
    from surveybib.readers.records import Record
    from surveybib.transforms.published import preprint_check

    assert preprint_check(Record("x.bib#k", "misc", fields)) == checked


@pytest.mark.parametrize(("container", "short"), [
    ("2nd International Conference on Learning Representations, ICLR 2014, Banff, AB, Canada, April 14-16, 2014, "
     "Conference Track Proceedings", "ICLR"),
    ("Proceedings of the 2025 Conference of the Nations of the Americas Chapter of the Association for "
     "Computational Linguistics (NAACL 2025), Long Papers", "NAACL"),
    ("Proceedings of the 59th Annual Meeting of the Association for Computational Linguistics and the 11th "
     "International Joint Conference on Natural Language Processing (Volume 1: Long Papers)", "ACL"),
    ("NeurIPS 2021 Workshop on Deep Generative Models and Downstream Applications", "NeurIPS Workshop"),
    ("Conference Track Proceedings", None),
], ids=["dblp-iclr", "naacl-parenthesis", "acl-ijcnlp", "workshop", "nothing"])
def test_proceedings_titles(container, short):
    from surveybib.transforms.published import container_venue

    found = container_venue(container, default_registry())
    assert (found.short if found else None) == short


def test_a_venue_outside_the_registry_is_reported_not_dropped_silently():
    facts = FACTS.replace("booktitle = {International Conference on Learning Representations},\n  year = {2022}",
                          "booktitle = {Symposium on Imaginary Results},\n  year = {2022}")
    survey, report = run(facts=facts, fields=ALL)
    assert survey.entry("lora2021lowrank").type == "misc"
    assert ("lora2021lowrank", "published.bib#lora2021lowrank",
            "its venue 'Symposium on Imaginary Results' is not in the venue registry (add it in [tool.surveybib.venues])"
            ) in report.skipped
