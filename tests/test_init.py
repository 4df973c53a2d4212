"""surveybib init LIST.md: a project from a paper list, overwriting nothing, building a PDF."""

import shutil
import subprocess

from .conftest import run_cli
from .corpus_counts import CORPUS
from .test_latex import needs_tex

LIST = "aiot-efficient-llms.md"


def init(tmp_path):
    shutil.copy(CORPUS / LIST, tmp_path / "LIST.md")
    return run_cli("init", "LIST.md", cwd=tmp_path)


def test_init_writes_a_project(tmp_path):
    done = init(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "103 items: 101 new, 2 merged, 0 malformed" in done.stderr
    assert "next steps:" in done.stdout
    for name in ("pyproject.toml", "bib/survey.bib", "bib/README.md", ".pre-commit-config.yaml",
                 ".github/workflows/surveybib.yml", "latex/main.tex", "latex/latexmkrc",
                 "latex/parts/model-centric-methods.tex", "latex/generated/setup.tex",
                 "latex/generated/weight-only-quantization.tex"):
        assert (tmp_path / name).is_file(), name
    assert '[tool.surveybib]\nbib = "bib/survey.bib"' in (tmp_path / "pyproject.toml").read_text()
    part = (tmp_path / "latex" / "parts" / "model-centric-methods.tex").read_text()
    assert "\\section{Model-Centric Methods}" in part  # the heading's emoji is not for pdflatex
    assert "\\input{generated/weight-only-quantization}" in part
    assert "surveybib check --format github" in (tmp_path / ".github/workflows/surveybib.yml").read_text()
    assert "id: surveybib-check" in (tmp_path / ".pre-commit-config.yaml").read_text()
    # the project is consistent: its outputs are in sync, the README reads back unchanged
    synced = run_cli("sync", "--check", cwd=tmp_path)
    assert synced.returncode == 0, synced.stderr
    back = run_cli("import", "bib/README.md", "--check", cwd=tmp_path)
    assert back.returncode == 0, back.stdout + back.stderr


def test_init_overwrites_nothing(tmp_path):
    assert init(tmp_path).returncode == 0
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    again = run_cli("init", "LIST.md", cwd=tmp_path)
    assert again.returncode == 2
    assert "[tool.surveybib] table already" in again.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_init_adds_its_table_to_an_existing_pyproject_and_refuses_an_existing_bib(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "my-survey"\n')
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "survey.bib").write_text("% mine\n")
    refused = init(tmp_path)
    assert refused.returncode == 2 and "survey.bib: exists already" in refused.stderr
    assert (tmp_path / "pyproject.toml").read_text() == '[project]\nname = "my-survey"\n'
    (tmp_path / "bib" / "survey.bib").unlink()
    assert init(tmp_path).returncode == 0
    assert (tmp_path / "pyproject.toml").read_text().startswith('[project]\nname = "my-survey"\n\n[tool.surveybib]\n')


@needs_tex
def test_the_scaffolded_latex_builds(tmp_path):
    assert init(tmp_path).returncode == 0
    built = subprocess.run(["latexmk", "-pdf", "main.tex"], cwd=tmp_path / "latex", capture_output=True,
                           text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:]
    text = subprocess.run(["pdftotext", "main.pdf", "-"], cwd=tmp_path / "latex", capture_output=True,
                          text=True).stdout
    assert "Efficient Large Language Models: A Survey" in text
    assert "GPTQ" in text  # a paper of the list, cited in its section's list
