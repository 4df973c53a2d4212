"""The reader's page in a real browser: Debian's chromium, driven by the playwright package.

Never ``playwright install``: the package's own browser download cannot work here; the
tests launch /usr/bin/chromium. Without it they skip, except under CI=true, where a
missing chromium is a failure (as a missing TeX is for the LaTeX tests).
"""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from surveybib import api, project
from surveybib.config import load_config
from surveybib.site import plan_site
from surveybib.writers.site import entry_bibtex

from .conftest import DATA

CHROMIUM = os.environ.get("SURVEYBIB_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KEYS_CURATED = ["vqvae2017neural", "ddpm2020denoising", "controlnetpp2024improving", "odd2023symbols",
                "diffusion2023survey", "efficient2024survey", "undated2021report"]

if not Path(CHROMIUM).exists() and os.environ.get("CI") == "true":
    raise RuntimeError(f"CI needs Debian's chromium at {CHROMIUM} for the page's browser tests (see .ci/run)")
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no chromium at {CHROMIUM} (apt-get install chromium)")]


def build_site(folder: Path, bib) -> Path:
    if Path(bib) != folder / "survey.bib":
        shutil.copy(DATA / "site" / bib, folder / "survey.bib")
    (folder / "pyproject.toml").write_text('[tool.surveybib]\nbib = "survey.bib"\nlist = "README.md"\n')
    config = load_config(folder)
    survey, _ = api.load_bib(config.bib)
    project.write_all(plan_site(config, survey, folder=folder / "site"))
    return folder / "site"


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    if os.environ.get("CI") == "true":  # in CI a missing playwright is a failure, not a skip
        import playwright.sync_api as sync_api
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS, accept_downloads=True,
            viewport={"width": 1100, "height": 900})
        context.set_default_timeout(10_000)
        yield context
        context.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The fixture survey's site, served on 127.0.0.1 for as long as this module runs."""
    root = tmp_path_factory.mktemp("site-project")
    site = build_site(root, "survey.bib")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def page(context):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    page.close()


def visible_keys(page):
    return page.eval_on_selector_all("#list > li.paper:not([hidden])", "items => items.map(i => i.id.slice(6))")


def test_typing_filters_and_the_hash_keeps_the_query(page, served):
    _, url = served
    page.goto(url)
    assert page.text_content("#count") == "7 papers"
    page.locator("#q").press_sequentially("diffusion", delay=20)
    assert page.text_content("#count") == "Showing 3 of 7 papers"
    assert visible_keys(page) == ["ddpm2020denoising", "diffusion2023survey", "efficient2024survey"]
    assert page.url.endswith("#q=diffusion")
    page.fill("#q", "aaron oord")  # every word, accents folded: Aäron van den Oord
    assert visible_keys(page) == ["vqvae2017neural"]
    page.fill("#q", "neurips")  # the venue badge is searched too
    assert visible_keys(page) == ["vqvae2017neural", "ddpm2020denoising"]
    assert page.errors == []


@pytest.mark.parametrize("control, value, expected", [
    ("section", "sampling", ["ddpm2020denoising", "controlnetpp2024improving", "odd2023symbols"]),
    ("venue", "NeurIPS", ["vqvae2017neural", "ddpm2020denoising"]),
    ("venue", "arXiv", ["controlnetpp2024improving", "efficient2024survey"]),
    ("kind", "published", ["vqvae2017neural", "ddpm2020denoising", "diffusion2023survey"]),
    ("kind", "preprint", ["controlnetpp2024improving", "efficient2024survey"]),
    ("from", "2023", ["controlnetpp2024improving", "odd2023symbols", "diffusion2023survey", "efficient2024survey"]),
    ("to", "2020", ["vqvae2017neural", "ddpm2020denoising"]),
], ids=["section", "venue", "venue-arxiv", "published", "preprint", "from-year", "to-year"])
def test_each_filter(page, served, control, value, expected):
    _, url = served
    page.goto(url)
    page.select_option(f"#{control}", value)
    assert visible_keys(page) == expected
    assert page.text_content("#count") == f"Showing {len(expected)} of 7 papers"
    assert f"{control}={value}" in page.url


@pytest.mark.parametrize("sort, expected", [
    ("newest", ["controlnetpp2024improving", "efficient2024survey", "odd2023symbols", "diffusion2023survey",
                "ddpm2020denoising", "vqvae2017neural", "undated2021report"]),
    ("venue", ["diffusion2023survey", "controlnetpp2024improving", "efficient2024survey", "ddpm2020denoising",
               "vqvae2017neural", "odd2023symbols", "undated2021report"]),
    ("", KEYS_CURATED),
], ids=["newest", "venue", "curated"])
def test_sort(page, served, sort, expected):
    _, url = served
    page.goto(url + ("#sort=venue" if sort == "" else ""))  # back to curated from another order
    page.select_option("#sort", sort)
    assert visible_keys(page) == expected


def test_a_shared_hash_restores_the_view(page, served):
    _, url = served
    page.goto(url + "#q=models&kind=preprint&sort=newest&from=2024")
    assert page.input_value("#q") == "models" and page.input_value("#kind") == "preprint"
    assert page.input_value("#sort") == "newest" and page.input_value("#from") == "2024"
    assert visible_keys(page) == ["efficient2024survey"]
    page.evaluate("location.hash = 'section=foundations'")  # a changed hash applies at once
    page.wait_for_function("document.getElementById('count').textContent === 'Showing 2 of 7 papers'")
    assert page.input_value("#q") == ""
    page.click("#reset")
    assert page.text_content("#count") == "7 papers" and page.url.endswith("index.html")


def test_a_section_tag_filters_by_its_section_and_keeps_the_query(page, served):
    _, url = served
    page.goto(url + "#q=models")
    page.locator("#paper-ddpm2020denoising .tags a", has_text="Sampling & Speed").click()
    assert page.input_value("#section") == "sampling" and page.input_value("#q") == "models"
    assert visible_keys(page) == ["ddpm2020denoising"]


def test_the_filters_work_from_the_keyboard(page, served):
    _, url = served
    page.goto(url)
    page.keyboard.press("Tab")  # the skip link first
    assert page.evaluate("document.activeElement.className") == "skip"
    page.locator("#q").focus()
    page.keyboard.type("consistency")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "section"
    page.keyboard.press("ArrowDown")  # the first section: Foundations
    assert page.input_value("#section") == "foundations"
    assert page.text_content("#count") == "Showing 0 of 7 papers"
    labels = page.eval_on_selector_all("#filters input, #filters select",
                                       "els => els.map(e => document.querySelector(`label[for=${e.id}]`) !== null)")
    assert labels and all(labels)


def test_copy_bibtex_puts_the_exports_text_on_the_clipboard(page, served, context):
    root, url = served
    origin = url.rsplit("/", 1)[0]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page.goto(url)
    survey, _ = api.load_bib(root / "survey.bib")
    whole = api.export(survey, "bibtex")
    for key in ("ddpm2020denoising", "odd2023symbols"):
        page.click(f"#paper-{key} button.copy")
        page.wait_for_function(f"document.querySelector('#paper-{key} button.copy').textContent === 'Copied'")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == entry_bibtex(survey.entry(key), survey, "full")
        assert copied in whole and copied.startswith("@") and key in copied.splitlines()[0]


def test_every_download_link_gives_its_export(page, served):
    root, url = served
    survey, _ = api.load_bib(root / "survey.bib")
    formats = {".bib": "bibtex", ".ris": "ris", ".json": "csljson"}
    page.goto(url)
    links = page.eval_on_selector_all("a[download]", "links => links.map(a => a.getAttribute('href'))")
    assert len(links) == 3 * 4  # the whole survey and three sections
    for index, href in enumerate(links):
        name, suffix = Path(href).stem, Path(href).suffix
        page.goto(url)  # chromium holds back a page's eleventh download in a row
        with page.expect_download() as info:
            page.locator("a[download]").nth(index).click()
        got = Path(info.value.path()).read_text("utf-8")
        assert got == api.export(survey, formats[suffix], sections=None if name == "all" else [name]), href


def test_the_page_loads_nothing_from_the_network_and_works_from_a_file(page, served, tmp_path):
    root, _ = served
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((root / "site" / "index.html").as_uri())
    page.locator("#q").press_sequentially("survey")
    assert page.text_content("#count") == "Showing 2 of 7 papers"
    assert page.url.endswith("index.html#q=survey")  # the hash is kept from file:// too
    page.reload()
    assert page.input_value("#q") == "survey" and page.text_content("#count") == "Showing 2 of 7 papers"
    assert all(u.startswith("file://") for u in requests), requests
    assert page.eval_on_selector_all("span.Z3988[title]", "spans => spans.length") == 7
    assert page.errors == []


def test_hostile_titles_run_nothing(page, tmp_path):
    site = build_site(tmp_path, "hostile.bib")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((site / "index.html").as_uri())
    page.hover("#paper-img2023onerror h3")
    page.locator("#q").press_sequentially("script")
    page.select_option("#section", "evil")
    assert page.evaluate("window.PWNED") is None and dialogs == [] and page.errors == []
    assert page.text_content("#paper-script2024title h3") == "</script><script>window.PWNED=1</script>"
    assert page.text_content("#paper-img2023onerror h3").startswith('<img src=x onerror="window.PWNED=2">')
    assert page.eval_on_selector_all("#list img, #list svg, #list script", "els => els.length") == 0
    hrefs = page.eval_on_selector_all("#list a", "links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(("https://", "http://", "file://")) for h in hrefs), hrefs
    assert not any("javascript" in h for h in hrefs)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshot(page, served, scheme, tmp_path):
    """A picture to look at (written to SURVEYBIB_SCREENSHOTS when set); checks that the theme applies."""
    _, url = served
    page.emulate_media(color_scheme=scheme)
    page.goto(url + "#section=sampling")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(13, 17, 23)")
    folder = Path(os.environ.get("SURVEYBIB_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(path=str(folder / f"site-{scheme}.png"), full_page=True)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000


def test_a_large_survey_shows_its_first_500_matches_and_the_rest_on_request(page, tmp_path):
    blocks = ["@comment{surveybib-sections\n  2 papers Papers\n}\n"]
    for i in range(600):
        word = "odd" if i % 2 else "even"
        blocks.append(f"@misc{{p{i},\n  title = {{Paper {i} {word}}},\n  year = {{{2000 + i % 20}}},\n"
                      f"  keywords = {{papers}},\n  positions = {{papers={i + 1}}}\n}}\n")
    (tmp_path / "survey.bib").write_text("\n".join(blocks))
    site = build_site(tmp_path, tmp_path / "survey.bib")
    page.goto((site / "index.html").as_uri())
    assert page.text_content("#count") == "Showing the first 500 of 600 matching papers (600 in all)"
    assert len(visible_keys(page)) == 500 and visible_keys(page)[-1] == "p499"
    page.click("#more")
    assert len(visible_keys(page)) == 600 and page.text_content("#count") == "600 papers"
    assert page.is_hidden("#more")
    page.fill("#q", "odd")  # a new query shows the first 500 again: here all 300 matches
    assert visible_keys(page)[:2] == ["p1", "p3"] and page.text_content("#count") == "Showing 300 of 600 papers"
    page.select_option("#sort", "newest")  # the first 500 in the order shown
    page.fill("#q", "")
    assert visible_keys(page)[:2] == ["p19", "p39"] and len(visible_keys(page)) == 500
