"""BibTeX in and out: canonical, idempotent, lossless for what the author wrote."""

import pytest

from surveybib import InputError, Macro, format_bib, parse_bib, write_bibtex
from surveybib.transforms.order import canonical_order

from .conftest import run_cli

MESSY = r"""% Bibliography of a survey: keep this comment.
@STRING{ neurips = "Advances in Neural Information Processing Systems" }
@preamble{ "\providecommand{\noopsort}[1]{}" }

@comment{surveybib-sections
  2 methods Methods
  2 intro Introduction
}

% about zeta
@Article{Zeta2020,
  YEAR = 2020,
  Title = "Zeta {GAN}s are \emph{fun}",
  journal = neurips # { Workshop},
  month = jan,
  myfield = {kept as written},
  keywords = {intro, methods, gans},
  positions = {intro=2, methods=1}
}
@inproceedings{alpha2019, title={Alpha}, booktitle = neurips, year={2019},
  keywords={intro}, positions={intro=1}, url={https://a.example/x}, urllabel={Code},
  links={Project <https://b.example/y>, Paper <https://c.example/z>}}
@misc{unsectioned, title = {No section}}
% trailing remark
"""


def test_fmt_is_canonical_and_idempotent():
    once = format_bib(MESSY)
    assert format_bib(once) == once
    assert once.index("@string{neurips") < once.index("@inproceedings{alpha2019")
    # section order: methods first (it is first in the table), then intro
    assert once.index("@article{Zeta2020") < once.index("@inproceedings{alpha2019")
    assert once.index("@inproceedings{alpha2019") < once.index("@misc{unsectioned")


def test_everything_the_author_wrote_survives():
    out = format_bib(MESSY)
    for kept in [
        "% Bibliography of a survey: keep this comment.",
        '@string{neurips = "Advances in Neural Information Processing Systems"}',
        r'@preamble{"\providecommand{\noopsort}[1]{}"}',
        "% about zeta\n@article{Zeta2020,",
        "myfield = {kept as written}",
        "journal = neurips # { Workshop}",
        "month = jan",
        r"title = {Zeta {GAN}s are \emph{fun}}",
        "% trailing remark",
        "keywords = {methods, intro, gans}",
    ]:
        assert kept in out, kept


def test_values_round_trip_through_the_model():
    survey, findings = parse_bib(MESSY)
    assert findings == []
    zeta = survey.entry("Zeta2020")
    assert zeta.type == "article"
    assert zeta.fields["year"] == "2020"
    assert isinstance(zeta.fields["month"], Macro)
    assert zeta.sections == {"intro": 2, "methods": 1}
    alpha = survey.entry("alpha2019")
    assert [(l.label, l.url) for l in alpha.links] == [
        ("Code", "https://a.example/x"),
        ("Project", "https://b.example/y"),
        ("Paper", "https://c.example/z"),
    ]
    again, _ = parse_bib(write_bibtex(canonical_order(survey)))
    assert again.entry("alpha2019").links == alpha.links
    assert again.entry("Zeta2020").fields == zeta.fields
    assert [s.slug for s in again.sections] == ["methods", "intro"]


def test_positions_are_renumbered_in_curated_order():
    text = """@comment{surveybib-sections
  2 s Section
}
@misc{b, title={B}, keywords={s}, positions={s=7}}
@misc{a, title={A}, keywords={s}, positions={s=3}}
@misc{c, title={C}, keywords={s}}
"""
    survey, _ = parse_bib(text)
    ordered = canonical_order(survey)
    assert [e.key for e in ordered.in_section("s")] == ["a", "b", "c"]
    assert [e.sections["s"] for e in ordered.entries] == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("@article{ok, title={A}}\n\n@article{bad,\n  title = {Broken\n  year = 2020\n}\n", 3, "cannot parse '@article{bad,': Unexpectedly reached end of file"),
        ("@article{x title = {no comma}}\n", 1, "Expected comma after entry key"),
        ("@misc{a, title={A}}\n@misc{a, title={B}}\n", 2, "duplicate key 'a'"),
        ("@misc{a, title={A}, title={B}}\n", 1, "field 'title' appears twice in entry 'a'"),
        ("@misc{a, title={A}, positions={s=one}}\n", 1, "cannot read positions item"),
    ],
    ids=["unclosed-brace", "missing-comma", "duplicate-key", "duplicate-field", "bad-positions"],
)
def test_malformed_bib_is_an_input_error_with_its_line(text, line, message):
    with pytest.raises(InputError) as caught:
        parse_bib(text, file="refs.bib")
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"refs.bib:{line}: ")


def test_cli_fmt_on_malformed_file_exits_2_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.bib"
    text = "@article{ok, title={A}}\n\n@article{bad,\n  title = {Broken\n  year = 2020\n}\n"
    bad.write_text(text)
    result = run_cli("fmt", bad)
    assert result.returncode == 2
    assert f"{bad}:3: " in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_text() == text


def test_cli_fmt_check_and_diff_write_nothing(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(MESSY)
    check = run_cli("fmt", "--check", path)
    assert check.returncode == 1
    assert "would reformat" in check.stderr
    diff = run_cli("fmt", "--diff", path)
    assert diff.returncode == 1
    assert "+@article{Zeta2020," in diff.stdout and "-@Article{Zeta2020," in diff.stdout
    assert path.read_text() == MESSY
    fixed = run_cli("fmt", path)
    assert fixed.returncode == 0
    assert path.read_text() == format_bib(MESSY)
    assert run_cli("fmt", "--check", path).returncode == 0


def test_not_utf8_is_an_input_error(tmp_path):
    path = tmp_path / "latin1.bib"
    path.write_bytes(b"@misc{a,\n  title = {Caf\xe9}\n}\n")
    result = run_cli("fmt", path)
    assert result.returncode == 2
    assert f"{path}:2: not UTF-8" in result.stderr


def test_a_files_opening_comment_stays_at_the_top():
    text = "% About this file.\n\n@misc{zeta, title = {Z}}\n\n% about alpha\n@misc{alpha, title = {A}}\n"
    out = format_bib(text)
    assert out.startswith("% About this file.\n\n% about alpha\n@misc{alpha,")
    assert out.endswith("@misc{zeta,\n  title = {Z}\n}\n")
