"""surveybib check: rules with codes on planted defects and on the seed's real ones."""

import json

import pytest

from surveybib import api, parse_bib

from .conftest import run_cli

PLANTED = """@comment{surveybib-sections
  2 s S
}

@misc{a, title = {Denoising Diffusion Implicit Models}, author = {Song, Jiaming}, eprint = {2010.02502}, archiveprefix = {arXiv}, keywords = {s}}
@misc{b, title = {Denoising diffusion implicit models.}, author = {Song, Jiaming}, eprint = {2010.02502}, archiveprefix = {arXiv}, keywords = {s}}
@misc{c, title = {Truncated Diffusion Probabilistic Models}, author = {Zheng, H.}, year = {2022}, keywords = {s}}
@misc{d, title = {Truncated Diffusion Probabilistic Models and Diffusion-based Adversarial Auto-Encoders}, author = {Zheng, H.}, year = {2023}, keywords = {s}}
@misc{e, title = {Broken}, author = {X, Y}, eprint = {2502.143}, url = {hhttps://example.org/x}, keywords = {s}}
@article{f, title = {No journal}, year = {2020}, keywords = {s}}
@misc{g, title = {CafÃ© models}, author = {Z, Z}, keywords = {s}}
@misc{Key, title = {One}, author = {A, B}}
@misc{key, title = {Two}, author = {A, B}}
@inproceedings{h, title = {A venue typo}, author = {A, B}, booktitle = {NeulIPS}, year = {2024}, eprint = {2404.04478}, archiveprefix = {arXiv}, url = {https://arxiv.org/abs/2404.04478}}
@inproceedings{i, title = {Old venue for a new preprint}, author = {A, B}, booktitle = {Advances in Neural Information Processing Systems}, year = {2022}, eprint = {2404.00001}, archiveprefix = {arXiv}}
"""


def codes_by_key(findings):
    out = {}
    for f in findings:
        out.setdefault(f.key, set()).add(f.code)
    return out


def test_every_rule_fires_on_its_planted_defect():
    survey, _ = parse_bib(PLANTED)
    found = codes_by_key(api.check(survey))
    assert "D001" in found["b"] and "D002" in found["b"]  # same arXiv id and title as a
    assert "D003" in found["d"]  # the extended version of c
    assert {"X001", "U001"} <= found["e"]
    assert "F001" in found["f"] and "F002" in found["f"]
    assert "M001" in found["g"]
    assert "K001" in found["Key"] and "K001" in found["key"]
    assert "V010" in found["h"]  # NeulIPS
    assert "V004" in found["i"]  # NeurIPS 2022 for an arXiv id of 2024-04
    assert "D001" not in found.get("c", set())


def test_correct_entries_are_clean():
    survey, _ = parse_bib(
        "@inproceedings{ok, author = {Song, Jiaming}, title = {Denoising Diffusion Implicit Models},"
        " booktitle = {International Conference on Learning Representations}, year = {2021},"
        " eprint = {2010.02502}, archiveprefix = {arXiv}, url = {https://arxiv.org/abs/2010.02502}}\n")
    assert api.check(survey) == []


def test_select_ignore_and_severity():
    survey, _ = parse_bib(PLANTED)
    found = api.check(survey)
    only_d = api.filter_findings(found, select=("D",))
    assert {f.code for f in only_d} == {"D001", "D002", "D003"}
    no_f = api.filter_findings(found, ignore=("F", "V"))
    assert not [f for f in no_f if f.code[0] in "FV"]
    demoted = api.filter_findings(found, select=("K001",), severity={"K001": "warning"})
    assert {f.severity for f in demoted} == {"warning"}


# Every class of defect that the seed list's import leaves in the bib, on the right entries
# (bib/survey.bib has them corrected since; see tests/project_data/test_survey_bib.py).
SEED_DEFECTS = [
    ("X001", "hybridprompt2025bridging"),  # arXiv link 2502.143
    ("D003", "truncated2023diffusion"),  # extended version of truncated2022diffusion
    ("V004", "dreamfusion2022textto3d"), ("V004", "scorebased2020generative"),
    ("V004", "diffusionrwkv2022scaling"),  # badge venues before the arXiv id
    ("V005", "latent2022video"), ("V005", "t2iadapter2024learning"),  # one AAAI URL, two papers
    ("V006", "progressive2021distillation"),  # two arXiv ids for one title
]


@pytest.mark.parametrize(("code", "key"), SEED_DEFECTS)
def test_the_seeds_defects_are_caught_on_the_right_entries(code, key, seed_import):
    survey, _ = seed_import
    found = codes_by_key(api.check(survey))
    assert code in found.get(key, set())


def test_cli_formats_and_exit_codes(tmp_path):
    path = tmp_path / "planted.bib"
    path.write_text(PLANTED)
    result = run_cli("check", path, "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    records = json.loads(result.stdout)
    assert {"code", "severity", "message", "file", "line", "key"} <= set(records[0])
    line = next(r for r in records if r["key"] == "e" and r["code"] == "X001")["line"]
    assert line == 9
    github = run_cli("check", path, "--format", "github", "--select", "K", cwd=tmp_path)
    assert f"::error file={path},line=12,title=K001::Key: keys that differ only by case: Key, key" in github.stdout
    clean = run_cli("check", path, "--select", "D003", cwd=tmp_path)
    assert clean.returncode == 0  # warnings only
    bad = tmp_path / "bad.bib"
    bad.write_text("@misc{x, title = {unclosed}\n")
    broken = run_cli("check", bad, cwd=tmp_path)
    assert broken.returncode == 2 and f"{bad}:1:" in broken.stderr


def test_outputs_out_of_sync_are_findings(survey_project):
    assert run_cli("check", "--select", "O", cwd=survey_project).returncode == 0
    (survey_project / "latex" / "generated" / "part-6-efficient-deployment-and-usage.tex").write_text("stale\n")
    result = run_cli("check", "--select", "O", cwd=survey_project)
    assert result.returncode == 1
    assert "O001 [error] part-6-efficient-deployment-and-usage.tex is out of sync with the bib" in result.stdout


def test_config_sets_rules(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.surveybib]\nbib = "planted.bib"\n[tool.surveybib.check]\n'
                                             'ignore = ["F", "V", "O"]\nseverity = {K001 = "warning", X001 = "warning", D001 = "warning", D002 = "warning", U001 = "warning"}\n')
    (tmp_path / "planted.bib").write_text(PLANTED)
    result = run_cli("check", "--format", "json", cwd=tmp_path)
    records = json.loads(result.stdout)
    assert records and not [r for r in records if r["code"][0] in "FV"]
    assert result.returncode == 0  # every error demoted to a warning


@pytest.mark.parametrize("select, ignore", [(("D",), ()), (("V004", "K"), ()), ((), ("V", "F")), (("X001",), ())])
def test_selected_rules_find_what_the_full_run_finds_for_them(select, ignore, seed_import):
    survey, _ = seed_import
    planted, _ = parse_bib(PLANTED)
    for bib in (survey, planted):
        full = api.filter_findings(api.check(bib), select=select, ignore=ignore)
        assert api.check(bib, select=select, ignore=ignore) == full
        assert full  # each selection finds something here, so the comparison means something


def test_check_with_select_skips_the_sync_check(survey_project):
    (survey_project / "bib" / "README.md").write_text("stale\n", encoding="utf-8")
    assert "O001" in run_cli("check", "--select", "O", cwd=survey_project).stdout
    assert "O001" not in run_cli("check", "--select", "D", cwd=survey_project).stdout


FIXABLE_BIB = """@inproceedings{a,
  author = {Song, Jiaming},
  title = {CafÃ© diffusion},
  booktitle = {NeulIPS},
  year = {2024},
  url = {hhttps://proceedings.neurips.cc/paper_files/paper/2023/hash/abc-Abstract-Conference.html}
}

@misc{b,
  author = {Ho, Jonathan},
  title = {A paper without a venue},
  year = {2020},
  url = {https://openaccess.thecvf.com/content/CVPR2023/html/X_CVPR_2023_paper.html}
}

@misc{c,
  author = {Ho, Jonathan},
  title = {A paper without a venue},
  year = {2021}
}
"""


def test_fix_applies_the_fixes_with_one_right_answer_and_diff_only_shows_them(tmp_path):
    path = tmp_path / "fixable.bib"
    path.write_text(FIXABLE_BIB)
    found = json.loads(run_cli("check", path, "--format", "json", cwd=tmp_path).stdout)
    assert sorted((f["key"], f["code"]) for f in found) == [
        ("a", "M001"), ("a", "U001"), ("a", "V002"), ("a", "V010"),
        ("b", "V002"),  # no venue in the bib, but a year other than the URL's
        ("c", "D002"),  # b's title again: a person's decision, never fixed
    ]
    diff = run_cli("check", path, "--diff", cwd=tmp_path)
    assert diff.returncode == 1
    assert "-  title = {CafÃ© diffusion},\n" in diff.stdout and "+  title = {Café diffusion},\n" in diff.stdout
    assert "+  url = {https://proceedings.neurips.cc/" in diff.stdout
    assert path.read_text() == FIXABLE_BIB  # --diff writes nothing
    fixed = run_cli("check", path, "--fix", "--ignore", "V002", cwd=tmp_path)
    assert fixed.returncode == 1  # D002 is an error and stays
    assert "2 fixed, 2 findings, 1 errors" in fixed.stderr  # V010 stays: a's venue is one decision with its V002
    survey, _ = api.load_bib(path)
    a, b = survey.entry("a"), survey.entry("b")
    assert a.fields["title"] == "Café diffusion"
    assert a.links[0].url.startswith("https://proceedings.neurips.cc/")
    assert (a.fields["booktitle"], a.fields["year"]) == ("NeulIPS", "2024")
    assert b.type == "misc" and b.fields["year"] == "2020"
    again = run_cli("check", path, "--fix", cwd=tmp_path)
    assert "3 fixed, 1 findings, 1 errors" in again.stderr
    survey, _ = api.load_bib(path)
    a, b = survey.entry("a"), survey.entry("b")
    assert (a.fields["booktitle"], a.fields["year"]) == ("Advances in Neural Information Processing Systems", "2023")
    assert (b.type, b.fields["year"]) == ("inproceedings", "2023")
    assert run_cli("check", path, "--diff", cwd=tmp_path).returncode == 0  # nothing left to fix


def test_fix_on_the_project_syncs_its_outputs(survey_project):
    bib = survey_project / "bib" / "survey.bib"
    bib.write_text(bib.read_text("utf-8").replace(
        "  title = {Consistency Models},", "  title = {Consistency ModelsÃ©},"))
    assert run_cli("check", "--select", "O,M", cwd=survey_project).returncode == 1
    fixed = run_cli("check", "--fix", "--select", "O,M", cwd=survey_project)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "title = {Consistency Modelsé}," in bib.read_text("utf-8")
    assert "* Consistency Modelsé *Yang Song" in (survey_project / "bib" / "README.md").read_text("utf-8")
    assert run_cli("sync", "--check", cwd=survey_project).returncode == 0
