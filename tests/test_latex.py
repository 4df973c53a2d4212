"""The LaTeX toolkit: generated lists that compile, no injection, cite-check, extract, rekey."""

import json
import os
import re
import shutil
import subprocess
import unicodedata

import pytest

from surveybib import api, load_bib, plans, write_bibtex
from surveybib.config import load_config
from surveybib.text.latex import plain_text, to_latex

from .conftest import PROJECT, run_cli

TEX_TOOLS = ("latexmk", "pdflatex", "bibtex", "biber", "pdftotext")
MISSING = [tool for tool in TEX_TOOLS if shutil.which(tool) is None]
if MISSING and os.environ.get("CI") == "true":  # in CI a missing TeX is a failure, not a skip
    raise RuntimeError(f"CI needs a TeX toolchain; missing: {', '.join(MISSING)} (see .ci/run)")
_tex_present = pytest.mark.skipif(bool(MISSING), reason=f"no TeX toolchain here (missing {', '.join(MISSING)})")


def needs_tex(test):
    """A test that compiles LaTeX: marked tex and slow (-m 'not slow' leaves it out of a quick run)."""
    return pytest.mark.tex(pytest.mark.slow(_tex_present(test)))


def build(project):
    done = subprocess.run(["latexmk", "-pdf", "main.tex"], cwd=project / "latex", capture_output=True, text=True, timeout=600)
    log = (project / "latex" / "main.log").read_text("latin-1")
    assert done.returncode == 0, done.stdout[-3000:] + log[-3000:]
    pdf = project / "latex" / "main.pdf"
    assert pdf.is_file()
    assert not re.search(r"^! |^\S+:\d+: ", log, re.M), log  # no TeX error (-file-line-error form too)
    assert not re.search(r"Citation `[^']*'.*undefined|There were undefined (references|citations)", log), log
    # -raw: the text in the order it was typeset, not as columns on a page (a short survey has
    # several sections and their tables on one page)
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return log, text


def squash(text):
    """Letters and digits only: line breaks, hyphenation and spacing of pdftotext aside."""
    text = text.replace("˜", "~").replace("ˆ", "^")
    return re.sub(r"[^0-9a-z]", "", text.lower())


def assert_titles_under_their_sections(survey, text):
    flat = squash(text)
    figures = flat.rfind(squash("the most frequent venues by name"))  # the figures' legends name sections too
    assert figures > 0
    headings = [squash(s.heading.split(": ", 1)[-1]) for s in survey.sections]
    starts = []
    for heading in headings:
        index = flat.find(heading, starts[-1] + 1 if starts else figures)
        assert index >= 0, heading
        starts.append(index)
    for i, section in enumerate(survey.sections):
        body = flat[starts[i]: starts[i + 1] if i + 1 < len(starts) else len(flat)]
        for entry in survey.in_section(section.slug):
            assert squash(plain_text(entry.fields["title"]))[:60] in body, (section.slug, entry.key)


@needs_tex
@pytest.mark.parametrize("flavour", ["natbib", "biblatex"])
def test_the_survey_compiles_with_each_flavour(survey_project, flavour):
    project = survey_project
    config = project / "pyproject.toml"
    config.write_text(config.read_text().replace('latex = "natbib"', f'latex = "{flavour}"'))
    assert f'latex = "{flavour}"' in config.read_text()
    result = run_cli("latex", cwd=project)
    assert result.returncode == 0, result.stderr
    setup = (project / "latex" / "generated" / "setup.tex").read_text()
    assert ("biblatex" in setup) == (flavour == "biblatex")
    log, text = build(project)
    survey, _ = load_bib(project / "bib" / "survey.bib")
    assert_titles_under_their_sections(survey, text)
    if flavour == "biblatex":
        assert "References: Part 3: Mainstream Network Architectures" in " ".join(text.split())


def test_generated_lists_are_deterministic_and_in_sync(survey_project):
    assert run_cli("latex", "--check", cwd=survey_project).returncode == 0
    (survey_project / "latex" / "generated" / "part-1-introduction.tex").write_text("stale\n")
    assert run_cli("latex", "--check", cwd=survey_project).returncode == 1
    config = load_config(survey_project)
    survey, _ = load_bib(config.bib)
    first = plans.plan_latex(config, survey, flavour="biblatex")
    second = plans.plan_latex(config, survey, flavour="biblatex")
    assert [o.new for o in first] == [o.new for o in second]
    part3 = next(o.new for o in first if o.path.name == "part-3-mainstream-network-architectures.tex")
    assert r"\printbibliography[keyword={part-3-mainstream-network-architectures}, heading=subbibliography" in part3
    assert r"{DPM}-Solver" not in part3 and r"\cite{denoising2020diffusion}" in part3


@pytest.mark.parametrize(
    ("text", "latex"),
    [("Café", r"Caf{\'e}"), ("α-blending", r"{\ensuremath{\alpha}}-blending"), ("plain", "plain"),
     (r"Caf\'e stays", r"Caf\'e stays"), ("2–3 “quotes”", r"2{\textendash}3 {\textquotedblleft}quotes{\textquotedblright}")],
)
def test_unicode_to_latex(text, latex):
    assert to_latex(text) == latex



@pytest.mark.parametrize(
    ("latex", "text"),
    [("A--B", "A--B"), (r"{\~{I}}--", "Ĩ--"), (r"{\'e}---x", "é---x"), (r"``{\'e}''", "``é''"),
     (r"2{\textendash}3", "2–3"), (r"x \\-- y{\'e}", "x -- yé")],  # \\ is a line break, then the --
)
def test_tex_ligatures_read_as_typed_with_or_without_other_latex(latex, text):
    # found by the list round-trip property test: "Ĩ--" came back from the list as "Ĩ–"
    assert plain_text(latex) == text

HOSTILE = r"\input{/etc/hostname} \write18{touch pwned} 100% & #1 $x^2$ _ ~ {"


@pytest.mark.parametrize(
    ("latex", "text"),
    [(r"The \texttt{--help} flag{\'e}", "The --help flagé"), (r"\mbox{A B} {\'e}", "A B é"),
     (r"\textsf{Sans} {\'e}", "Sans é"), (r"\href{https://x.org}{Link} {\'e}", "Link é"),
     (r"\href{Broken}", "Broken")],
)
def test_text_macros_keep_their_words(latex, text):
    # pylatexenc's defaults read \texttt{...} and \mbox{...} as nothing, and fail on \href{x}
    assert plain_text(latex) == text


@needs_tex
@pytest.mark.parametrize("flavour", ["natbib", "biblatex"])
def test_a_hostile_title_goes_through_the_whole_path_as_text(tmp_path, flavour):
    (tmp_path / "pyproject.toml").write_text(f'[tool.surveybib]\nlatex = "{flavour}"\n')
    (tmp_path / "list.md").write_text(
        "## Attacks\n"
        f"* {HOSTILE} [[Paper]](https://arxiv.org/abs/2401.00001) ![](https://img.shields.io/badge/arXiv-2024.01-red)\n"
        "* Café α-blending: Ünïcödé [[Paper]](https://arxiv.org/abs/2401.00002)\n"
    )
    assert run_cli("import", "list.md", cwd=tmp_path).returncode == 0
    bib = (tmp_path / "bib" / "survey.bib").read_text()
    assert r"title = {\textbackslash{}input\textbraceleft{}/etc/hostname\textbraceright{} \textbackslash{}write18" in bib
    assert r"100\% \& \#1 \$x\textasciicircum{}2\$ \_ \textasciitilde{} \textbraceleft{}}" in bib
    latex = tmp_path / "latex"
    latex.mkdir()
    (latex / "main.tex").write_text(
        "\\documentclass{article}\n\\input{glyphtounicode}\\pdfgentounicode=1\n\\usepackage{longtable}\n"
        "\\usepackage{url}\n\\input{generated/setup}\n\\begin{document}\n\\section{Attacks}\n"
        "\\input{generated/attacks}\n\\input{generated/bibliography}\n\\end{document}\n")
    assert run_cli("latex", cwd=tmp_path).returncode == 0
    generated = (latex / "generated" / "attacks.tex").read_text()
    assert "\\input{/etc" not in generated and "\\write18{" not in generated
    log, text = build(tmp_path)
    assert not (latex / "touch pwned").exists() and not (latex / "pwned").exists()
    shown = letters(text)
    for piece in [r"\input{/etc/hostname}", r"\write18{touch pwned}", "100% & #1 $x^2$", "Café α-blending: Ünïcödé"]:
        assert letters(piece) in shown, piece


def letters(text):
    """Text as pdftotext gives it, compared without spacing, accents as marks, or glyph variants.

    TeX draws ~ and ^ as accents (˜ ˆ) and ï as a dotless i with a diaeresis; \\_ is a rule
    that text extraction cannot show, so the hostile title is compared without it.
    """
    text = unicodedata.normalize("NFKD", text.replace("˜", "~").replace("ˆ", "^").replace("ı", "i"))
    return "".join(c for c in text if not c.isspace() and not unicodedata.combining(c))


# --- cite-check ----------------------------------------------------------------------

SMALL_BIB = """@comment{surveybib-sections
  2 intro Introduction
  2 methods Methods
}

@comment{surveybib-retired
  oldddim ddim
}

@misc{ddim, title = {DDIM}, year = {2021}, keywords = {intro, methods}}
@misc{lcm, title = {LCM}, year = {2023}, keywords = {methods}}
@misc{sd, title = {Stable Diffusion}, year = {2022}, keywords = {intro}}
@misc{SD, title = {Stable Diffusion again}, year = {2022}}
"""


@pytest.fixture
def small_project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.surveybib]\n")
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "survey.bib").write_text(SMALL_BIB)
    latex = tmp_path / "latex"
    (latex / "parts").mkdir(parents=True)
    (latex / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\input{parts/intro}\n\\include{parts/methods}\n"
        "Outside any section \\cite{nowhere2020}.\n\\end{document}\n")
    (latex / "parts" / "intro.tex").write_text(
        "\\section{Intro}\nWe build on \\citep[see][p.~3]{ddim, sd} and \\citet{lcm}.\n")
    (latex / "parts" / "methods.tex").write_text(
        "\\section{Methods}\n% a comment \\cite{commented}\nOld key: \\cite{oldddim}. Case: \\cite{Lcm}.\n")
    return tmp_path


def test_cite_check_reports_by_section(small_project):
    result = run_cli("cite-check", "--format", "json", cwd=small_project)
    assert result.returncode == 1
    found = {(f["code"], f["key"]) for f in json.loads(result.stdout)}
    assert found == {
        ("C001", "nowhere2020"), ("C001", "oldddim"), ("C001", "Lcm"),  # missing
        ("C003", "lcm"),  # cited in intro, belongs to methods
        ("C002", "ddim"), ("C002", "lcm"),  # methods never cites them (only the old key / wrong case)
        ("C004", "sd"), ("C004", "SD"),  # keys that differ only by case
    }
    messages = {f["key"]: f["message"] for f in json.loads(result.stdout) if f["code"] == "C001"}
    assert "oldddim is now ddim" in messages["oldddim"]
    assert "keys differ by case" in messages["Lcm"]
    lines = {(f["key"], f["line"]) for f in json.loads(result.stdout) if f["code"] in ("C001", "C003")}
    assert ("oldddim", 3) in lines and ("nowhere2020", 5) in lines and ("lcm", 2) in lines


def test_cite_check_text_output_groups_by_section(small_project):
    result = run_cli("cite-check", cwd=small_project)
    assert "methods:\n" in result.stdout
    assert "C001 [error] oldddim: cited but not in the bib: oldddim is now ddim" in result.stdout


# --- extract and rekey ---------------------------------------------------------------

EXTRACT_BIB = """@string{neurips = "Advances in Neural Information Processing Systems"}
@string{unused = "Never used"}
@preamble{"\\providecommand{\\noopsort}[1]{}"}

@inproceedings{child, title = {Child}, crossref = {proc}, year = {2020}}
@proceedings{proc, title = {The Proceedings}, booktitle = neurips, year = {2020}}
@misc{alone, title = {Alone}, year = {2021}}
@misc{other, title = {Not cited}, year = {2021}}
"""


def test_extract_writes_the_minimal_bib_with_its_dependencies(tmp_path):
    (tmp_path / "refs.bib").write_text(EXTRACT_BIB)
    (tmp_path / "main.aux").write_text("\\relax\n\\citation{child}\n\\@input{part.aux}\n\\bibdata{refs}\n")
    (tmp_path / "part.aux").write_text("\\citation{alone,missing}\n")
    result = run_cli("extract", "--aux", tmp_path / "main.aux", "-o", tmp_path / "out.bib", "--bib", tmp_path / "refs.bib")
    assert result.returncode == 1  # "missing" is cited but not in the bib
    assert "missing is cited but not in" in result.stderr
    out = (tmp_path / "out.bib").read_text()
    survey, _ = api.parse_bib(out)
    assert [e.key for e in survey.entries] == ["child", "alone", "proc"]  # BibTeX wants crossref parents last
    assert "@string{neurips" in out and "unused" not in out and "@preamble" in out


def test_extract_from_a_biblatex_aux(tmp_path):
    survey, _ = load_bib(PROJECT / "bib" / "survey.bib")
    aux = "\\abx@aux@cite{0}{denoising2020diffusion}\n\\abx@aux@cite{0}{sine2023single}\n"
    extracted, missing = api.extract_cited(survey, aux)
    assert [e.key for e in extracted.entries] == ["denoising2020diffusion", "sine2023single"]
    assert missing == []
    ddim = extracted.entries[0]
    assert ddim.fields["keywords"] == "part-3-mainstream-network-architectures, part-5-efficient-sampling-and-inference"
    text = write_bibtex(extracted)
    assert "positions" not in text and "surveybib-sections" not in text


def test_rekey_rewrites_bib_latex_and_readme_in_one_step(small_project):
    (small_project / "bib" / "README.md").write_text("<!-- surveybib:begin intro -->\n<!-- surveybib:end -->\n")
    assert run_cli("sync", cwd=small_project).returncode == 0
    result = run_cli("rekey", "lcm", "luo2023lcm", cwd=small_project)
    assert result.returncode == 0, result.stderr
    survey, _ = load_bib(small_project / "bib" / "survey.bib")
    assert survey.entry("luo2023lcm") is not None and survey.entry("lcm") is None
    assert survey.retired == {"oldddim": "ddim", "lcm": "luo2023lcm"}
    intro = (small_project / "latex" / "parts" / "intro.tex").read_text()
    assert "\\citet{luo2023lcm}" in intro and "\\citep[see][p.~3]{ddim, sd}" in intro
    assert "\\cite{Lcm}" in (small_project / "latex" / "parts" / "methods.tex").read_text()  # a different key
    assert run_cli("sync", "--check", cwd=small_project).returncode == 0  # generated lists renamed too
    clash = run_cli("rekey", "ddim", "SD", cwd=small_project)
    assert clash.returncode == 2 and "exists already" in clash.stderr
