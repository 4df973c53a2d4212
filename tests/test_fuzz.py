"""Fuzzing: random and mutated bibs and lists never crash import, fmt or check, and lose no entry."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveybib import InputError, Survey, api, format_bib, import_list, parse_bib

from .conftest import SEED

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED_LINES = SEED.read_text("utf-8").splitlines()
VALID = format_bib("""@comment{surveybib-sections
  2 s S
}
@misc{a, title = {Alpha {GAN}s}, year = {2020}, url = {https://arxiv.org/abs/2001.00001}, keywords = {s}, positions = {s=1}}
@article{b, author = {Ho, Jonathan}, title = {Beta}, journal = {Nature}, year = {2021}, keywords = {s}}
@string{nips = "NeurIPS"}
@inproceedings{c, title = {Gamma}, booktitle = nips, year = 2019}
""")


def mutate(text: str, data) -> str:
    """Delete, duplicate or insert characters at a few places."""
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 4))):
        if not chars:
            break
        at = data.draw(st.integers(0, len(chars) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if action == "delete":
            del chars[at]
        elif action == "insert":
            chars.insert(at, data.draw(st.sampled_from(list('{}@,="\\%#\n ') + ["é", "Ã©"])))
        else:
            chars.insert(at, chars[at])
    return "".join(chars)


@SETTINGS
@given(st.data())
def test_mutated_bibs_parse_or_fail_cleanly(data):
    text = mutate(VALID, data)
    try:
        survey, _ = parse_bib(text, file="fuzz.bib")
    except InputError as error:
        assert error.file == "fuzz.bib" and error.line is not None
        return
    formatted = format_bib(text)
    again, _ = parse_bib(formatted)
    assert sorted(e.key for e in again.entries) == sorted(e.key for e in survey.entries)  # none lost
    api.check(again)


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_is_never_a_traceback(text):
    try:
        survey, _ = parse_bib(text, file="r.bib")
    except InputError:
        return
    api.check(survey)
    format_bib(text)


@SETTINGS
@given(st.data())
def test_mutated_seed_lists_import_without_losing_a_bullet(data):
    start = data.draw(st.integers(0, len(SEED_LINES) - 30))
    text = "\n".join(SEED_LINES[start:start + 30])
    text = mutate(text, data)
    survey, records = import_list(Survey(), text, file="m.md")
    keys = {r.key for r in records if r.key}
    assert keys == {e.key for e in survey.entries}
    again, _ = import_list(survey, text, file="m.md")
    assert len(again.entries) == len(survey.entries)
    api.check(survey)


def test_a_bare_keywords_expression_is_kept_as_written():
    # found by test_mutated_bibs_parse_or_fail_cleanly: "keywords = \{{s}" crashed the writer
    text = "@string{kw = \"x\"}\n\n@misc{a, title = {A}, keywords = kw # {, y}}\n\n@misc{b, title = {B}, keywords = \\{{s}}\n"
    survey, _ = parse_bib(text)
    assert survey.entry("a").fields["keywords"] == "kw # {, y}" and survey.entry("a").sections == {}
    formatted = format_bib(text)
    assert "  keywords = kw # {, y}\n" in formatted and "  keywords = \\{{s}\n" in formatted
    assert format_bib(formatted) == formatted


def test_sections_lead_a_bare_keywords_expression_and_survive_a_round_trip():
    from surveybib import Entry, Section

    survey = Survey([Section("part-a", "Part A")], [Entry("p", "misc", {"title": "P", "keywords": api.Macro("kw")}, sections={"part-a": 1})],
                    header=['@string{kw = "diffusion"}'])
    text = api.write_bibtex(survey)
    assert "  keywords = {part-a, } # kw,\n" in text  # BibTeX reads "part-a, diffusion"
    again, findings = parse_bib(text)
    assert again.entry("p").sections == {"part-a": 1} and again.entry("p").fields["keywords"] == "kw"
    assert [f.code for f in findings] == []
    assert api.write_bibtex(again) == text


@SETTINGS
@given(st.lists(st.sampled_from(list("\\{}[]%$#&_^~ -'`abhrefxtmbo") + ["\\href", "\\texttt", "\\cite", "\\'", "\\\\"]),
                max_size=30).map("".join))
def test_plain_text_of_any_latex_is_text_never_a_traceback(value):
    from surveybib.text.latex import plain_text

    assert isinstance(plain_text(value), str)


HOSTILE = ["{", "}", ",", "<", ">", "%", '"', "=", "#", "\\", "]", "[", "(", ")", "*", "_", "`", "|", "~", "@",
           "-->", "<!--", "\\input{x}", "%7D", " et al.", "\u202e", "\x1b[31m", "é", "📢", "..", "/"]
SAFE = ["Title", "Model", "Diffusion", "a", "2023", " "]
fragment = st.lists(st.sampled_from(HOSTILE + SAFE), min_size=1, max_size=6).map("".join)


@st.composite
def hostile_lines(draw):
    title = draw(fragment).replace("\n", " ")
    label = draw(fragment).replace("]", "").replace("[", "")
    url = "https://e.org/" + draw(fragment).replace(" ", "").replace(")", "")
    author = draw(fragment)
    heading = draw(fragment).replace("#", "")
    return f"## {heading}\n* {title} *{author}* [[{label}]]({url}) [[Paper]](https://arxiv.org/abs/2301.0{draw(st.integers(1000, 9999))})\n"


@SETTINGS
@given(st.lists(hostile_lines(), min_size=1, max_size=4).map("".join))
def test_hostile_list_lines_never_brick_the_bib(text):
    # found a brick: a link label with a comma (or a URL with a brace) wrote a bib no command could read
    survey, records = import_list(Survey(), text, file="h.md")
    written = api.write_bibtex(survey)
    again, findings = parse_bib(written, file="again.bib")  # never an InputError
    assert [e.key for e in again.entries] == [e.key for e in survey.entries]
    def labels(survey):  # a label's white space is folded in the bib; a blank first label is the default
        return [[" ".join(link.label.split()) or "Paper" for link in e.links] for e in survey.entries]

    assert labels(again) == labels(survey)
    assert api.write_bibtex(again) == written
    readme, _ = api.render_list(again)
    merged, records = import_list(again, readme, file="README.md")  # the rendered list reads back
    assert {e.key for e in merged.entries} == {e.key for e in again.entries}
    parse_bib(api.write_bibtex(merged), file="merged.bib")
