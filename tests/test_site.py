"""The reader's page (surveybib site), offline: files, sync, COinS by Zotero's rules, escaping."""

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from surveybib import api
from surveybib.config import load_config
from surveybib.site import plan_site
from surveybib.text.latex import plain_text
from surveybib.text.people import people
from surveybib.transforms.evolution import evolution
from surveybib.writers.exports import kind
from surveybib.writers.pgfplots import render_figures
from surveybib.writers.site import entry_bibtex, json_script

from .conftest import DATA, run_cli
from .zotero_coins import MalformedValue, decode, item, spans

SITE_DATA = DATA / "site"
ZOTERO_TYPES = {"conference": "conferencePaper", "journal": "journalArticle", "preprint": "preprint",
                "web": "webpage", "other": "webpage"}


def make_project(tmp_path, bib="survey.bib", config='site = "site"\n'):
    shutil.copy(SITE_DATA / bib, tmp_path / "survey.bib")
    (tmp_path / "pyproject.toml").write_text(f'[tool.surveybib]\nbib = "survey.bib"\nlist = "README.md"\n{config}')
    return tmp_path


def build(project):
    config = load_config(project)
    survey, _ = api.load_bib(config.bib)
    return config, survey, {o.path.relative_to(config.site or project / "site").as_posix(): o
                            for o in plan_site(config, survey)}


def test_site_command_writes_the_page_and_every_download(tmp_path):
    project = make_project(tmp_path, config="")
    result = run_cli("site", "-o", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    survey, _ = api.load_bib(project / "survey.bib")
    names = sorted(p.relative_to(project / "out").as_posix() for p in (project / "out").rglob("*") if p.is_file())
    expected = [f"downloads/{n}{s}" for n in ("all", "foundations", "sampling", "surveys") for s in (".bib", ".json", ".ris")]
    assert names == sorted(expected + ["index.html"])
    for name, sections in (("all", None), ("sampling", ["sampling"])):
        for fmt, suffix in (("bibtex", ".bib"), ("ris", ".ris"), ("csljson", ".json")):
            text = (project / "out" / "downloads" / f"{name}{suffix}").read_text("utf-8")
            assert text == api.export(survey, fmt, sections=sections)
    # the two titles with '+' are reported: Zotero reads them with spaces from COinS
    assert "W001 [info] controlnetpp2024improving:" in result.stdout and "W001 [info] odd2023symbols:" in result.stdout
    assert run_cli("site", "-o", "out", "--check", cwd=project).returncode == 0
    (project / "out" / "downloads" / "sampling.ris").write_text("stale\n")
    stale = run_cli("site", "-o", "out", "--check", cwd=project)
    assert stale.returncode == 1 and "sampling.ris" in stale.stderr


def test_sync_writes_the_site_when_configured_and_check_sees_it(tmp_path):
    project = make_project(tmp_path)
    (project / "README.md").write_text("# A small survey\n\n<!-- surveybib:begin figures -->\n<!-- surveybib:end -->\n")
    assert run_cli("sync", cwd=project).returncode == 0
    first = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert (project / "site" / "index.html") in first and (project / "figures" / "papers-per-year-dark.svg") in first
    assert run_cli("sync", "--check", cwd=project).returncode == 0  # byte-stable across runs
    assert run_cli("sync", cwd=project).returncode == 0
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == first
    assert run_cli("check", "--select", "O", cwd=project).returncode == 0
    page = project / "site" / "index.html"
    page.write_text(page.read_text("utf-8").replace("Neural Discrete", "Neural"), "utf-8")
    result = run_cli("check", "--select", "O", cwd=project)
    assert result.returncode == 1 and "O001" in result.stdout and "index.html" in result.stdout
    assert "<title>A small survey</title>" in first[project / "site" / "index.html"].decode()


def test_the_readme_figures_region_shows_light_and_dark_svg(tmp_path):
    project = make_project(tmp_path, config='site = "site"\nsite_url = "https://example.org/survey/"\n')
    (project / "README.md").write_text("# S\n\n<!-- surveybib:begin figures -->\n<!-- surveybib:end -->\n")
    assert run_cli("sync", cwd=project).returncode == 0
    readme = (project / "README.md").read_text("utf-8")
    assert '<source media="(prefers-color-scheme: dark)" srcset="figures/papers-per-year-dark.svg">' in readme
    assert '<img src="figures/papers-per-year.svg" alt="Papers per year from 2017 to 2024, stacked by section">' in readme
    assert "[the survey's page](https://example.org/survey/)" in readme
    assert "a paper in two sections counts in both" in readme
    light = ET.fromstring((project / "figures" / "papers-per-year.svg").read_text("utf-8"))
    dark = (project / "figures" / "papers-per-year-dark.svg").read_text("utf-8")
    assert 'fill="#e6edf3"' in dark  # light text on GitHub's dark background
    texts = [t.text for t in light.iter("{http://www.w3.org/2000/svg}text")]
    # DDPM is in two sections and counts in both: 2020 has one paper, stacked twice
    assert "Foundations (2)" in texts and "Sampling & Speed (3)" in texts and "Surveys (2)" in texts
    bars = [r.find("{http://www.w3.org/2000/svg}title").text for r in light.iter("{http://www.w3.org/2000/svg}rect")
            if r.find("{http://www.w3.org/2000/svg}title") is not None]
    assert sorted(bars) == ["2017: 1", "2020: 1", "2020: 1", "2023: 1", "2023: 1", "2024: 1", "2024: 1"]
    assert "2021" in texts and "2016" not in texts  # every year from the first to the last, no more


def test_every_coins_span_reads_back_as_zotero_reads_it(tmp_path):
    config, survey, files = build(make_project(tmp_path))
    titles = spans(files["index.html"].new)
    assert len(titles) == len(survey.entries)
    for entry, kev in zip(_page_order(survey), titles, strict=True):
        found = item(kev)  # strict: a malformed value raises
        title = plain_text(entry.fields["title"])
        assert found.title == title.replace("+", " "), entry.key
        assert found.type == ZOTERO_TYPES[kind(entry)], entry.key
        names = people(entry.fields.get("author", ""))  # organizations come last in Zotero
        assert found.creators == [(n.family, n.given) for n in sorted(names, key=lambda n: n.literal)], entry.key
        assert found.date == entry.fields.get("year", ""), entry.key
        assert found.doi == entry.fields.get("doi", ""), entry.key
        assert found.tags == [s.slug for s in survey.sections if s.slug in entry.sections], entry.key
    by_key = dict(zip((e.key for e in _page_order(survey)), titles, strict=True))
    assert item(by_key["vqvae2017neural"]).creators[0] == ("van den Oord", "Aäron")
    assert item(by_key["odd2023symbols"]).creators[1] == ("Black Forest Labs", "")
    assert item(by_key["odd2023symbols"]).title == "Odd symbols: 100% & friends = a <b>test</b>; C   #1"
    assert item(by_key["controlnetpp2024improving"]).title.startswith("ControlNet  : Improving")  # the known loss
    assert item(by_key["controlnetpp2024improving"]).url == "https://arxiv.org/abs/2404.07987"
    assert item(by_key["diffusion2023survey"]).container == "ACM Computing Surveys"
    assert item(by_key["ddpm2020denoising"]).container == "Advances in Neural Information Processing Systems"
    assert item(by_key["ddpm2020denoising"]).tags == ["foundations", "sampling"]


def _page_order(survey):
    from surveybib.transforms.order import canonical_order

    return canonical_order(survey).entries


def test_coins_values_are_percent_encoded_with_nothing_safe(tmp_path):
    _, _, files = build(make_project(tmp_path))
    html = files["index.html"].new
    raw = re.findall(r'<span class="Z3988" title="([^"]*)"', html)
    assert raw and all("&amp;" in t for t in raw)
    for attribute in raw:
        kev = attribute.replace("&amp;", "&")
        for part in kev.split("&"):
            key, value = part.split("=")  # exactly one '=': none left raw in a value
            assert re.fullmatch(r"(ctx_ver|rft_val_fmt|rft_id|rft\.[a-z]+)", key)
            assert re.fullmatch(r"([A-Za-z0-9_.~-]|%[0-9A-F]{2})*", value), value  # no raw space, +, %, <, "
    assert "rft.atitle=Neural%20Discrete%20Representation%20Learning" in raw[0]


@pytest.mark.parametrize("kev, problem", [
    ("ctx_ver=Z39.88-2004&rft.title=100% raw", "a raw percent sign"),
    ("ctx_ver=Z39.88-2004&rft.title=%C3", "a broken UTF-8 sequence"),
], ids=["raw-percent", "bad-utf8"])
def test_the_decoder_fails_where_the_connector_fails(kev, problem):
    with pytest.raises(MalformedValue):
        decode(kev)


def test_the_decoder_follows_zotero_not_parse_qsl():
    assert decode("rft.title=C%2B%2B+and%2bD&rft.au=a=b") == [("rft.title", "C   and D"), ("rft.au", "a")]


def test_copy_bibtex_is_the_entrys_block_of_the_export(tmp_path):
    config, survey, files = build(make_project(tmp_path))
    whole = api.export(survey, "bibtex")
    html = files["index.html"].new
    blocks = [_unescape(b) for b in re.findall(r"<pre>(.*?)</pre>", html, re.S)]
    assert len(blocks) == len(survey.entries)
    for entry, block in zip(_page_order(survey), blocks, strict=True):
        assert block == entry_bibtex(entry, survey, "full")
        assert block.startswith(f"@{entry.type}{{{entry.key},") and block in whole


def _unescape(text):
    import html

    return html.unescape(text)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self.hrefs, self.data = [], [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs.get("type"))
            self._in_script = True
        if tag == "a":
            self.hrefs.append(attrs.get("href"))
        for name in attrs:
            assert not name.startswith("on"), (tag, name)

    def handle_endtag(self, tag):
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data):
        if self._in_script:
            self.data.append(data)


def test_hostile_titles_headings_and_links_stay_text(tmp_path):
    _, survey, files = build(make_project(tmp_path, bib="hostile.bib"))
    html = files["index.html"].new
    parsed = _Tags()
    parsed.feed(html)
    assert parsed.scripts == ["application/json", None]  # only the page's own two scripts
    assert "img" not in parsed.tags and "iframe" not in parsed.tags
    for href in parsed.hrefs:
        assert href.startswith(("https://", "http://", "#", "downloads/")), href
    data = json.loads(parsed.data[0])
    assert data["sections"] == [s.slug for s in survey.sections]
    figures = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(figures) == 3
    legends = [t.text for svg in figures for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert 'Evil </script><script>window.PWNED=3</script> & "quotes" (2)' in legends  # XML text, read back
    assert "&lt;/script&gt;&lt;script&gt;window.PWNED=1&lt;/script&gt;" in html


def test_embedded_json_cannot_close_its_script():
    hostile = {"t": "</script><script>window.PWNED=1</script> & <!-- \u2028"}
    text = json_script(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


def test_pgfplots_figures_escape_headings_and_say_what_counts_twice():
    survey, _ = api.parse_bib("@comment{surveybib-sections\n  2 evil \\input{/etc/passwd} 100% & #1\n}\n\n"
                              "@misc{a,\n  title = {A},\n  year = {2020},\n  keywords = {evil},\n  positions = {evil=1}\n}\n")
    from surveybib.venues import default_registry

    tex = render_figures(evolution(survey, default_registry()), bib="x.bib")
    assert "\\input{/etc" not in tex and "100\\%" in tex and "\\&" in tex and "\\#1" in tex
    assert tex.count("A paper in two sections counts in both.") == 2
    assert "coordinates {(2020,1)}" in tex


def _luminance(hex_color):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_meet_wcag_aa_contrast(scheme):
    from importlib import resources

    css = resources.files("surveybib").joinpath("templates", "site.css").read_text("utf-8")
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    block = light if scheme == "light" else dark.split("}")[0]
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", block))
    pairs = [("fg", "bg"), ("muted", "bg"), ("link", "bg"), ("fg", "panel"), ("link", "panel"), ("muted", "panel"),
             ("published-fg", "published-bg"), ("preprint-fg", "preprint-bg"), ("other-fg", "other-bg")]
    for text, background in pairs:
        assert _contrast(colours[text], colours[background]) >= 4.5, (scheme, text, background)
