"""Bibs surveybib did not write: fmt keeps BibTeX's crossref rule and the author's keywords,
check reads other archives' eprints and the characters pdflatex cannot typeset."""

import os
import shutil
import subprocess
import sys

import pytest

from surveybib import Entry, api

from .conftest import ROOT, run_cli

BIBTEX = shutil.which("bibtex")
PDFLATEX = shutil.which("pdflatex")
IN_CI = os.environ.get("CI") == "true"  # in CI a missing TeX is a failure, not a skip


def needs(tool, name):
    return pytest.mark.skipif(tool is None and not IN_CI, reason=f"no {name} here")


# Keys chosen so that sorting by key puts each parent before its child.
CROSSREF_BIB = """@inproceedings{zz-child,
  author = {Doe, Jane},
  title = {A Paper in the Proceedings},
  crossref = {aa-proc},
  pages = {1--10}
}

@inproceedings{zz-second,
  author = {Roe, Richard},
  title = {Another Paper There},
  crossref = {AA-Proc}
}

@proceedings{aa-proc,
  editor = {Westfahl, Gary},
  title = {Space and Beyond},
  booktitle = {Space and Beyond},
  publisher = {Greenwood},
  year = {2000}
}

@misc{mm-other,
  title = {Unrelated},
  year = {2001}
}
"""


def keys_in_order(text):
    return [e.key for e in api.parse_bib(text)[0].entries]


def test_fmt_puts_each_crossref_parent_after_all_its_children():
    formatted = api.format_bib(CROSSREF_BIB)
    # by key otherwise (mm-other before zz-*), but the parent after its last child
    assert keys_in_order(formatted) == ["mm-other", "zz-child", "zz-second", "aa-proc"]
    assert api.format_bib(formatted) == formatted


def test_a_parent_in_a_section_still_follows_its_child():
    bib = ("@comment{surveybib-sections\n  2 part Part\n}\n\n"
           "@proceedings{aa-proc, title = {Proc}, booktitle = {Proc}, year = {2000}, keywords = {part}, positions = {part=1}}\n"
           "@inproceedings{zz-child, title = {P}, crossref = {aa-proc}}\n")
    assert keys_in_order(api.format_bib(bib)) == ["zz-child", "aa-proc"]


def test_parents_last_is_stable_and_handles_chains_and_cycles():
    from surveybib.transforms.order import parents_last

    def entry(key, parent=None):
        return Entry(key, "misc", {"title": key, **({"crossref": parent} if parent else {})})

    chain = [entry("c"), entry("b", "c"), entry("x"), entry("a", "b")]  # a -> b -> c
    assert [e.key for e in parents_last(chain)] == ["x", "a", "b", "c"]
    cycle = [entry("p", "q"), entry("q", "p"), entry("r")]
    assert [e.key for e in parents_last(cycle)] == ["r", "p", "q"]
    assert [e.key for e in parents_last([entry("s", "s"), entry("t", "nowhere")])] == ["s", "t"]


@pytest.mark.tex
@pytest.mark.slow
@needs(BIBTEX, "bibtex")
def test_bibtex_inherits_crossref_fields_after_fmt(tmp_path):
    assert BIBTEX, "CI needs bibtex"
    (tmp_path / "refs.bib").write_text(api.format_bib(CROSSREF_BIB))
    (tmp_path / "main.aux").write_text("\\citation{zz-child}\n\\bibstyle{plain}\n\\bibdata{refs}\n")
    done = subprocess.run([BIBTEX, "main"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout
    assert "bad cross reference" not in done.stdout
    bbl = (tmp_path / "main.bbl").read_text()
    assert "Space and Beyond" in bbl and "Greenwood" in bbl  # inherited from the parent


FOREIGN_KEYWORDS = """@article{a,
  title = {A},
  journal = {J},
  year = {2020},
  keywords = {a,b}
}

@article{b,
  title = {B},
  journal = {J},
  year = {2020},
  keywords = {x, , y ,z}
}

@article{c,
  title = {C},
  journal = {J},
  year = {2020},
  keywords = {}
}

@article{d,
  title = {D},
  journal = {J},
  year = {2020},
  keywords = kw # {,extra}
}
"""


def test_fmt_keeps_keywords_of_entries_in_no_section_byte_for_byte():
    formatted = api.format_bib(FOREIGN_KEYWORDS)
    for line in ("keywords = {a,b}", "keywords = {x, , y ,z}", "keywords = {}", "keywords = kw # {,extra}"):
        assert line in formatted
    assert api.format_bib(formatted) == formatted


def test_keywords_of_an_entry_in_a_section_still_hold_its_slugs_first():
    bib = ("@comment{surveybib-sections\n  2 part Part\n}\n\n"
           "@misc{p,\n  title = {P},\n  keywords = {mine,part},\n  positions = {part=1}\n}\n")
    formatted = api.format_bib(bib)
    assert "keywords = {part, mine}" in formatted
    survey, _ = api.parse_bib(formatted)
    assert survey.entries[0].sections == {"part": 1}


OTHER_EPRINTS = """@article{wilde,
  author = {Wilde, Oscar},
  title = {The Importance of Being Earnest},
  journal = {J},
  year = {1899},
  eprint = {2337439},
  eprinttype = {jstor}
}

@book{book,
  author = {Doe, Jane},
  title = {A Book},
  publisher = {P},
  year = {2001},
  eprint = {pjOuAAAAMAAJ},
  eprinttype = {googlebooks}
}

@misc{hal,
  author = {Doe, Jane},
  title = {A Preprint},
  year = {2001},
  eprint = {hal-01234567},
  archiveprefix = {HAL}
}

@misc{typed,
  author = {Doe, Jane},
  title = {Typed arXiv},
  year = {2001},
  eprint = {1234},
  eprinttype = {arxiv}
}

@misc{bare,
  author = {Doe, Jane},
  title = {Bare eprint},
  year = {2001},
  eprint = {notanid}
}
"""


def test_x001_checks_only_arxiv_eprints():
    survey, _ = api.parse_bib(OTHER_EPRINTS)
    flagged = sorted(f.key for f in api.check(survey, select=("X001",)))
    assert flagged == ["bare", "typed"]


def test_a_title_pdflatex_cannot_typeset_is_an_error_and_nothing_is_printed(tmp_path):
    (tmp_path / "t.bib").write_text(
        "@misc{ar, author = {Doe, Jane}, title = {Arabic \u0645\u0631\u062d\u0628\u0627}, year = {2020}}\n"
        "@misc{emoji, author = {Doe, Jane}, title = {Rocket \U0001f680 \u202eRLO}, year = {2020}}\n"
        "@misc{fine, author = {Caf\u00e9, Jos\u00e9}, title = {Caf\u00e9 \u03b1-blending \u2013 \u201cq\u201d}, year = {2020}}\n"
    )
    done = run_cli("check", "--select", "L002", "t.bib", cwd=tmp_path)
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if " L002 " in line]
    assert len(lines) == 2 and "U+0645" in lines[0] and "U+1F680, U+202E" in lines[1]
    assert "No known latex representation" not in done.stderr + done.stdout


@pytest.mark.tex
@pytest.mark.slow
@needs(PDFLATEX, "pdflatex")
@pytest.mark.parametrize(("title", "typesets"), [("Arabic \u0645", False), ("Caf\u00e9 \u03b1-blending \u2013 \u00fc", True)])
def test_l002_predicts_what_pdflatex_fails_on(tmp_path, title, typesets):
    """The title as the generated section tables write it (to_latex), compiled by pdflatex."""
    assert PDFLATEX, "CI needs pdflatex"
    from surveybib.text.latex import to_latex

    survey, _ = api.parse_bib(f"@misc{{k, author = {{Doe, Jane}}, title = {{{title}}}, year = {{2020}}}}\n")
    flagged = bool(api.check(survey, select=("L002",)))
    (tmp_path / "t.tex").write_text(f"\\documentclass{{article}}\n\\begin{{document}}\n{to_latex(title)}\n\\end{{document}}\n")
    done = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "t.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode == 0) == typesets, done.stdout[-2000:]
    assert flagged == (not typesets)
    if not typesets:
        assert "Unicode character" in done.stdout


def test_many_clashing_keys_get_the_same_letters_as_one_by_one():
    from surveybib.transforms.keys import KeySpace, unique_key

    taken = {"base", "basec"}
    space = KeySpace(taken)
    one_by_one = set(taken)
    for _ in range(60):
        expected = unique_key("Base", one_by_one)
        one_by_one.add(expected.lower())
        assert space.claim("Base") == expected
    assert expected == "Basebi"  # a..z without the taken c (25), aa..az (26), then ba..bi (9)


def test_bench_generate_has_help_and_rejects_bad_sizes():
    script = str(ROOT / "bench" / "generate.py")
    shown = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True)
    assert shown.returncode == 0 and "usage:" in shown.stdout and "Traceback" not in shown.stderr
    bad = subprocess.run([sys.executable, script, "ten"], capture_output=True, text=True)
    assert bad.returncode == 2 and "invalid int value" in bad.stderr and "Traceback" not in bad.stderr
