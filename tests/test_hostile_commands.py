"""Every command against hostile projects and arguments: the error contract holds.

For each (project damage, command) pair: the command ends with exit 0, 1 or 2 and never a
traceback; an exit 2 says ``error: FILE...`` and leaves every file as it was; and nothing
is ever written outside the project. Commands run in-process (click's runner) so that
the whole matrix stays fast.
"""

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from surveybib.cli import main

from .test_safety import BIB, TEMPLATE

LIST = "## Methods\n* A listed paper [[Paper]](https://arxiv.org/abs/2301.00001)\n"
AUX = "\\citation{ddim}\n\\@input{/etc/hostname}\n"


def _read_only(path: Path):
    """Make a folder read-only; as root (whom modes do not stop) the OS refusal is simulated."""
    path.chmod(0o555)
    if os.geteuid() != 0:
        return None
    real_open = os.open

    def refusing_open(file, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(file).parent.resolve() == path.resolve():
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    return refusing_open


def damage(root: Path, how: str):
    """Apply one kind of damage to a project; returns an os.open replacement or None."""
    bib = root / "bib" / "survey.bib"
    if how == "bib missing":
        bib.unlink()
    elif how == "bib is a folder":
        bib.unlink()
        bib.mkdir()
    elif how == "bib is binary":
        bib.write_bytes(bytes(range(256)) * 8)
    elif how == "bib cut mid-entry":
        bib.write_text(bib.read_text()[:300])
    elif how == "bib with hostile names":
        bib.write_text(bib.read_text().replace("@misc{lcm,", "@misc{x--><h1>I</h1><!--\x1b[31m,")
                       .replace("2 systems Systems", "2 systems Sys}tems <!-- \\input{/etc/passwd}"))
    elif how == "list is a folder":
        (root / "list.md").unlink()
        (root / "list.md").mkdir()
    elif how == "list is binary":
        (root / "list.md").write_bytes(b"\xff\xfe\x00" * 100)
    elif how == "list with hostile regions":
        (root / "list.md").write_text("<!-- surveybib:begin ../../../x,y={z} -->\n" + LIST + "<!-- surveybib:end -->\n")
    elif how == "generated is a file":
        shutil.rmtree(root / "latex" / "generated")
        (root / "latex" / "generated").write_text("not a folder")
    elif how == "readme is a folder":
        (root / "bib" / "README.md").unlink()
        (root / "bib" / "README.md").mkdir()
    elif how == "bib folder read-only":
        return _read_only(root / "bib")
    elif how == "pyproject broken":
        (root / "pyproject.toml").write_text("[tool.surveybib\nbib = ")
    elif how == "pyproject unknown key":
        (root / "pyproject.toml").write_text('[tool.surveybib]\nbib = "bib/survey.bib"\nbibb = "x"\n')
    elif how != "intact":
        raise AssertionError(how)
    return None


DAMAGE = ["intact", "bib missing", "bib is a folder", "bib is binary", "bib cut mid-entry", "bib with hostile names",
          "list is a folder", "list is binary", "list with hostile regions", "generated is a file",
          "readme is a folder", "bib folder read-only", "pyproject broken", "pyproject unknown key"]

LONG = "k" * 300
COMMANDS = [
    ["import", "list.md"], ["import", "list.md", "--check"], ["import", "bib/README.md"], ["fmt"], ["fmt", "--check"],
    ["stats"], ["normalize"], ["venue", "NeulIPS 2024\x00\x1b]0;x\x07"], ["sync"], ["sync", "--check"], ["latex"],
    ["init-readme", "list.md", "-o", "new/README.md"], ["cite-check"], ["extract", "--aux", "main.aux", "-o", "refs.bib"],
    ["rekey", "ddim", "a,b"], ["rekey", "ddim", "../x"], ["rekey", "ddim", LONG], ["rekey", "nope", "ok"],
    ["rekey", "ddim", "ddim2021"], ["merge", "ddim", "lcm", "--take", "title"], ["merge", "ddim", "{x}"],
    ["export", "--format", "ris", "--section", "../x", "-o", "out.ris"], ["export", "--format", "csljson", "-o", LONG],
    ["enrich", "--from", "list.md"], ["enrich", "--from", "bib/survey.bib", "--fields", "author,{x}"],
    ["check"], ["check", "--fix"], ["check", "--select", "D0002"],
    ["add", "2312.00858", "--title", "T\x1b[31m", "--section", "methods"], ["add", "2312.00858", "--section", "../x"],
    ["add", "--line", "T, <ins>CVPR, 2024</ins> [[pdf](https://x.org/a)]", "--section", "methods", "--dry-run"],
    ["outdated", "--today", "2026-12-03"], ["outdated", "--format", "github"],
]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from surveybib import format_bib

    root = tmp_path_factory.mktemp("template") / "proj"
    (root / "bib" / "exports").mkdir(parents=True)
    (root / "latex").mkdir()
    (root / "pyproject.toml").write_text('[tool.surveybib]\nbib = "bib/survey.bib"\nlist = "bib/README.md"\n')
    (root / "bib" / "survey.bib").write_text(format_bib(BIB))
    (root / "bib" / "README.md").write_text(TEMPLATE)
    (root / "latex" / "main.tex").write_text("\\documentclass{article}\\begin{document}\\cite{ddim}\\end{document}\n")
    (root / "main.aux").write_text(AUX)
    (root / "list.md").write_text(LIST)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert CliRunner().invoke(main, ["sync"]).exit_code == 0
    finally:
        os.chdir(cwd)
    return root


def snapshot(folder: Path) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        files[name] = path.read_bytes() if path.is_file() else "dir"
    return files


@pytest.mark.parametrize("how", DAMAGE)
def test_every_command_keeps_the_error_contract(template, tmp_path, monkeypatch, how):
    root = tmp_path / "proj"
    shutil.copytree(template, root, symlinks=True)
    refusing_open = damage(root, how)
    monkeypatch.chdir(root)
    if refusing_open:
        monkeypatch.setattr(os, "open", refusing_open)
    runner = CliRunner()
    for command in COMMANDS:
        before = snapshot(tmp_path)
        result = runner.invoke(main, command)
        label = f"{how}: surveybib {' '.join(command)[:80]}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            label, "".join(__import__("traceback").format_exception(result.exception)))
        assert result.exit_code in (0, 1, 2), (label, result.output)
        if result.exit_code == 2:
            assert result.output.count("error: ") >= 1 or "Usage:" in result.output, (label, result.output)
            assert snapshot(tmp_path) == before, label
        assert "\x1b" not in result.output, (label, result.output)
        assert not (tmp_path / "x").exists() and not (tmp_path.parent / "x").exists(), label
    (root / "bib").chmod(0o755)
