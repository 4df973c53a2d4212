"""surveybib merge: two entries of one paper become one, and nothing either held is lost."""

import json

import pytest

from surveybib import api, load_bib, plans
from surveybib.config import load_config
from surveybib.model import Entry, Link
from surveybib.transforms.citations import rename_citations
from surveybib.transforms.merge_entries import combine

from .conftest import run_cli

# The seed's own duplicate: arXiv 2202.09671 listed twice in Part 5, once as the
# 2022 preprint and once as its ICLR 2023 version (check reports D003 on it).
BIB = """@comment{surveybib-sections
  2 part-3 Part 3
  2 part-5 Part 5
}

@misc{ddim,
  title = {Denoising Diffusion Implicit Models},
  year = {2020},
  url = {https://arxiv.org/abs/2010.02502},
  keywords = {part-3},
  positions = {part-3=1}
}

% the preprint, as the list first gave it
@misc{truncated2022diffusion,
  author = {Zheng, Huangjie and He, Pengcheng and Chen, Weizhu and Zhou, Mingyuan},
  title = {Truncated diffusion probabilistic models},
  year = {2022},
  eprint = {2202.09671},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2202.09671},
  keywords = {part-5},
  positions = {part-5=1}
}

% the published version
@inproceedings{truncated2023diffusion,
  author = {Zheng, Huangjie and He, Pengcheng and Chen, Weizhu and Zhou, Mingyuan},
  title = {Truncated Diffusion Probabilistic Models and Diffusion-based Adversarial Auto-Encoders},
  booktitle = {International Conference on Learning Representations},
  year = {2023},
  eprint = {2202.09671},
  archiveprefix = {arXiv},
  url = {https://iclr.cc/virtual/2023/poster/12106},
  code = {https://github.com/JegZheng/truncated-diffusion-probabilistic-models},
  keywords = {part-3, part-5},
  positions = {part-3=2, part-5=2}
}
"""


def make_project(root, main_tex):
    (root / "pyproject.toml").write_text("[tool.surveybib]\n")
    (root / "bib").mkdir()
    (root / "bib" / "survey.bib").write_text(BIB)
    (root / "latex").mkdir()
    (root / "latex" / "main.tex").write_text(main_tex)


@pytest.fixture
def project(tmp_path):
    make_project(
        tmp_path,
        "\\documentclass{article}\n\\begin{document}\n"
        "Both: \\cite{truncated2022diffusion, truncated2023diffusion}. Late: \\citep[p.~2]{truncated2023diffusion}.\n"
        "\\end{document}\n")
    (tmp_path / "bib" / "README.md").write_text(
        "<!-- surveybib:begin part-3 -->\n<!-- surveybib:end -->\n<!-- surveybib:begin part-5 -->\n<!-- surveybib:end -->\n")
    assert run_cli("sync", cwd=tmp_path).returncode == 0
    return tmp_path


def test_merge_keeps_one_entry_with_everything_both_held(project):
    result = run_cli("merge", "truncated2022diffusion", "truncated2023diffusion", cwd=project)
    assert result.returncode == 0, result.stderr
    survey, _ = load_bib(project / "bib" / "survey.bib")
    assert [e.key for e in survey.entries] == ["ddim", "truncated2022diffusion"]
    merged = survey.entry("truncated2022diffusion")
    # the published version's venue brings its type and year; the kept title stays, reported
    assert merged.type == "inproceedings"
    assert merged.fields["booktitle"] == "International Conference on Learning Representations"
    assert merged.fields["year"] == "2023"
    assert merged.fields["title"] == "Truncated diffusion probabilistic models"
    assert merged.fields["code"] == "https://github.com/JegZheng/truncated-diffusion-probabilistic-models"
    assert [link.url for link in merged.links] == [
        "https://arxiv.org/abs/2202.09671", "https://iclr.cc/virtual/2023/poster/12106"]
    # Part 3 joins at the other entry's place there; Part 5 keeps the kept entry's place
    assert merged.sections == {"part-3": 2, "part-5": 1}
    assert merged.comment == "% the preprint, as the list first gave it\n% the published version"
    assert survey.retired == {"truncated2023diffusion": "truncated2022diffusion"}
    assert ("kept truncated2022diffusion.title 'Truncated diffusion probabilistic models'; truncated2023diffusion had "
            "'Truncated Diffusion Probabilistic Models and Diffusion-based Adversarial Auto-Encoders' (--take title to take it)"
            ) in result.stderr.splitlines()
    assert "type misc -> inproceedings, with truncated2023diffusion's venue" in result.stderr


def test_merge_rewrites_citations_and_readme_markers(project):
    assert run_cli("merge", "truncated2022diffusion", "truncated2023diffusion", cwd=project).returncode == 0
    main = (project / "latex" / "main.tex").read_text()
    assert "Both: \\cite{truncated2022diffusion}." in main  # never the same paper twice in one \cite
    assert "Late: \\citep[p.~2]{truncated2022diffusion}." in main
    readme = (project / "bib" / "README.md").read_text()
    assert "truncated2023diffusion" not in readme
    assert readme.count("<!-- surveybib truncated2022diffusion ") == 3  # in Part 3 now, and twice in Part 5 until sync
    assert run_cli("sync", cwd=project).returncode == 0
    assert (project / "bib" / "README.md").read_text().count("<!-- surveybib truncated2022diffusion ") == 2
    check = run_cli("check", "--format", "json", "--select", "D,O", cwd=project)
    assert json.loads(check.stdout) == []
    cited = run_cli("cite-check", "--format", "json", cwd=project)
    assert [f["code"] for f in json.loads(cited.stdout) if f["code"] == "C001"] == []


def test_take_names_the_fields_that_come_from_the_other_entry(project):
    result = run_cli("merge", "truncated2022diffusion", "truncated2023diffusion", "--take", "title", cwd=project)
    assert result.returncode == 0, result.stderr
    survey, _ = load_bib(project / "bib" / "survey.bib")
    title = survey.entry("truncated2022diffusion").fields["title"]
    assert title == "Truncated Diffusion Probabilistic Models and Diffusion-based Adversarial Auto-Encoders"
    assert "took truncated2022diffusion.title from truncated2023diffusion" in result.stderr


def test_dry_run_writes_nothing_and_bad_keys_exit_2(project):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    dry = run_cli("merge", "truncated2022diffusion", "truncated2023diffusion", "--dry-run", cwd=project)
    assert dry.returncode == 0
    assert "-@inproceedings{truncated2023diffusion," in dry.stdout
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    missing = run_cli("merge", "truncated2022diffusion", "nope", cwd=project)
    assert missing.returncode == 2 and "no entry 'nope'" in missing.stderr and "survey.bib" in missing.stderr
    assert "Traceback" not in missing.stderr
    itself = run_cli("merge", "ddim", "ddim", cwd=project)
    assert itself.returncode == 2 and "into itself" in itself.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_combine_leaves_both_inputs_untouched_and_keeps_a_published_entry_type():
    keep = Entry("a", "article", {"title": "T", "journal": "J", "year": "2020"}, [Link("Paper", "https://x.org/a")], {"s": 1})
    other = Entry("b", "misc", {"title": "T", "year": "2019", "eprint": "1901.00001"}, [Link("Paper", "https://x.org/a")], {"s": 2})
    merged, done = combine(keep, other)
    assert (merged.type, merged.fields["year"], merged.fields["eprint"]) == ("article", "2020", "1901.00001")
    assert done.kept == [("year", "2020", "2019")] and done.links == [] and done.sections == []
    assert keep.fields == {"title": "T", "journal": "J", "year": "2020"} and "eprint" not in keep.fields
    assert other.key == "b" and other.sections == {"s": 2}


@pytest.mark.parametrize("before, after", [
    ("\\cite{a,b}", "\\cite{a}"),
    ("\\cite{b, a}", "\\cite{a}"),
    ("\\cite{b,a,b}", "\\cite{a}"),
    ("\\citep[p.~3]{b}", "\\citep[p.~3]{a}"),
    ("\\cite{x, b ,y}", "\\cite{x, a ,y}"),
    ("\\nocite{bb,b} \\cite{ab}", "\\nocite{bb,a} \\cite{ab}"),
])
def test_renaming_a_merged_key_never_cites_a_paper_twice(before, after):
    assert rename_citations(before, "b", "a") == after


def test_plan_merge_is_the_python_api(project):
    config = load_config(project)
    outputs, done = plans.plan_merge(config, "truncated2022diffusion", "truncated2023diffusion")
    assert {o.path.name for o in outputs} >= {"survey.bib", "main.tex", "README.md"}
    assert done.filled == ["booktitle", "code"] and done.taken == ["year"]


@pytest.mark.parametrize("before, after", [
    ("\\cite{%\n  b,%\n  a}", "\\cite{%\n  a}"),
    ("\\cite{a,%\n  b}", "\\cite{a}"),
    ("\\cite{b,% b is the preprint, a the paper\n  x}", "\\cite{a,% b is the preprint, a the paper\n  x}"),
    ("\\cites{a}[p.~2]{b}", "\\cites{a}[p.~2]{a}"),  # one paper per group: both groups stay
    ("\\parencites[see][]{x, b}{y}", "\\parencites[see][]{x, a}{y}"),
    ("\\cite[{[1]}]{b}", "\\cite[{[1]}]{a}"),
    ("% \\cite{b}\n\\cite{b}", "% \\cite{b}\n\\cite{a}"),  # a commented-out citation is left alone
])
def test_renaming_handles_comments_multicites_and_odd_options(before, after):
    assert rename_citations(before, "b", "a") == after


def test_cite_check_reads_every_group_of_a_multicite(tmp_path):
    make_project(tmp_path, "\\cites{ddim}[p.~2]{nowhere2020} and \\cite{%\n  ddim,%\n  truncated2022diffusion}.\n")
    result = run_cli("cite-check", "--format", "json", cwd=tmp_path)
    missing = [f["key"] for f in json.loads(result.stdout) if f["code"] == "C001"]
    assert missing == ["nowhere2020"]  # the second group is read; comments are not keys


def test_combine_never_leaves_two_venues_and_upgrades_a_preprint_journal():
    preprint = Entry("p", "article", {"title": "T", "journal": "arXiv preprint arXiv:2202.09671", "year": "2022"})
    iclr = Entry("q", "inproceedings", {"title": "T", "booktitle": "International Conference on Learning Representations",
                                        "year": "2023", "doi": "10.5555/x"})
    merged, done = combine(preprint, iclr)
    assert merged.type == "inproceedings" and "journal" not in merged.fields
    assert (merged.fields["booktitle"], merged.fields["year"]) == ("International Conference on Learning Representations", "2023")
    assert done.dropped == ["journal 'arXiv preprint arXiv:2202.09671': q's venue replaces it"]
    back, done = combine(iclr, preprint)  # the published entry kept: the preprint's venue is only reported
    assert back.type == "inproceedings" and "journal" not in back.fields
    assert done.kept == [("venue", "booktitle International Conference on Learning Representations",
                          "journal arXiv preprint arXiv:2202.09671"), ("year", "2023", "2022")]
    taken, _ = combine(iclr, Entry("r", "article", {"title": "T", "journal": "Nature"}), take=("venue",))
    assert (taken.type, taken.fields.get("journal"), "booktitle" in taken.fields) == ("article", "Nature", False)


def test_combine_keeps_every_note_comment_and_keyword():
    from surveybib.model import Macro

    keep = Entry("a", "misc", {"title": "T", "keywords": "diffusion", "corrected": "title: {GAN; b} fixed"},
                 comment="% my note on the preprint version")
    other = Entry("b", "misc", {"title": "T", "keywords": "video, diffusion", "corrected": "year: {GAN; b} fixed",
                                "enrichedfrom": Macro("me")}, comment="% my note")
    merged, done = combine(keep, other)
    assert merged.fields["keywords"] == "diffusion, video"
    assert merged.fields["corrected"] == "title: {GAN; b} fixed; year: {GAN; b} fixed"  # braces never cut
    assert merged.fields["enrichedfrom"] == "me"  # a macro is filled as the macro
    assert merged.comment == "% my note on the preprint version\n% my note"  # not lost in a longer one
    again, _ = combine(merged, other)
    assert again.fields["corrected"] == merged.fields["corrected"] and again.comment == merged.comment
    written = api.write_bibtex(api.Survey(entries=[merged]))
    assert api.parse_bib(written)[0].entries[0].fields == merged.fields


def test_merge_repairs_crossrefs_that_would_dangle_or_point_to_themselves(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.surveybib]\n")
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "survey.bib").write_text(
        "@proceedings{procs, title = {Proceedings}, year = {2020}}\n\n"
        "@proceedings{procs2, title = {Proceedings}, year = {2020}}\n\n"
        "@inproceedings{a, title = {A}, crossref = {Procs}}\n\n"
        "@inproceedings{paper, title = {Paper}, crossref = {procs2}}\n")
    assert run_cli("merge", "procs", "procs2", cwd=tmp_path).returncode == 0
    survey, _ = load_bib(tmp_path / "bib" / "survey.bib")
    assert survey.entry("a").fields["crossref"] == "Procs"  # another key's crossref: case as written
    assert survey.entry("paper").fields["crossref"] == "procs"  # procs2 is now procs
    result = run_cli("merge", "paper", "procs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    survey, _ = load_bib(tmp_path / "bib" / "survey.bib")
    assert "crossref" not in survey.entry("paper").fields
    assert "dropped crossref 'procs': it would name the merged entry itself" in result.stderr
    assert survey.entry("a").fields["crossref"] == "paper"  # Procs (any case) now lives on as paper


def test_a_failed_rename_puts_back_the_files_already_replaced(tmp_path, monkeypatch):
    import os

    from surveybib.errors import InputError
    from surveybib.project import Output, write_all

    first, second, third = tmp_path / "a.bib", tmp_path / "b.tex", tmp_path / "new.md"
    first.write_text("old a\n")
    second.write_text("old b\n")
    outputs = [Output(first, "old a\n", "new a\n"), Output(third, None, "new file\n"), Output(second, "old b\n", "new b\n")]
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError("disk full")
        real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(InputError, match="disk full"):  # an OS error is unusable input: exit 2
        write_all(outputs)
    monkeypatch.setattr(os, "replace", real)
    assert first.read_text() == "old a\n" and second.read_text() == "old b\n" and not third.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bib", "b.tex"]  # no temporary file left


def test_notes_written_as_macros_are_concatenated_in_bibtex():
    from surveybib.model import Macro

    keep = Entry("a", "misc", {"title": "T", "enrichedfrom": Macro("me")})
    other = Entry("b", "misc", {"title": "T", "enrichedfrom": "author from x.bib#b (title, 1.00)"})
    merged, _ = combine(keep, other)
    assert merged.fields["enrichedfrom"] == "me # {; } # {author from x.bib#b (title, 1.00)}"
    back, _ = combine(other, keep)
    assert back.fields["enrichedfrom"] == "{author from x.bib#b (title, 1.00)} # {; } # me"
    text = '@string{me = "enrich run 1"}\n\n' + api.write_bibtex(api.Survey(entries=[merged]))
    assert api.parse_bib(text)[0].entries[0].fields["enrichedfrom"] == merged.fields["enrichedfrom"]
