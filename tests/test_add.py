"""`surveybib add`: one new entry per paper, from any kind of identifier, never a duplicate.

The tests run on a copy of a small fixture project (tests/data/add/project); the titles
and URLs they add are papers of bib/survey.bib, which that project does not hold.
"""

import pytest
from click.testing import CliRunner

from surveybib import load_bib, plans
from surveybib.cli import main
from surveybib.config import load_config

from .online_fixtures import ADD, Services, copy_project, fake_online

CVF = ("https://openaccess.thecvf.com/content/CVPR2024/papers/"
       "Ma_DeepCache_Accelerating_Diffusion_Models_for_Free_CVPR_2024_paper.pdf")


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = copy_project(tmp_path)
    monkeypatch.chdir(folder)
    return folder


def add(*args):
    return CliRunner().invoke(main, ["add", *args])


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def entry(folder, key):
    survey, _ = load_bib(folder / "bib" / "survey.bib")
    return survey.entry(key)


# Each kind of input, offline, with the title given: (input, title, key, type, venue, year, extra fields).
KINDS = [
    pytest.param("2312.00858", "DeepCache: Accelerating Diffusion Models for Free", "deepcache2023accelerating",
                 "misc", None, "2023", {"eprint": "2312.00858", "url": "https://arxiv.org/abs/2312.00858"}, id="arxiv-id"),
    pytest.param("arXiv:2312.00858v2", "DeepCache: Accelerating Diffusion Models for Free", "deepcache2023accelerating",
                 "misc", None, "2023", {"eprint": "2312.00858"}, id="arxiv-prefixed-versioned"),
    pytest.param("https://arxiv.org/pdf/2312.00858v1.pdf", "DeepCache: Accelerating Diffusion Models for Free",
                 "deepcache2023accelerating", "misc", None, "2023",
                 {"url": "https://arxiv.org/abs/2312.00858"}, id="arxiv-pdf-url"),
    pytest.param("10.1145/3610548.3618160", "Rerender a video: Zero-shot text-guided video-to-video translation",
                 "rerender2023video", "inproceedings", "ACM SIGGRAPH Asia Conference Proceedings", "2023",
                 {"doi": "10.1145/3610548.3618160", "url": "https://doi.org/10.1145/3610548.3618160"}, id="doi"),
    pytest.param("https://doi.org/10.1109/TASLP.2023.3268730", "Diffsound: Discrete Diffusion Model for Text-to-Sound Generation",
                 "diffsound2023discrete", "article", "IEEE/ACM Transactions on Audio, Speech, and Language Processing",
                 "2023", {"doi": "10.1109/TASLP.2023.3268730"}, id="doi-url"),
    pytest.param("https://openreview.net/pdf?id=FjNys5c7VyY", "Dreamfusion: Text-to-3d using 2d diffusion",
                 "dreamfusiontextto3d", "misc", None, None, {"url": "https://openreview.net/forum?id=FjNys5c7VyY"},
                 id="openreview"),
    pytest.param("https://aclanthology.org/N19-1423/",
                 "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", "bert2019pretraining",
                 "inproceedings", "Conference of the North American Chapter of the Association for Computational "
                 "Linguistics: Human Language Technologies", "2019", {}, id="acl-anthology"),
    pytest.param(CVF, "DeepCache: Accelerating Diffusion Models for Free", "deepcache2024accelerating",
                 "inproceedings", "IEEE/CVF Conference on Computer Vision and Pattern Recognition", "2024", {"url": CVF},
                 id="cvf"),
    pytest.param("https://proceedings.mlr.press/v202/huang23i.html",
                 "Make-An-Audio: Text-To-Audio Generation with Prompt-Enhanced Diffusion Models", "makeanaudio2023texttoaudio",
                 "inproceedings", "International Conference on Machine Learning", "2023", {}, id="pmlr"),
    pytest.param("https://proceedings.neurips.cc/paper_files/paper/2022/hash/3fa7d76a0dc1179f1e98d1bc62403756-Abstract-Conference.html",
                 "Antigen-specific antibody design and optimization with diffusion-based generative models for protein structures",
                 "antigenspecific2022antibody", "inproceedings", "Advances in Neural Information Processing Systems", "2022", {},
                 id="neurips"),
]


@pytest.mark.parametrize(("given", "title", "key", "etype", "venue", "year", "extra"), KINDS)
def test_each_kind_of_input_adds_one_entry(project, given, title, key, etype, venue, year, extra):
    result = add(given, "--title", title, "--section", "training")
    assert result.exit_code == 0, result.output
    new = entry(project, key)
    assert new.type == etype
    assert (new.fields.get("booktitle") or new.fields.get("journal")) == venue
    assert new.fields.get("year") == year
    for name, value in extra.items():
        assert (new.links[0].url if name == "url" else new.fields[name]) == value
    assert new.sections == {"training": 2}
    assert new.fields["addedfrom"] == "title given with --title"
    readme = (project / "bib" / "README.md").read_text()
    assert f"<!-- surveybib {key} " in readme
    assert f"@{etype}{{{key}," in result.stdout  # the new entry is printed, and its README line
    assert any(f"<!-- surveybib {key} " in line and line.startswith("README.md: * ") for line in result.stdout.splitlines())


def test_title_is_escaped_for_latex_and_markdown(project):
    result = add("2312.00858", "--title", "A_b [x](y) 100% & $z$ <b>", "--section", "sampling")
    assert result.exit_code == 0, result.output
    new = entry(project, "ab2023x")
    assert new.fields["title"] == r"A\_b [x](y) 100\% \& \$z\$ \textless{}b\textgreater{}"
    line = next(x for x in (project / "bib" / "README.md").read_text().splitlines() if "ab2023x" in x)
    assert "[x](y)" not in line and "<b>" not in line  # rendered as text, not as a link or HTML


def test_pasted_citation_block_alone(project):
    result = add("--bibtex", str(ADD / "deepcache-cite.bib"), "--section", "sampling")
    assert result.exit_code == 0, result.output
    new = entry(project, "ma2024deepcache")
    assert new.fields["author"] == "Ma, Xinyin and Fang, Gongfan and Wang, Xinchao"
    assert (new.fields["booktitle"], new.fields["year"]) == ("IEEE/CVF Conference on Computer Vision and Pattern Recognition", "2024")
    assert new.fields["addedfrom"] == "deepcache-cite.bib#ma2023deepcache (citation block)"


def test_citation_block_from_stdin(project):
    text = (ADD / "deepcache-cite.bib").read_text()
    result = CliRunner().invoke(main, ["add", CVF, "--bibtex", "-", "--section", "sampling"], input=text)
    assert result.exit_code == 0, result.output
    assert entry(project, "ma2024deepcache").fields["addedfrom"] == "<stdin>#ma2023deepcache (citation block)"


def test_position_after_a_key(project):
    result = add("2312.00858", "--title", "DeepCache: Accelerating Diffusion Models for Free",
                 "--section", "sampling", "--after", "consistency2023models")
    assert result.exit_code == 0, result.output
    survey, _ = load_bib(project / "bib" / "survey.bib")
    assert [e.key for e in survey.in_section("sampling")] == [
        "consistency2023models", "deepcache2023accelerating", "denoising2020diffusion", "latent2023consistency"]


def test_contributors_line_in_the_surveys_own_format(project):
    line = (f"DeepCache: Accelerating Diffusion Models for Free, <ins>CVPR, 2024</ins> [[pdf]({CVF})] "
            "[[other resources](https://github.com/horseee/DeepCache)].")
    result = add("--line", line, "--section", "sampling")
    assert result.exit_code == 0, result.output
    new = entry(project, "deepcache2024accelerating")
    assert new.fields["title"] == "{DeepCache}: Accelerating Diffusion Models for Free"
    assert (new.type, new.fields["booktitle"], new.fields["year"]) == (
        "inproceedings", "IEEE/CVF Conference on Computer Vision and Pattern Recognition", "2024")
    assert [(link.label, link.url) for link in new.links] == [
        ("pdf", CVF), ("other resources", "https://github.com/horseee/DeepCache")]


def test_a_preprint_line_takes_its_venue_from_the_arxiv_link(project):
    line = "DeepCache: Accelerating Diffusion Models for Free, <ins>Preprint, 2023</ins> [[pdf](https://arxiv.org/abs/2312.00858)]."
    result = add("--line", line, "--section", "sampling")
    assert result.exit_code == 0, result.output
    new = entry(project, "deepcache2023accelerating")
    assert (new.type, new.fields["eprint"], new.fields["year"]) == ("misc", "2312.00858", "2023")
    assert "I034" not in result.output  # "Preprint" is no unknown venue


def test_duplicate_by_arxiv_id_is_reported_not_added(project):
    before = snapshot(project)
    result = add("2303.01469", "--section", "sampling")
    assert result.exit_code == 1
    assert ("duplicate 2303.01469: already in the bib as consistency2023models (Consistency Models): "
            "same arXiv id; not added") in result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize(("given", "title", "kind"), [
    ("https://openreview.net/forum?id=FmqFfMTNnv", "Another title", "URL"),
    ("2312.00858", "Consistency models", "title"),
    ("https://www.arxiv.org/abs/2010.02502v3", "DDIM", "arXiv id"),
])
def test_duplicate_by_url_title_or_id(project, given, title, kind):
    before = snapshot(project)
    result = add(given, "--title", title, "--section", "training")
    assert result.exit_code == 1
    assert f"same {kind}; not added" in result.stderr
    assert snapshot(project) == before


def test_the_other_inputs_are_added_when_one_is_a_duplicate(project):
    result = add("2303.01469", "2312.00858", "--section", "sampling", "--bibtex", str(ADD / "deepcache-cite.bib"))
    assert result.exit_code == 2  # two identifiers, one block that names neither: which is it?
    result = add("2303.01469", CVF, "--section", "sampling")
    assert result.exit_code == 1
    assert "duplicate 2303.01469" in result.stderr and f"incomplete {CVF}: no title" in result.stderr


def test_missing_title_offline_says_what_is_missing(project):
    before = snapshot(project)
    result = add(CVF, "--section", "sampling")
    assert result.exit_code == 1
    assert f"incomplete {CVF}: no title: give --title TITLE, --bibtex FILE (its citation block) or --online SOURCES" \
        in result.stderr
    assert "(known so far: year)" in result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize(("args", "message"), [
    (["hello"], "'hello' is not an arXiv id (2303.01469), a DOI (10.xxxx/...) or an http(s) URL"),
    (["2313.00001"], "'2313.00001' is not an arXiv id"),
    (["https://arxiv.org/abs/99.1"], "'99.1' is not a valid arXiv id"),
    (["https://openreview.net/forum"], "an OpenReview URL names its paper with ?id=..."),
    (["2312.00858", "--section", "nope"], "no section 'nope'; the sections are sampling, training"),
    (["2312.00858", "--after", "nope"], "no entry 'nope' in section 'sampling'"),
    (["2312.00858", "10.1145/3610548.3618160", "--title", "X"], "--title names one paper"),
    (["--section", "sampling"], "nothing to add"),
    (["2312.00858", "--online", "scholar"], "unknown online source scholar"),
])
def test_unusable_input_exits_2_and_writes_nothing(project, args, message):
    before = snapshot(project)
    if "--section" not in args:
        args = [*args, "--section", "sampling"]
    result = add(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_citation_block_of_another_paper_is_refused(project, tmp_path):
    block = tmp_path / "other.bib"
    block.write_text("@misc{x, title={Consistency Models}, eprint={2303.01469}, archivePrefix={arXiv}}\n")
    result = add("2312.00858", "--bibtex", str(block), "--section", "sampling")
    assert result.exit_code == 2
    assert "names eprint 2303.01469, but 2312.00858 is 2312.00858: another paper?" in result.stderr


def test_dry_run_writes_nothing(project):
    before = snapshot(project)
    result = add(CVF, "--bibtex", str(ADD / "deepcache-cite.bib"), "--section", "sampling", "--dry-run")
    assert result.exit_code == 0
    assert "@inproceedings{ma2024deepcache," in result.stdout
    assert "would update" in result.stderr and "bib/survey.bib" in result.stderr
    assert snapshot(project) == before


def test_one_write_then_sync_check_passes(project):
    result = add(CVF, "--bibtex", str(ADD / "deepcache-cite.bib"), "--section", "sampling")
    assert result.exit_code == 0
    assert CliRunner().invoke(main, ["sync", "--check"]).exit_code == 0
    assert CliRunner().invoke(main, ["fmt", "--check"]).exit_code == 0


def test_online_fills_title_authors_and_published_version(project, monkeypatch):
    services = fake_online(monkeypatch, Services())
    result = add("2312.00858", "--online", "arxiv,dblp", "--section", "sampling", "--cache-dir", str(project / ".cache"))
    assert result.exit_code == 0, result.output
    new = entry(project, "ma2024deepcache")
    assert new.fields["title"] == "DeepCache: Accelerating Diffusion Models for Free"
    assert new.fields["author"] == "Ma, Xinyin and Fang, Gongfan and Wang, Xinchao"
    assert (new.type, new.fields["booktitle"], new.fields["year"]) == (
        "inproceedings", "IEEE/CVF Conference on Computer Vision and Pattern Recognition", "2024")
    assert new.fields["eprint"] == "2312.00858"  # kept, as enrich keeps it
    assert new.fields["addedfrom"] == "title, author from arXiv API 2312.00858 (by its id)"
    assert "published version CVPR 2024 from DBLP conf/cvpr/fixture-deepcache (title)" in result.stderr
    assert any("export.arxiv.org" in url for _, url in services.calls)


def test_online_doi_from_crossref(project, monkeypatch):
    fake_online(monkeypatch, Services())
    result = add("10.1145/3610548.3618160", "--online", "crossref", "--section", "training",
                 "--cache-dir", str(project / ".cache"))
    assert result.exit_code == 0, result.output
    new = entry(project, "yang2023rerender")
    assert new.fields["author"] == "Yang, Shuai and Zhou, Yifan and Liu, Ziwei and Loy, Chen Change"
    assert new.fields["title"] == "Rerender a video: Zero-shot text-guided video-to-video translation"
    assert new.fields["addedfrom"] == "title, author from Crossref 10.1145/3610548.3618160 (by its id)"
    assert (new.fields["booktitle"], new.fields["year"]) == ("ACM SIGGRAPH Asia Conference Proceedings", "2023")


def test_online_unknown_id_is_refused(project, monkeypatch):
    fake_online(monkeypatch, Services())
    before = snapshot(project)
    result = add("2312.99999", "--online", "arxiv", "--section", "sampling", "--cache-dir", str(project / ".cache"))
    assert result.exit_code == 1
    assert "unknown 2312.99999: no online source (arxiv) knows 2312.99999; not added" in result.stderr
    assert {k: v for k, v in snapshot(project).items() if ".cache" not in str(k)} == before


def test_plan_add_is_the_library_call(project):
    plan = plans.plan_add(load_config(project), ["2312.00858"], section="sampling",
                        title="DeepCache: Accelerating Diffusion Models for Free")
    assert [(o.status, o.key) for o in plan.outcomes] == [("added", "deepcache2023accelerating")]
    assert {o.path.name for o in plan.outputs} == {"survey.bib", "README.md"}


def test_online_asks_nothing_by_an_empty_title(project, monkeypatch):
    services = fake_online(monkeypatch, Services())
    add("2312.99999", "--online", "arxiv,crossref,dblp", "--section", "sampling", "--cache-dir", str(project / ".cache"))
    assert [url for _, url in services.calls if "dblp.org" in url or "crossref.org" in url] == []


def test_online_service_unreachable_exits_2_and_writes_nothing(project, monkeypatch):
    import requests

    class Down(Services):
        def send(self, request, **kwargs):
            raise requests.Timeout("simulated")

    fake_online(monkeypatch, Down())
    before = snapshot(project)
    result = add("2312.00858", "--online", "arxiv", "--section", "sampling", "--cache-dir", str(project / ".cache"))
    assert result.exit_code == 2
    assert "export.arxiv.org: timed out after 5 tries; nothing was written" in result.stderr
    assert {k: v for k, v in snapshot(project).items() if ".cache" not in str(k)} == before


def test_import_reads_a_pasted_line_in_the_surveys_format(project):
    """A contributor pastes the AIoT-MLSys-Lab format into the README; the import makes it an entry."""
    readme = project / "bib" / "README.md"
    text = readme.read_text().replace(
        "\n\n## Training",
        f"\n* DeepCache: Accelerating Diffusion Models for Free, <ins>CVPR, 2024</ins> [[pdf]({CVF})] "
        "[[other resources](https://github.com/horseee/DeepCache)].\n\n## Training")
    readme.write_text(text)
    result = CliRunner().invoke(main, ["import", "bib/README.md"])
    assert "new deepcache2024accelerating" in result.stdout, result.output
    new = entry(project, "deepcache2024accelerating")
    assert new.fields["title"] == "{DeepCache}: Accelerating Diffusion Models for Free"
    assert (new.fields["booktitle"], new.fields["year"]) == ("IEEE/CVF Conference on Computer Vision and Pattern Recognition", "2024")
    assert new.sections == {"sampling": 4}


def test_citation_block_that_is_not_utf8_is_unusable_input(project, tmp_path):
    block = tmp_path / "latin1.bib"
    block.write_bytes("@misc{x, title={Caf\u00e9}}\n".encode("latin-1"))
    result = add("2312.00858", "--bibtex", str(block), "--section", "sampling")
    assert result.exit_code == 2
    assert "latin1.bib:1: not UTF-8 text" in result.stderr


def test_any_text_is_an_identifier_or_unusable_input_never_a_traceback():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from surveybib.errors import InputError
    from surveybib.transforms.identify import identify

    pieces = st.sampled_from(["http://", "https://", "[", "]", "::1", "arxiv.org/abs/", "doi.org/", "10.1145/",
                              "openreview.net/pdf?id=", "2303.01469", "v2", "%", "?", "#", "/", ":", " "])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(pieces, st.text(max_size=5)), max_size=6).map("".join))
    def check(text):
        try:
            found = identify(text)
        except InputError:
            return
        assert found.link.url.startswith(("http://", "https://"))

    check()
    with pytest.raises(InputError, match="is not a usable URL"):
        identify("http://[::1")


@pytest.mark.parametrize(("line", "message"), [
    ("", "--line is not a paper list line"),
    ("## Heading", "--line is not a paper list line"),
    ("A\nB", "--line takes one list line"),
    ("T\x1b]0;x\x07, <ins>CVPR, 2024</ins> [[pdf](https://x.org/a)]", "--line holds control characters"),
    ("T, <ins>CVPR, 2024</ins> [[pdf](http://[::1)]", "--line holds an unusable link (Invalid IPv6 URL)"),
])
def test_unusable_line(project, line, message):
    result = add("--line", line, "--section", "sampling")
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_title_with_control_characters_is_refused(project):
    before = snapshot(project)
    result = add("2312.00858", "--title", "DeepCache\x1b[31m\nfake line", "--section", "sampling")
    assert result.exit_code == 2
    assert "--title holds control characters" in result.stderr and "\x1b" not in result.output
    assert snapshot(project) == before
