"""Citation keys: readable, unique, deterministic, and stable once they exist."""

import pytest

from surveybib import Entry, Survey, format_bib, import_list, parse_bib, write_bibtex
from surveybib.transforms.keys import base_key, unique_key


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"title": "Denoising diffusion implicit models", "year": "2020"}, "denoising2020diffusion"),
        ({"title": "DPM-Solver++: Fast Solver for Guided Sampling", "year": "2022"}, "dpmsolverpp2022fast"),
        ({"title": "VideoCrafter2: Overcoming Data Limitations", "year": "2024"}, "videocrafter2-2024overcoming"),
        ({"title": "The evolution of mixture of experts", "year": "2024"}, "evolution2024mixture"),
        ({"title": "Flux"}, "flux"),
        ({"title": "Émile: \\textbraceleft{}braces\\textbraceright{} & 100\\% more", "year": "2021"}, "emile2021braces"),
        ({"title": "Denoising Diffusion Probabilistic Models", "year": "2020",
          "author": "Ho, Jonathan and Jain, Ajay"}, "ho2020denoising"),
        ({"title": "Attention is all you need", "year": "2017",
          "author": "Ashish Vaswani and others"}, "vaswani2017attention"),
        ({"title": "Scalable Diffusion", "year": "2023", "author": "{\\\"O}zdemir, Ay{\\c{s}}e"}, "ozdemir2023scalable"),
    ],
)
def test_base_keys(fields, key):
    assert base_key(Entry("", fields=fields)) == key


def test_unique_keys_ignore_case_and_take_letters():
    taken = {"song2020denoising", "song2020denoisinga"}
    assert unique_key("Song2020denoising", taken) == "Song2020denoisingb"
    assert unique_key("new2020key", taken) == "new2020key"


LIST = "## Part\n* Denoising diffusion implicit models [[Paper]](https://arxiv.org/abs/2010.02502)\n"


def test_an_existing_key_is_never_changed_by_import_or_fmt():
    bib = (
        "@comment{surveybib-sections\n  2 part Part\n}\n\n"
        "@misc{DDIM,\n  title = {Denoising Diffusion Implicit Models},\n  year = {2021}\n}\n"
    )
    survey, _ = parse_bib(bib)
    merged, records = import_list(survey, LIST, file="l.md")
    assert [r.key for r in records] == ["DDIM"]
    assert [e.key for e in merged.entries] == ["DDIM"]
    assert merged.entries[0].fields["year"] == "2021"  # never overwritten
    assert merged.entries[0].fields["eprint"] == "2010.02502"  # filled
    text = write_bibtex(merged)
    assert "@misc{DDIM," in format_bib(text)


def test_new_keys_do_not_clash_with_existing_ones():
    survey = Survey(entries=[Entry("Denoising2020Diffusion", fields={"title": "Another paper"})])
    merged, records = import_list(survey, LIST, file="l.md")
    assert records[0].key == "denoising2020diffusiona"


def test_keys_are_deterministic():
    first = import_list(Survey(), LIST * 2, file="l.md")[0]
    second = import_list(Survey(), LIST * 2, file="l.md")[0]
    assert [e.key for e in first.entries] == [e.key for e in second.entries] == ["denoising2020diffusion"]
