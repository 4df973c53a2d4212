"""check's P001 (stale preprints, with an injectable today) and T001 (a name's capitals lost)."""

from datetime import date

import pytest

from surveybib import api, parse_bib

from .conftest import run_cli

BIB = """@comment{surveybib-sections
  2 s S
}

@misc{lora2021lowrank,
  title = {Lora: Low-rank adaptation of large language models},
  year = {2021},
  eprint = {2106.09685},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2106.09685},
  links = {Code <https://github.com/microsoft/LoRA>},
  keywords = {s}
}

@misc{recent2026,
  title = {A recent preprint about diffusion},
  year = {2026},
  eprint = {2606.01234},
  archiveprefix = {arXiv},
  keywords = {s}
}

@misc{checked2023,
  title = {An old preprint someone checked},
  year = {2023},
  eprint = {2305.01234},
  archiveprefix = {arXiv},
  preprintchecked = {2026-10-01: still a preprint (https://arxiv.org/abs/2305.01234)},
  keywords = {s}
}

@inproceedings{published2021,
  title = {{MVDream}: Multi-view diffusion for {3D} generation},
  booktitle = {International Conference on Learning Representations},
  year = {2024},
  eprint = {2308.16512},
  archiveprefix = {arXiv},
  url = {https://github.com/bytedance/MVDream},
  keywords = {s}
}

@misc{controlnet2023,
  title = {Adding conditional control with controlnet and a control net},
  year = {2023},
  eprint = {2302.05543},
  archiveprefix = {arXiv},
  source = {github:lllyasviel/ControlNet/README.md},
  keywords = {s}
}
"""

TODAY = date(2026, 12, 3)


def findings(code, **options):
    survey, _ = parse_bib(BIB)
    return [(f.key, f.message) for f in api.check(survey, select=(code,), **options)]


def test_stale_preprints_by_the_age_of_their_arxiv_id():
    found = findings("P001", today=TODAY)
    assert [key for key, _ in found] == ["lora2021lowrank", "controlnet2023"]
    assert found[0][1] == ("still an arXiv preprint 66 months after its arXiv id (more than 12): "
                           "it may be published since")


@pytest.mark.parametrize(("today", "months", "keys"), [
    (date(2022, 6, 30), 12, []),                                    # 12 months: not yet
    (date(2022, 7, 1), 12, ["lora2021lowrank"]),                    # 13 months
    (date(2026, 12, 3), 48, ["lora2021lowrank"]),                   # a longer age, configured
    (date(2027, 11, 1), 12, ["lora2021lowrank", "recent2026", "checked2023", "controlnet2023"]),  # a year after the check
], ids=["12-months", "13-months", "configured", "check-ages-too"])
def test_the_age_and_today_are_configurable(today, months, keys):
    assert [key for key, _ in findings("P001", today=today, stale_months=months)] == keys


def test_lowered_names_from_links_and_source():
    found = findings("T001")
    assert found == [
        ("lora2021lowrank", "title writes 'Lora'; its links or key write 'LoRA'"),
        ("controlnet2023", "title writes 'controlnet'; its links or key write 'ControlNet'"),
    ]  # MVDream is braced; "control net" is two words, never guessed to be the name


def test_config_sets_the_age_and_rejects_nonsense(tmp_path):
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "survey.bib").write_text(BIB)
    (tmp_path / "pyproject.toml").write_text('[tool.surveybib]\noutdated_after_months = 1000\n\n[tool.surveybib.check]\nignore = ["O001"]\n')
    result = run_cli("check", "bib/survey.bib", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"P001"' not in result.stdout and '"T001"' in result.stdout
    (tmp_path / "pyproject.toml").write_text('[tool.surveybib]\noutdated_after_months = "a year"\n')
    result = run_cli("check", "bib/survey.bib", cwd=tmp_path)
    assert result.returncode == 2
    assert "outdated_after_months must be a whole number of months" in result.stderr
    assert "Traceback" not in result.stderr
