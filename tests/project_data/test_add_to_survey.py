"""Project data (issue 18's "Done when"): `surveybib add` and `outdated` on a copy of this
project's own survey. Tests of the tool itself use small fixture projects (tests/test_add.py,
tests/test_outdated.py)."""

import shutil

import pytest
from click.testing import CliRunner

from surveybib import load_bib
from surveybib.cli import main

from ..conftest import ROOT
from ..online_fixtures import ADD

DEEPCACHE = ("https://openaccess.thecvf.com/content/CVPR2024/papers/"
             "Ma_DeepCache_Accelerating_Diffusion_Models_for_Free_CVPR_2024_paper.pdf")
PART_5 = "part-5-efficient-sampling-and-inference"


def test_deepcache_is_added_once_as_cvpr_2024(tmp_path, monkeypatch):
    for name in ("bib", "latex"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(ADD / "deepcache-cite.bib", tmp_path / "cite.bib")
    monkeypatch.chdir(tmp_path)
    before, _ = load_bib(tmp_path / "bib" / "survey.bib")
    assert not [e for e in before.entries if "DeepCache" in e.fields.get("title", "")]  # not in the survey yet

    run = CliRunner().invoke
    first = run(main, ["add", DEEPCACHE, "--section", PART_5, "--bibtex", "cite.bib"])
    assert first.exit_code == 0, first.output
    after, _ = load_bib(tmp_path / "bib" / "survey.bib")
    added = [e for e in after.entries if "DeepCache" in e.fields.get("title", "")]
    assert [(e.key, e.type, e.fields["booktitle"], e.fields["year"]) for e in added] == [
        ("ma2024deepcache", "inproceedings", "IEEE/CVF Conference on Computer Vision and Pattern Recognition", "2024")]
    assert after.in_section(PART_5)[-1].key == "ma2024deepcache"
    assert len(after.entries) == len(before.entries) + 1
    assert "![](https://img.shields.io/badge/CVPR-2024-blue) <!-- surveybib ma2024deepcache " in first.stdout

    assert run(main, ["sync", "--check"]).exit_code == 0

    again = run(main, ["add", DEEPCACHE, "--section", PART_5, "--bibtex", "cite.bib"])
    assert again.exit_code == 1
    assert "already in the bib as ma2024deepcache (DeepCache: Accelerating Diffusion Models for Free)" in again.stderr

    cm = run(main, ["add", "2303.01469", "--section", PART_5])
    assert cm.exit_code == 1
    assert "already in the bib as consistency2023models (Consistency Models): same arXiv id" in cm.stderr


@pytest.mark.slow  # asks the fake DBLP about each of the survey's ~100 preprints
def test_outdated_on_the_survey(tmp_path):
    """Offline: every preprint of the survey older than a year; online (DBLP answered from a
    fixture that knows LoRA's ICLR 2022 version): that published version, and the enrich
    command that applies it does. The survey as its list gave it (the seed import with its
    authors): bib/survey.bib itself has LoRA's published version since published.bib."""
    from datetime import date

    from surveybib import Survey, api, import_list
    from surveybib.online.http import Client

    from ..conftest import SEED
    from ..online_fixtures import Services

    listed, _ = import_list(Survey(), SEED.read_text("utf-8"), file=SEED.name)
    survey, _ = api.enrich_bib(listed, [ROOT / "bib" / "sources" / "seed-metadata.bib"])
    arxiv_only = {e.key for e in survey.entries if e.type == "misc" and "eprint" in e.fields
                  and "booktitle" not in e.fields and "journal" not in e.fields}
    offline = api.outdated(survey, today=date(2026, 12, 3), months=12)
    assert {s.key for s in offline} == arxiv_only and len(offline) == len(arxiv_only) >= 90
    assert {s.code for s in offline} == {"S001"}
    assert "consistency2023models" not in arxiv_only and "lora2021lowrank" in arxiv_only

    client = Client(cache_dir=tmp_path / "cache", sleep=lambda s: None)
    for scheme in ("http://", "https://"):
        client.session.mount(scheme, Services())
    online = api.outdated(survey, today=date(2026, 12, 3), months=12, online=("dblp",), client=client, links=False)
    published = [s for s in online if s.code == "S002"]
    assert [(s.key, s.message, s.fix) for s in published] == [
        ("lora2021lowrank", "published as ICLR 2022", "surveybib enrich --online dblp")]
    assert "lora2021lowrank" not in {s.key for s in online if s.code == "S001"}

    enriched, report = api.enrich_bib(survey, [], online=("dblp",), client=client)
    lora = enriched.entry("lora2021lowrank")
    assert (lora.type, lora.fields["booktitle"], lora.fields["year"]) == (
        "inproceedings", "International Conference on Learning Representations", "2022")
