"""Enrichment from other bibliographies: every matching path, and every guard."""

import json

from surveybib import api, parse_bib, write_bibtex
from surveybib.readers.records import read_records
from surveybib.transforms.enrich import enrich
from surveybib.venues import default_registry

from .conftest import run_cli

BIB = """@comment{surveybib-sections
  2 s S
}

@misc{ddim,
  title = {Denoising Diffusion Implicit Models},
  year = {2020},
  eprint = {2010.02502},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2010.02502},
  keywords = {s}
}

@article{alphafold,
  title = {Highly accurate protein structure prediction with {AlphaFold}},
  journal = {Nature},
  year = {2021},
  doi = {10.1038/s41586-021-03819-2},
  url = {https://www.nature.com/articles/s41586-021-03819-2},
  keywords = {s}
}

@inproceedings{cm,
  title = {Consistency Models},
  booktitle = {International Conference on Machine Learning},
  year = {2023},
  url = {https://openreview.net/forum?id=FmqFfMTNnv},
  keywords = {s}
}

@misc{wronglink,
  title = {Movie Gen: A Cast of Media Foundation Models},
  year = {2024},
  eprint = {2206.02336},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2206.02336},
  keywords = {s}
}

@inproceedings{authored,
  author = {Ho, Jonathan and Jain, Ajay},
  title = {Denoising Diffusion Probabilistic Models},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2020},
  keywords = {s}
}
"""

SOURCE = """@inproceedings{Song2021,
  author = {Song, Jiaming and Meng, Chenlin and Ermon, Stefano},
  title = {Denoising Diffusion Implicit Models},
  booktitle = {International Conference on Learning Representations},
  year = {2021},
  eprint = {2010.02502},
  archivePrefix = {arXiv},
  source = {https://arxiv.org/abs/2010.02502}
}

@article{jumper,
  author = {Jumper, John and Evans, Richard and Pritzel, Alexander},
  title = {Highly Accurate Protein Structure Prediction with AlphaFold},
  doi = {10.1038/S41586-021-03819-2},
  year = {2021}
}

@misc{other,
  author = {Li, Zhiyuan and Wang, Hao},
  title = {On the Advance of Making Language Models Better Reasoners},
  eprint = {2206.02336}
}

@misc{impostor,
  author = {Nobody, Anne and Else, Someone},
  title = {Denoising Diffusion Probabilistic Models},
  year = {2020}
}
"""

CSL = [{"id": "cm", "type": "paper-conference", "title": "Consistency models",
        "author": [{"family": "Song", "given": "Yang"}, {"family": "Dhariwal", "given": "Prafulla"},
                   {"family": "Chen", "given": "Mark"}, {"family": "Sutskever", "given": "Ilya"}],
        "container-title": "Proceedings of the 40th International Conference on Machine Learning",
        "issued": {"date-parts": [[2023]]}}]


def run(bib=BIB, source=SOURCE, **options):
    survey, _ = parse_bib(bib)
    records = read_records(source, file="colleague.bib") + read_records(json.dumps(CSL), file="zotero.json")
    return enrich(survey, records, default_registry(), **options)


def test_match_by_arxiv_id_upgrades_the_preprint_and_keeps_the_eprint():
    survey, report = run()
    ddim = survey.entry("ddim")
    assert ddim.fields["author"] == "Song, Jiaming and Meng, Chenlin and Ermon, Stefano"
    assert ddim.type == "inproceedings"
    assert (ddim.fields["booktitle"], ddim.fields["year"]) == ("International Conference on Learning Representations", "2021")
    assert ddim.fields["eprint"] == "2010.02502"
    assert [c.new for c in report.upgraded if c.key == "ddim"] == ["ICLR 2021"]
    assert "author from colleague.bib#Song2021 (arXiv id, 1.00)" in ddim.fields["enrichedfrom"]


def test_match_by_doi_ignores_its_case():
    survey, report = run()
    assert survey.entry("alphafold").fields["author"].startswith("Jumper, John")
    change = next(c for c in report.filled if c.key == "alphafold" and c.field == "author")
    assert (change.how, change.score) == ("DOI", 1.0)
    assert not [c for c in report.conflicts if c.key == "alphafold"]


def test_match_by_title_from_csl_json():
    survey, report = run()
    cm = survey.entry("cm")
    assert cm.fields["author"] == "Song, Yang and Dhariwal, Prafulla and Chen, Mark and Sutskever, Ilya"
    assert next(c.how for c in report.filled if c.key == "cm") == "title"


def test_an_id_match_with_another_title_is_refused():
    survey, report = run()
    assert "author" not in survey.entry("wronglink").fields
    refused = [r for r in report.skipped if r[0] == "wronglink"]
    assert refused and "titles differ" in refused[0][2]


def test_a_same_title_with_other_authors_is_refused():
    survey, report = run()
    assert survey.entry("authored").fields["author"] == "Ho, Jonathan and Jain, Ajay"
    assert ("authored", "colleague.bib#impostor", "same title, but no author in common: a different paper") in report.skipped


def test_no_overwrite_unless_named():
    bib = BIB.replace("  year = {2020},\n  eprint = {2010.02502}", "  author = {Song, J. and Ermon, S.},\n  year = {2020},\n  eprint = {2010.02502}")
    survey, report = run(bib)
    assert survey.entry("ddim").fields["author"] == "Song, J. and Ermon, S."
    assert [(c.key, c.field) for c in report.conflicts] == [("ddim", "author")]
    survey, report = run(bib, overwrite=("author",))
    assert survey.entry("ddim").fields["author"] == "Song, Jiaming and Meng, Chenlin and Ermon, Stefano"


def test_keys_never_change():
    before, _ = parse_bib(BIB)
    after, _ = run()
    assert [e.key for e in after.entries] == [e.key for e in before.entries]


def test_only_the_fields_asked_for():
    survey, report = run(fields=("doi",))
    assert "author" not in survey.entry("cm").fields
    assert {c.field for c in report.filled} <= {"doi"}


def test_cli_dry_run_writes_nothing_and_reports(tmp_path):
    bib = tmp_path / "survey.bib"
    bib.write_text(BIB)
    (tmp_path / "colleague.bib").write_text(SOURCE)
    (tmp_path / "zotero.json").write_text(json.dumps(CSL))
    result = run_cli("enrich", "--bib", bib, "--from", tmp_path / "colleague.bib", "--from", tmp_path / "zotero.json", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert bib.read_text() == BIB
    assert "+  author = {Song, Jiaming and Meng, Chenlin and Ermon, Stefano}," in result.stdout
    assert "upgraded ddim to ICLR 2021 from colleague.bib#Song2021 (arXiv id); eprint kept" in result.stdout
    assert "skipped wronglink: colleague.bib#other: titles differ" in result.stdout
    assert "3 entries enriched, 1 upgraded, 0 conflicts, 2 matches refused" in result.stderr
    written = run_cli("enrich", "--bib", bib, "--from", tmp_path / "colleague.bib", "--from", tmp_path / "zotero.json")
    assert written.returncode == 0
    survey, _ = api.load_bib(bib)
    assert survey.entry("cm").fields["author"].startswith("Song, Yang")
    again = run_cli("enrich", "--bib", bib, "--from", tmp_path / "colleague.bib", "--from", tmp_path / "zotero.json")
    assert bib.read_text() == write_bibtex(api.canonical_order(survey))  # a second run changes nothing
    assert "0 entries enriched" in again.stderr


PREFIXED = """@inproceedings{dpok,
  title = {Reinforcement learning for fine-tuning text-to-image diffusion models},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2023},
  keywords = {s}
}

@misc{named,
  title = {Alpha: Fast sampling of diffusion models},
  year = {2023},
  keywords = {s}
}
"""

PREFIXED_SOURCE = """@misc{fan,
  author = {Fan, Ying and Watkins, Olivia},
  title = {DPOK: Reinforcement Learning for Fine-tuning Text-to-Image Diffusion Models},
  eprint = {2305.16381}
}

@misc{beta,
  author = {Someone, Else},
  title = {Beta: Fast Sampling of Diffusion Models}
}
"""


def test_a_title_without_its_name_prefix_matches_the_named_paper():
    # the seed lists DPOK by its subtitle alone; the source has the paper's full title
    survey, _ = parse_bib("@comment{surveybib-sections\n  2 s S\n}\n\n" + PREFIXED)
    survey, report = enrich(survey, read_records(PREFIXED_SOURCE, file="m.bib"), default_registry())
    assert survey.entry("dpok").fields["author"] == "Fan, Ying and Watkins, Olivia"
    assert survey.entry("dpok").fields["eprint"] == "2305.16381"
    # two different names before the same words are two different papers
    assert "author" not in survey.entry("named").fields
    assert [c.key for c in report.filled if c.field == "author"] == ["dpok"]


def test_a_doi_the_venue_rules_know_upgrades_the_preprint():
    # the record is a plain @misc: its DOI alone says SIGGRAPH Asia 2024 (ACM's 10.1145/3680528 proceedings)
    bib = """@comment{surveybib-sections\n  2 s S\n}\n\n@misc{lumiere,
  title = {Lumiere: A Space-Time Diffusion Model for Video Generation},
  year = {2024},
  eprint = {2401.12945},
  archiveprefix = {arXiv},
  keywords = {s}
}
"""
    source = """@misc{barTal,
  author = {Bar-Tal, Omer and Chefer, Hila},
  title = {Lumiere: A Space-Time Diffusion Model for Video Generation},
  eprint = {2401.12945},
  doi = {10.1145/3680528.3687614}
}
"""
    survey, _ = parse_bib(bib)
    survey, report = enrich(survey, read_records(source, file="m.bib"), default_registry())
    lumiere = survey.entry("lumiere")
    assert lumiere.type == "inproceedings"
    assert lumiere.fields["booktitle"] == "ACM SIGGRAPH Asia Conference Proceedings"
    assert (lumiere.fields["year"], lumiere.fields["eprint"]) == ("2024", "2401.12945")
    assert lumiere.fields["doi"] == "10.1145/3680528.3687614"
    assert [c.new for c in report.upgraded] == ["SIGGRAPH Asia 2024"]


def test_a_second_run_with_overwrite_records_each_source_once():
    survey, _ = run()
    first = survey.entry("ddim").fields["enrichedfrom"]
    assert first.count("author from colleague.bib#Song2021") == 1
    survey.entry("ddim").fields["author"] = "Song, Jiaming and others"  # the source was corrected since
    again, report = enrich(survey, read_records(SOURCE, file="colleague.bib"), default_registry(), overwrite=("author",))
    assert [(c.key, c.field) for c in report.filled] == [("ddim", "author")]
    assert again.entry("ddim").fields["author"] == "Song, Jiaming and Meng, Chenlin and Ermon, Stefano"
    assert again.entry("ddim").fields["enrichedfrom"] == first


WRONG_PAPERS = """@comment{surveybib-sections\n  2 s S\n}

@misc{vdm,
  title = {Video diffusion models for everyone},
  year = {2022},
  eprint = {2204.03458},
  archiveprefix = {arXiv},
  keywords = {s}
}

@misc{sora,
  title = {Sora: A Review},
  year = {2024},
  eprint = {2402.17177},
  archiveprefix = {arXiv},
  keywords = {s}
}

@misc{alphabet,
  title = {Alphabet: Diffusion models for fast sampling},
  year = {2023},
  eprint = {2301.00001},
  archiveprefix = {arXiv},
  keywords = {s}
}
"""

# Records a review found the name-prefix matching merged into the wrong papers.
WRONG_SOURCES = """@inproceedings{magicvideo,
  author = {Zhou, Daquan},
  title = {MagicVideo: Video Diffusion Models for Everyone},
  booktitle = {International Conference on Learning Representations},
  year = {2023},
  eprint = {2211.11018}
}

@article{erratum,
  author = {Ho, Jonathan},
  title = {Erratum: Video Diffusion Models for Everyone},
  doi = {10.1109/TPAMI.2025.1234567}
}

@article{review,
  author = {Someone, Else},
  title = {A Review},
  journal = {Nature},
  year = {2019}
}

@misc{zeta,
  author = {Other, Person},
  title = {Zeta: Diffusion Models for Fast Sampling},
  eprint = {2301.00001}
}
"""


def test_name_prefixes_never_pull_in_another_paper():
    survey, _ = parse_bib(WRONG_PAPERS)
    survey, report = enrich(survey, read_records(WRONG_SOURCES, file="w.bib"), default_registry())
    for key in ("vdm", "sora", "alphabet"):
        entry = survey.entry(key)
        assert "author" not in entry.fields and entry.type == "misc", key
    assert report.filled == [] and report.upgraded == []
    reasons = {(key, source): reason for key, source, reason in report.skipped}
    # same words after the name, another arXiv id: MagicVideo is not this paper
    assert "another arXiv id (2211.11018)" in reasons[("vdm", "w.bib#magicvideo")]
    # two titles with different names are different papers, whatever their other words
    assert reasons[("alphabet", "w.bib#zeta")] == "another name (Zeta): a different paper"
    # an erratum and a bare "A Review" are not found as the paper at all
    assert not [k for k, source in reasons if source in ("w.bib#erratum", "w.bib#review")]


def test_a_published_version_older_than_the_preprint_is_refused():
    bib = "@comment{surveybib-sections\n  2 s S\n}\n\n@misc{p,\n  title = {Fast Sampling of Diffusion Models},\n  year = {2023},\n  eprint = {2301.00001},\n  archiveprefix = {arXiv},\n  doi = {10.48550/arXiv.2301.00001},\n  keywords = {s}\n}\n"
    source = ("@inproceedings{old, title = {Fast Sampling of Diffusion Models}, booktitle = {International Conference on Machine Learning}, year = {2019}}\n"
              "@inproceedings{new, title = {Fast Sampling of Diffusion Models}, booktitle = {International Conference on Machine Learning}, year = {2023}, doi = {10.5555/icml.2023.1}}\n")
    survey, _ = parse_bib(bib)
    older, report = enrich(survey, read_records(source.split("\n")[0], file="o.bib"), default_registry())
    assert older.entry("p").type == "misc"
    assert ("p", "o.bib#old", "not upgraded to ICML 2019: earlier than its arXiv id 2301.00001") in report.skipped
    newer, report = enrich(survey, read_records(source.split("\n")[1], file="n.bib"), default_registry())
    p = newer.entry("p")
    assert (p.type, p.fields["year"], p.fields["eprint"]) == ("inproceedings", "2023", "2301.00001")
    assert p.fields["doi"] == "10.5555/icml.2023.1"  # the published DOI replaces the arXiv one
