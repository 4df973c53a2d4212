"""The pre-commit hooks, run by pre-commit itself against a throwaway survey repository."""

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_hooks_pass_on_a_synced_survey_and_fail_after_a_bib_edit(tmp_path, survey_project):
    survey = survey_project
    git(survey, "init", "-q")
    git(survey, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}

    def hook(name):  # the hooks of this repository (.pre-commit-hooks.yaml), run on the fixture survey
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), name, "--all-files"],
                              cwd=survey, env=env, capture_output=True, text=True)

    ok = hook("surveybib-check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bib = survey / "bib" / "survey.bib"
    bib.write_text(bib.read_text("utf-8").replace("title = {Consistency Models}", "title = {Consistency Models v2}"))
    git(survey, "add", "-A")
    failed = hook("surveybib-check")
    assert failed.returncode == 1
    assert "+* Consistency Models v2" in failed.stdout
    synced = hook("surveybib-sync")
    assert synced.returncode == 1  # pre-commit fails a hook that changed files
    assert "* Consistency Models v2 *Yang Song, Prafulla Dhariwal, Mark Chen et al.* [[Paper]]" in (survey / "bib" / "README.md").read_text("utf-8")
    assert hook("surveybib-check").returncode == 0
    git(survey, "add", "-A")
    assert hook("surveybib-lint").returncode == 0  # the survey's bib has no findings
    text = bib.read_text("utf-8")
    ddim = text[text.index("@inproceedings{denoising2020diffusion,"):]
    bib.write_text(text + "\n" + ddim[:ddim.index("\n}\n") + 3].replace("{denoising2020diffusion,", "{ddim2021again,"))
    git(survey, "add", "-A")
    duplicate = hook("surveybib-lint")
    assert duplicate.returncode == 1
    assert "D001 [error] ddim2021again: same arXiv id as denoising2020diffusion" in duplicate.stdout
