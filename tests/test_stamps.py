"""The sync stamp: check's O001 skips rendering only while the stamp proves the outputs match."""

from __future__ import annotations

import pytest

from surveybib import plans, stamps
from surveybib.config import load_config
from surveybib.project import write_all
from tests.test_codes_fire import SECTIONS, entry

BIB = SECTIONS + entry(keywords="part-a")
PYPROJECT = '[tool.surveybib]\nbib = "bib/survey.bib"\nlist = "bib/README.md"\n'
README = "# List\n\n<!-- surveybib:begin part-a -->\n<!-- surveybib:end -->\n\n<!-- surveybib:begin part-b -->\n<!-- surveybib:end -->\n"


@pytest.fixture
def synced(tmp_path, monkeypatch):
    """A small project, synced, with its stamp recorded as `surveybib sync` records it."""
    (tmp_path / "bib").mkdir()
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "bib" / "survey.bib").write_text(BIB)
    (tmp_path / "bib" / "README.md").write_text(README)
    monkeypatch.chdir(tmp_path)
    config = load_config()
    outputs = plans.plan_sync(config)
    write_all([o for o in outputs if o.changed], root=tmp_path)
    stamps.record(config, outputs)
    return config


@pytest.fixture
def renders(monkeypatch):
    """How many times the outputs were rendered."""
    count = []
    real = plans.plan_sync
    monkeypatch.setattr(plans, "plan_sync", lambda *a, **k: count.append(1) or real(*a, **k))
    return count


def test_a_stamp_spares_the_rendering(synced, renders):
    assert stamps.in_sync(synced)
    assert plans.stale_outputs(synced, stamped=True) == [] and renders == []
    assert plans.stale_outputs(synced) == [] and renders == [1]  # without it (the API's default): rendered


def test_a_hand_edit_of_an_output_is_found(synced, renders):
    readme = synced.list
    readme.write_text(readme.read_text().replace("* ", "* Edited: ", 1))
    assert not stamps.in_sync(synced)
    assert [f.code for f in plans.stale_outputs(synced, stamped=True)] == ["O001"] and renders == [1]


@pytest.mark.parametrize("change", ["bib", "pyproject", "latex folder", "bad stamp"])
def test_any_change_of_the_inputs_renders_again(synced, renders, change):
    if change == "bib":
        synced.bib.write_text(BIB.replace("Denoising", "Noising"))
    elif change == "pyproject":
        (synced.root / "pyproject.toml").write_text(PYPROJECT + 'order = "newest"\n')
    elif change == "latex folder":
        (synced.root / "latex").mkdir()  # creating it adds the LaTeX lists to the outputs
    else:
        stamps._stamp_path(synced).write_text("{not json")
    config = load_config()
    assert not stamps.in_sync(config)
    found = plans.stale_outputs(config, stamped=True)
    assert renders == [1]
    assert bool(found) == (change in ("bib", "latex folder"))


def test_the_stamp_lives_outside_the_project(synced):
    path = stamps._stamp_path(synced)
    assert path.is_file() and synced.root.resolve() not in path.resolve().parents
