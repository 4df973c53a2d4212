"""Untrusted input (a README pull request, a foreign bib, an .aux) never writes outside the
project, never loses a paper silently, never bricks the bib, and never ends in a traceback.

Each test names the defect of the adversarial log (issue 17) it pins.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from surveybib import format_bib, load_bib
from surveybib.errors import InputError


@pytest.fixture(autouse=True)
def state_home(tmp_path, monkeypatch):
    """The user's state folder (where write journals live), one per test."""
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def journals(state_home) -> list:
    folder = state_home / "surveybib" / "journals"
    return sorted(folder.glob("*.json")) if folder.exists() else []
from .conftest import run_cli

BIB = """@comment{surveybib-sections
  2 methods Methods
  2 systems Systems
}

@inproceedings{ddim,
  title = {Denoising Diffusion Implicit Models},
  author = {Song, Jiaming and Meng, Chenlin and Ermon, Stefano},
  booktitle = {International Conference on Learning Representations},
  year = {2021},
  eprint = {2010.02502},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2010.02502},
  keywords = {methods, systems},
  positions = {methods=1, systems=2}
}

@misc{lcm,
  title = {Latent Consistency Models},
  author = {Luo, Simian and Tan, Yiqin and Huang, Longbo and Li, Jian and Zhao, Hang},
  year = {2023},
  eprint = {2310.04378},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2310.04378},
  keywords = {methods},
  positions = {methods=2}
}

@misc{snap,
  title = {SnapFusion: Text-to-Image Diffusion Model on Mobile Devices within Two Seconds},
  year = {2023},
  eprint = {2306.00980},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2306.00980},
  keywords = {systems},
  positions = {systems=1}
}
"""

TEMPLATE = """# Our survey

<!-- surveybib:begin toc -->
<!-- surveybib:end -->

<!-- surveybib:begin methods -->
<!-- surveybib:end -->

<!-- surveybib:begin systems -->
<!-- surveybib:end -->
"""


@pytest.fixture
def project(tmp_path):
    """A small project with every output: README list, LaTeX lists, exports."""
    root = tmp_path / "proj"
    (root / "bib" / "exports").mkdir(parents=True)
    (root / "latex").mkdir()
    (root / "pyproject.toml").write_text('[tool.surveybib]\nbib = "bib/survey.bib"\nlist = "bib/README.md"\n')
    (root / "bib" / "survey.bib").write_text(format_bib(BIB))
    (root / "bib" / "README.md").write_text(TEMPLATE)
    done = run_cli("sync", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder (the project, or the scratch folder around it) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def readme(project) -> str:
    return (project / "bib" / "README.md").read_text("utf-8")


def list_with_region(name: str) -> str:
    return (f"<!-- surveybib:begin {name} -->\n### Evil\n"
            "* A paper that escapes [[Paper]](https://arxiv.org/abs/2301.00002)\n<!-- surveybib:end -->\n")


# D1, D4, D8.2: a region name is a slug or the import stops, writing nothing anywhere.
@pytest.mark.parametrize("name", [
    "ABS", "../../../../../../../../tmp/ESCAPED-rel", "../survey", "foo,bar", "a=b",
    "x}]\\typeout{x}\\printbibliography[keyword={x", "setup", "-lead", "Upper", "%", "a" * 101,
])
def test_a_region_name_that_is_not_a_slug_is_refused(project, name):
    name = str(project.parent / "ESCAPED-abs") if name == "ABS" else name
    (project / "list.md").write_text(list_with_region(name))
    before = snapshot(project.parent)
    for command in (("import", "list.md"), ("sync",)):
        done = run_cli(*command, cwd=project)
        assert "Traceback" not in done.stderr
        if command[0] == "import":
            assert done.returncode == 2 and "list.md:1:" in done.stderr, done.stderr
    assert snapshot(project.parent) == before


# D1 through the bib: a slug in the section table names files, so it must be a slug.
def test_a_section_table_slug_that_is_not_a_slug_is_an_input_error(project):
    bib = project / "bib" / "survey.bib"
    bib.write_text(bib.read_text().replace("2 systems Systems", f"2 {project.parent}/ESCAPED-viabib Evil"))
    before = snapshot(project.parent)
    for command in ("latex", "sync", "check", "fmt"):
        done = run_cli(command, cwd=project)
        assert done.returncode == 2 and "survey.bib:3: B006 section table:" in done.stderr, (command, done.stderr)
    assert snapshot(project.parent) == before


# D7: headings named like surveybib's own files get slugs of their own.
def test_headings_named_like_generated_files_do_not_collide(project):
    (project / "list.md").write_text(
        "## All\n* Paper one [[Paper]](https://arxiv.org/abs/2301.00001)\n"
        "## Setup\n* Paper two [[Paper]](https://arxiv.org/abs/2301.00002)\n"
        "## Bibliography\n* Paper three [[Paper]](https://arxiv.org/abs/2301.00003)\n")
    assert run_cli("import", "list.md", cwd=project).returncode == 0
    assert run_cli("sync", cwd=project).returncode == 0
    assert run_cli("sync", "--check", cwd=project).returncode == 0
    slugs = [s.slug for s in load_bib(project / "bib" / "survey.bib")[0].sections]
    assert slugs == ["methods", "systems", "all-section", "setup-section", "bibliography-section"]
    assert (project / "bib" / "exports" / "all.bib").read_text().count("@") == 6
    assert "\\usepackage" in (project / "latex" / "generated" / "setup.tex").read_text()


# D8.1: a heading of any length gives a file name the OS accepts.
def test_a_very_long_heading_gives_a_bounded_slug(project):
    (project / "list.md").write_text("## " + "Very long heading " * 20 + "\n* A paper [[Paper]](https://arxiv.org/abs/2301.00001)\n")
    assert run_cli("import", "list.md", cwd=project).returncode == 0
    done = run_cli("sync", cwd=project)
    assert done.returncode == 0, done.stderr
    slug = load_bib(project / "bib" / "survey.bib")[0].sections[-1].slug
    assert slug.startswith("very-long-heading") and len(slug) <= 80


# D4: a marker key no command could read back is ignored, and the bib stays readable.
@pytest.mark.parametrize("key", ["evil,key", "a{b", 'x"y', "k=v", "a}b"])
def test_an_unusable_marker_key_never_reaches_the_bib(project, key):
    text = readme(project).replace("## Methods\n", "## Methods\n* Fresh paper [[Paper]](https://arxiv.org/abs/2301.00009) "
                                   f"<!-- surveybib {key} 0123abcd -->\n", 1)
    (project / "bib" / "README.md").write_text(text)
    done = run_cli("import", "bib/README.md", cwd=project)
    assert done.returncode == 0 and "R014" in done.stdout, done.stdout + done.stderr
    survey = load_bib(project / "bib" / "survey.bib")[0]  # readable: no InputError
    assert [e.key for e in survey.entries if "Fresh" in e.fields["title"]] == ["fresh2023paper"]
    assert run_cli("check", cwd=project).returncode in (0, 1)


# D11: a key that would close the marker comment is encoded; the line reads back unchanged.
def test_a_key_cannot_inject_html_into_the_readme(project):
    bib = project / "bib" / "survey.bib"
    bib.write_text(bib.read_text().replace("@misc{lcm,", "@misc{x--><h1>INJECTED</h1><!--,"))
    assert run_cli("sync", cwd=project).returncode == 0
    text = readme(project)
    assert "<h1>" not in text and "x--%3E%3Ch1%3EINJECTED%3C%2Fh1%3E%3C%21--" in text
    done = run_cli("import", "bib/README.md", "--check", cwd=project)
    assert done.returncode == 0 and "new" not in done.stdout.replace("0 new", ""), done.stdout


# D11: headings come from the bib's section table; they render as text.
def test_headings_are_escaped_in_the_readme(project):
    bib = project / "bib" / "survey.bib"
    bib.write_text(bib.read_text().replace("2 systems Systems", "2 systems Systems <img src=x onerror=alert(1)> [x](http://e.vil)"))
    assert run_cli("sync", cwd=project).returncode == 0
    assert "## Systems \\<img src=x onerror=alert(1)\\> \\[x\\](http://e.vil)" in readme(project)
    assert run_cli("import", "bib/README.md", "--check", cwd=project).returncode == 0


# D2: a typo in a region name moves nobody out of a section.
def test_a_region_name_typo_moves_nothing_and_warns(project):
    before = (project / "bib" / "survey.bib").read_text()
    (project / "bib" / "README.md").write_text(readme(project).replace("begin methods", "begin method"))
    strict = run_cli("import", "bib/README.md", "--strict", cwd=project)
    assert strict.returncode == 1 and strict.stdout.count("R012") == 2
    done = run_cli("import", "bib/README.md", cwd=project)
    assert done.returncode == 0, done.stdout
    after = (project / "bib" / "survey.bib").read_text()
    assert after == before and "1073741824" not in after


# D5: a hard-wrapped line, or a deleted title, never puts the author line in the title.
@pytest.mark.parametrize("edit", ["wrap", "delete"])
def test_a_title_that_reads_like_authors_is_not_applied(project, edit):
    text = readme(project)
    line = next(line for line in text.splitlines() if "Denoising Diffusion Implicit Models" in line)
    if edit == "wrap":
        new = line.replace(" *Jiaming", "\n  *Jiaming")
    else:
        new = line.replace("Denoising Diffusion Implicit Models ", "")
    (project / "bib" / "README.md").write_text(text.replace(line, new, 1))
    done = run_cli("import", "bib/README.md", cwd=project)
    assert "R013" in done.stdout, done.stdout
    titles = {e.key: e.fields["title"] for e in load_bib(project / "bib" / "survey.bib")[0].entries}
    assert titles["ddim"] == "Denoising Diffusion Implicit Models"
    assert run_cli("import", "bib/README.md", "--strict", cwd=project).returncode == 1


# D2 (related): an 'all' region beside the section regions would list every paper twice.
def test_section_regions_beside_an_all_region_are_refused(project):
    (project / "bib" / "README.md").write_text(readme(project) + "\n<!-- surveybib:begin all -->\n<!-- surveybib:end -->\n")
    before = snapshot(project)
    for command in (("import", "bib/README.md"), ("sync",)):
        done = run_cli(*command, cwd=project)
        assert done.returncode == 2 and "README.md:" in done.stderr, done.stderr
    assert snapshot(project) == before


# Positions never hold the internal sentinel, even for a membership without a place.
def test_no_sentinel_position_is_ever_written():
    from surveybib import parse_bib, write_bibtex

    survey = parse_bib(BIB.replace("  positions = {methods=2}\n", ""))[0]
    assert survey.entry("lcm").sections["methods"] > 10**6  # read as "no place yet"
    text = write_bibtex(survey)
    assert "1073741824" not in text and "positions" not in text.split("@misc{lcm,")[1].split("@")[0]
    assert [e.key for e in parse_bib(text)[0].in_section("methods")] == ["ddim", "lcm"]


# D3: two imports at once: both papers land (the second waits for the first).
@pytest.mark.slow
def test_concurrent_imports_lose_no_paper(project):
    for n in range(3):
        for i in (1, 2):
            (project / f"list{i}.md").write_text(f"* Concurrent paper {n} {i} [[Paper]](https://arxiv.org/abs/2301.0{n}{i}00)\n")
        runs = [subprocess.Popen([sys.executable, "-m", "surveybib", "import", f"list{i}.md"], cwd=project,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in (1, 2)]
        results = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
        assert all(code == 0 for _, _, code in results), results
        titles = {e.fields["title"] for e in load_bib(project / "bib" / "survey.bib")[0].entries}
        assert {f"Concurrent paper {n} 1", f"Concurrent paper {n} 2"} <= titles


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    from surveybib.project import Output, write_all

    tmp_path = tmp_path / "proj"
    tmp_path.mkdir()
    path = tmp_path / "survey.bib"
    path.write_text("read\n")
    output = Output(path, "read\n", "new\n")
    path.write_text("someone else's edit\n")
    with pytest.raises(InputError, match="changed since surveybib read it"):
        write_all([output], root=tmp_path)
    assert path.read_text() == "someone else's edit\n" and sorted(os.listdir(tmp_path)) == ["survey.bib"]


# D12: sync writes all its outputs or none.
def test_sync_writes_every_output_or_none(project):
    bib = project / "bib" / "survey.bib"
    bib.write_text(bib.read_text().replace("Latent Consistency Models", "Latent Consistency Models, Renamed"))
    blocker = project / "bib" / "exports" / "methods.ris"  # the last output that changes
    blocker.chmod(0o444)
    before = snapshot(project)
    done = run_cli("sync", cwd=project)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "methods.ris" in done.stderr, done.stderr
    assert snapshot(project) == before
    assert not list(project.rglob("*.tmp"))


KILLER = """
import os, sys
from pathlib import Path
from surveybib import project
real = os.replace
calls = []
def replace(src, dst):
    calls.append(dst)
    if len(calls) == int(sys.argv[2]):
        os._exit(9)  # killed here
    real(src, dst)
project.os.replace = replace
root = Path(sys.argv[1])
outputs = [project.Output(root / name, (root / name).read_text(), "new " + name) for name in ("a.txt", "b.txt", "c.txt")]
project.write_all(outputs, root=root)
"""


# D12: a run killed half-way through its renames is completed by the next command; one
# killed while staging leaves nothing behind.
@pytest.mark.parametrize("kill_at, expected", [(1, "old"), (2, "old"), (3, "new"), (5, "new")])
def test_a_killed_write_is_finished_or_undone_by_the_next_run(project, state_home, kill_at, expected):
    """os.replace calls: 1 the journal (staging), 2 the journal (commit), 3-5 the files."""
    for name in ("a.txt", "b.txt", "c.txt"):
        (project / name).write_text(f"old {name}")
    killed = subprocess.run([sys.executable, "-c", KILLER, str(project), str(kill_at)], capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    assert bool(journals(state_home)) == (kill_at > 1)
    done = run_cli("sync", cwd=project)
    assert done.returncode == 0 and ("note:" in done.stderr) == (kill_at > 1), done.stderr
    assert [(project / n).read_text() for n in ("a.txt", "b.txt", "c.txt")] == [f"{expected} {n}" for n in ("a.txt", "b.txt", "c.txt")]
    assert not list(project.rglob("*.tmp")) and not journals(state_home)


def test_a_roll_forward_never_overwrites_what_changed_since(project, state_home):
    for name in ("a.txt", "b.txt", "c.txt"):
        (project / name).write_text(f"old {name}")
    killed = subprocess.run([sys.executable, "-c", KILLER, str(project), "4"], capture_output=True, text=True)
    assert killed.returncode == 9 and (project / "a.txt").read_text() == "new a.txt", killed.stderr
    (project / "b.txt").write_text("an edit made after the crash")
    done = run_cli("sync", cwd=project)
    assert done.returncode == 0 and "abandoned after 0 of 3 files" in done.stderr, done.stderr
    assert [(project / n).read_text() for n in ("a.txt", "b.txt", "c.txt")] == [
        "new a.txt", "an edit made after the crash", "old c.txt"]
    assert not list(project.rglob("*.tmp")) and not journals(state_home)


def test_new_files_follow_the_umask_and_read_only_files_are_refused(project):
    out = project / "part.ris"
    done = subprocess.run([sys.executable, "-c", "import os, sys; os.umask(0o022); from surveybib.cli import main; main()",
                           "export", "--format", "ris", "-o", str(out)], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    bib = project / "bib" / "survey.bib"
    bib.write_text(bib.read_text().replace("year = {2023},\n  eprint = {2310", "year = {2023},\n  eprint = {2310", 1) + "\n\n")
    bib.chmod(0o444)
    before = bib.read_bytes()
    done = run_cli("fmt", cwd=project)
    assert done.returncode == 2 and "read-only" in done.stderr, done.stderr
    assert bib.read_bytes() == before


def test_symlinks_out_of_the_project_are_not_followed(project, tmp_path):
    outside = tmp_path / "symout"
    outside.mkdir()
    exports = project / "bib" / "exports"
    for path in exports.iterdir():
        path.unlink()
    exports.rmdir()
    exports.symlink_to(outside)
    done = run_cli("sync", cwd=project)
    assert done.returncode == 2 and ("outside the project" in done.stderr or "is a symbolic link" in done.stderr), done.stderr
    assert list(outside.iterdir()) == []


def test_a_symlinked_bib_inside_the_project_is_written_through(project):
    bib = project / "bib" / "survey.bib"
    real = project / "bib" / "real.bib"
    real.write_text(bib.read_text() + "\n\n\n")
    bib.unlink()
    bib.symlink_to("real.bib")
    assert run_cli("fmt", cwd=project).returncode == 0
    assert bib.is_symlink() and real.read_text() == format_bib(BIB)


def test_extract_reads_only_the_aux_files_beside_the_aux(project, tmp_path):
    secret = tmp_path / "secret.aux"
    secret.write_text("\\citation{lcm}\n")
    aux = project / "latex" / "main.aux"
    aux.write_text(f"\\citation{{ddim}}\n\\@input{{{secret}}}\n\\@input{{../../secret.aux}}\n")
    done = run_cli("extract", "--aux", "latex/main.aux", "-o", "refs.bib", cwd=project)
    assert done.returncode == 0, done.stderr
    keys = [e.key for e in load_bib(project / "refs.bib")[0].entries]
    assert keys == ["ddim"]


@pytest.mark.parametrize("command", [("cite-check",), ("extract", "--aux", "main.aux", "-o", "out.bib")])
def test_a_missing_bib_is_an_input_error_not_an_empty_one(tmp_path, command):
    (tmp_path / "main.aux").write_text("\\citation{a}\n")
    (tmp_path / "main.tex").write_text("\\cite{a}\n")
    done = run_cli(*command, cwd=tmp_path)
    assert done.returncode == 2 and "survey.bib: no such file" in done.stderr, done.stderr
    assert not (tmp_path / "out.bib").exists()


# D8.5: an unusable cache folder is exit 2, not a traceback.
@pytest.mark.parametrize("cache", ["/proc/nope", "/dev/null/x"])
def test_an_unusable_cache_folder_is_an_input_error(project, cache):
    done = run_cli("enrich", "--online", "arxiv", "--cache-dir", cache, cwd=project)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr


# Beyond the log: files a pull request can bring. The journal lives in the user's state
# folder, so a journal (or its temporary file, or a link) placed in the project is never read.
@pytest.mark.parametrize("name", [".surveybib-journal", ".surveybib-journal.tmp"])
def test_journal_files_in_the_project_are_never_obeyed(project, tmp_path, name):
    hooks = project / ".git" / "hooks"
    hooks.mkdir(parents=True)
    script = hooks / ".pre-commit.surveybib-0123abcd.tmp"
    script.write_text("#!/bin/sh\ntouch PWNED\n")
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    planted = project / name
    if name.endswith(".tmp"):
        planted.symlink_to(victim)
    else:
        planted.write_text(json.dumps({"state": "commit", "renames": [[str(script), str(hooks / "pre-commit"), None, None]]}))
    (project / "list.md").write_text("* A new paper [[Paper]](https://arxiv.org/abs/2301.00001)\n")
    for command in (("import", "list.md"), ("sync",)):
        done = run_cli(*command, cwd=project)
        assert done.returncode == 0 and "note:" not in done.stderr, done.stderr
    assert not (hooks / "pre-commit").exists() and victim.read_text() == "mine"


def test_the_project_bib_linked_outside_the_project_is_never_written(project, tmp_path):
    outside = tmp_path / "outside.bib"
    bib = project / "bib" / "survey.bib"
    outside.write_text(bib.read_text())
    bib.unlink()
    bib.symlink_to(outside)
    (project / "list.md").write_text("* A new paper [[Paper]](https://arxiv.org/abs/2301.00001)\n")
    before = outside.read_text()
    for command in (("import", "list.md"), ("fmt",), ("fmt", "bib/survey.bib"), ("normalize",)):
        done = run_cli(*command, cwd=project)
        assert done.returncode in (0, 2) and "Traceback" not in done.stderr, (command, done.stderr)
        assert outside.read_text() == before, command


@pytest.mark.parametrize("setting", ['bib = "../outside.bib"', 'list = "/tmp/README.md"', 'latex_dir = "a/../../x"'])
def test_configured_paths_stay_in_the_project(project, setting):
    (project / "pyproject.toml").write_text(f"[tool.surveybib]\n{setting}\n")
    done = run_cli("sync", cwd=project)
    assert done.returncode == 2 and "pyproject.toml: [tool.surveybib]" in done.stderr, done.stderr


def test_a_crlf_readme_keeps_its_line_endings(project):
    path = project / "bib" / "README.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    bib = project / "bib" / "survey.bib"
    bib.write_text(bib.read_text().replace("Latent Consistency Models", "Latent Consistency Models Again"))
    assert run_cli("sync", cwd=project).returncode == 0
    data = path.read_bytes()
    assert b"Again" in data and data.count(b"\n") == data.count(b"\r\n")
    assert run_cli("sync", "--check", cwd=project).returncode == 0


def test_a_renamed_heading_is_reported_not_silently_reverted(project):
    path = project / "bib" / "README.md"
    path.write_text(readme(project).replace("## Systems", "## Serving systems"))
    done = run_cli("import", "bib/README.md", cwd=project)
    assert "R015" in done.stdout and "'Systems' to 'Serving systems'" in done.stdout, done.stdout


# Beyond the log: a heading with braces would end the section table's @comment block.
def test_headings_with_braces_and_percent_survive_the_section_table(project):
    (project / "list.md").write_text("## Sys}tems 100% {done\n* A listed paper [[Paper]](https://arxiv.org/abs/2301.00001)\n")
    assert run_cli("import", "list.md", cwd=project).returncode == 0
    survey = load_bib(project / "bib" / "survey.bib")[0]
    assert survey.sections[-1].heading == "Sys}tems 100% {done"
    assert "Sys%7Dtems 100%25 %7Bdone" in (project / "bib" / "survey.bib").read_text()
    assert run_cli("sync", cwd=project).returncode == 0
    assert "## Sys}tems 100% {done" in readme(project)


# Beyond the log: a line break inside a bib value must not start a line of its own in a
# line-based output (a fake README bullet with a fake marker, a fake RIS record).
def test_a_multi_line_value_cannot_forge_lines_in_the_readme_or_ris(project):
    bib = project / "bib" / "survey.bib"
    forged = ("Latent Consistency Models\n* Fake [[Paper]](https://evil.example/x) <!-- surveybib snap 0123abcd -->"
              "\nER  - \nTY  - JOUR\nTI  - Injected")
    bib.write_text(bib.read_text().replace("Latent Consistency Models", forged))
    assert run_cli("sync", cwd=project).returncode == 0
    lines = [line for line in readme(project).splitlines() if "Fake" in line]
    assert len(lines) == 1 and lines[0].startswith("* Latent Consistency Models \\* Fake")
    ris = (project / "bib" / "exports" / "methods.ris").read_text()
    assert [line[:6] for line in ris.splitlines()].count("TY  - ") == 2 and "\nTI  - Injected" not in ris
    assert run_cli("import", "bib/README.md", "--check", cwd=project).returncode == 0


# Review findings: a generated file can never be the bib, the README or pyproject.toml.
@pytest.mark.parametrize("how", ["exports linked to bib/", "exports_dir = bib"])
def test_a_section_named_like_the_bib_cannot_overwrite_it(project, how):
    if how.startswith("exports linked"):
        exports = project / "bib" / "exports"
        shutil.rmtree(exports)
        exports.symlink_to(".")
    else:
        (project / "pyproject.toml").write_text('[tool.surveybib]\nexports_dir = "bib"\n')
    bib = project / "bib" / "survey.bib"
    bib.write_text(bib.read_text().replace("2 systems Systems", "2 systems Systems\n  2 survey Survey"))
    before = snapshot(project)
    done = run_cli("sync", cwd=project)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert snapshot(project) == before


def test_a_linked_generated_folder_is_refused(project):
    generated = project / "latex" / "generated"
    shutil.rmtree(generated)
    generated.symlink_to(".")
    (project / "latex" / "main.tex").write_text("my paper\n")
    done = run_cli("sync", cwd=project)
    assert done.returncode == 2 and "is a symbolic link" in done.stderr, done.stderr
    assert (project / "latex" / "main.tex").read_text() == "my paper\n"


@pytest.mark.parametrize("link", ["bib outside", "readme is the bib"])
def test_project_files_that_link_elsewhere_are_refused_for_reading_too(project, tmp_path, link):
    if link == "bib outside":
        outside = tmp_path / "private.bib"
        outside.write_text(BIB.replace("Latent Consistency Models", "Private"))
        path, target = project / "bib" / "survey.bib", outside
    else:
        path, target = project / "bib" / "README.md", Path("survey.bib")
    path.unlink()
    path.symlink_to(target)
    before = snapshot(project)
    for command in ("sync", "check", "stats"):
        done = run_cli(command, cwd=project)
        assert done.returncode == 2 and "Traceback" not in done.stderr, (command, done.stderr)
    assert snapshot(project) == before
    assert "Private" not in (project / "bib" / "exports" / "all.bib").read_text()


def test_a_damaged_generated_file_is_simply_rewritten(project):
    damaged = project / "bib" / "exports" / "all.ris"
    damaged.write_bytes(b"\xff\xfe")
    assert run_cli("check", cwd=project).returncode == 1  # O001: out of date, not unreadable
    assert run_cli("sync", cwd=project).returncode == 0
    assert damaged.read_text().startswith("TY  - ")


def test_json_and_exports_on_stdout_are_exact_data(project):
    bib = project / "bib" / "survey.bib"
    bib.write_text(bib.read_text().replace("Latent Consistency Models", "Latent\x85Consistency \u2067Models\x7f"))
    shown = run_cli("export", "--format", "csljson", cwd=project)
    written = run_cli("export", "--format", "csljson", "-o", "out.json", cwd=project)
    assert shown.returncode == written.returncode == 0
    assert json.loads(shown.stdout) == json.loads((project / "out.json").read_text())
    found = run_cli("check", "--format", "json", cwd=project)
    assert json.loads(found.stdout) is not None and "\x85" not in found.stdout


def test_a_line_pasted_outside_the_regions_is_not_read(project):
    text = readme(project)
    line = next(line for line in text.splitlines() if "SnapFusion" in line)
    (project / "bib" / "README.md").write_text(text.replace("# Our survey\n", f"# Our survey\n\n## Table of contents\n{line}\n"))
    done = run_cli("import", "bib/README.md", cwd=project)
    assert done.returncode == 0 and "R016" in done.stdout, done.stdout
    assert [s.slug for s in load_bib(project / "bib" / "survey.bib")[0].sections] == ["methods", "systems"]


def test_a_copied_line_is_reported_as_a_copy(project):
    text = readme(project)
    line = next(line for line in text.splitlines() if "SnapFusion" in line)
    (project / "bib" / "README.md").write_text(text.replace("## Methods\n", f"## Methods\n{line}\n"))
    done = run_cli("import", "bib/README.md", cwd=project)
    assert "copied from systems to methods: the entry is now in both sections" in done.stdout, done.stdout
    assert set(load_bib(project / "bib" / "survey.bib")[0].entry("snap").sections) == {"methods", "systems"}


def test_a_new_line_under_a_misspelt_region_is_warned_about(project):
    text = readme(project).replace("begin methods", "begin method").replace(
        "## Methods\n", "## Methods\n* A brand new paper [[Paper]](https://arxiv.org/abs/2301.00077)\n")
    (project / "bib" / "README.md").write_text(text)
    done = run_cli("import", "bib/README.md", "--strict", cwd=project)
    assert done.returncode == 1 and "its new lines make a new section" in done.stdout, done.stdout


def test_a_section_level_that_is_no_markdown_heading_is_refused(project):
    bib = project / "bib" / "survey.bib"
    bib.write_text(bib.read_text().replace("  2 systems Systems", "  7 systems Systems"))
    done = run_cli("sync", cwd=project)
    assert done.returncode == 2 and "a level from 1 to 6" in done.stderr, done.stderr


# Found in review: a link whose host has an unclosed IPv6 bracket crashed the list reader.
def test_a_broken_ipv6_link_is_an_odd_url_not_a_traceback(project):
    (project / "list.md").write_text("## Methods\n* A paper [[pdf](http://[::1)] [[Paper]](https://[zz]/a)\n")
    done = run_cli("import", "list.md", cwd=project)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    for command in ("check", "sync", "normalize"):
        done = run_cli(command, cwd=project)
        assert "Traceback" not in done.stderr, (command, done.stderr)
