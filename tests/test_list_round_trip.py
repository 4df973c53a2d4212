"""init-readme + import + sync + import on any list: no paper and no line of the authors is lost."""

import re

import pytest

from surveybib import Survey, api, import_list
from surveybib.markers import find_regions
from surveybib.model import Entry, Section
from surveybib.transforms.region_guard import unaccounted_lines

from .conftest import run_cli
from .corpus_counts import CORPUS, COUNTERS


def project(tmp_path, text):
    (tmp_path / "pyproject.toml").write_text('[tool.surveybib]\nbib = "bib/survey.bib"\nlist = "bib/README.md"\n')
    (tmp_path / "bib").mkdir()
    (tmp_path / "LIST.md").write_text(text, "utf-8")
    return tmp_path


def cli(root, *args):
    return run_cli(*args, cwd=root)


REPEATED = (
    "# Awesome\n\n## Vision\n\n### Generation\n\n* A [[Paper]](https://arxiv.org/abs/2301.00001)\n\n"
    "## Audio\n\n### Generation\n\n* B [[Paper]](https://arxiv.org/abs/2301.00002)\n"
)


def test_a_heading_name_under_two_parents(tmp_path):
    root = project(tmp_path, REPEATED)
    assert cli(root, "init-readme", "LIST.md").returncode == 0
    assert cli(root, "import", "LIST.md").returncode == 0
    synced = cli(root, "sync")
    assert synced.returncode == 0, synced.stderr
    readme = (root / "bib" / "README.md").read_text("utf-8")
    assert [r.name for r in find_regions(readme)] == ["vision", "vision-generation", "audio", "audio-generation"]
    again = cli(root, "import", "bib/README.md", "--format", "json")
    assert again.returncode == 0, again.stderr
    assert '"status": "removed"' not in again.stdout


def test_sync_refuses_a_region_with_a_line_it_did_not_render(tmp_path):
    root = project(tmp_path, "# L\n\n## Papers\n\n* A [[Paper]](https://arxiv.org/abs/2301.00001)\n\n"
                             "Some words the authors wrote.\n\n* B [[Paper]](https://arxiv.org/abs/2301.00002)\n")
    assert cli(root, "init-readme", "LIST.md").returncode == 0
    assert cli(root, "import", "LIST.md").returncode == 0
    before = (root / "bib" / "README.md").read_text("utf-8")
    synced = cli(root, "sync")
    assert synced.returncode == 2
    assert "README.md:8: R020" in synced.stderr and "Some words the authors wrote." in synced.stderr
    assert (root / "bib" / "README.md").read_text("utf-8") == before


def test_a_paper_not_yet_imported_stops_sync(tmp_path):
    root = project(tmp_path, "# L\n\n## Papers\n\n* A [[Paper]](https://arxiv.org/abs/2301.00001)\n")
    cli(root, "init-readme", "LIST.md")
    (root / "bib" / "survey.bib").write_text("", "utf-8")
    assert cli(root, "sync").returncode == 2


def test_an_entry_without_links_renders_and_reads_back_unchanged():
    entry = Entry("plain2020paper", "misc", {"title": "A Paper Without Links", "year": "2020"}, [], {"s": 1})
    survey = api.canonical_order(Survey([Section("s", "S")], [entry]))
    text, _ = api.render_list(survey)
    merged, records = import_list(survey, text, file="README.md")
    assert [(r.key, r.status) for r in records if r.key] == [("plain2020paper", "unchanged")]
    again, records = import_list(survey, text, file="README.md", delete=True)
    assert [e.key for e in again.entries] == ["plain2020paper"]


@pytest.mark.parametrize("name", sorted(COUNTERS))
def test_round_trip_on_a_corpus_list(name):
    text = (CORPUS / name).read_text("utf-8")
    template, _ = api.readme_template(text, file=name)
    survey, records = import_list(Survey(), text, file=name)
    refused = unaccounted_lines(survey, template, file=name)
    if refused:  # sync would refuse: each line it would delete is reported; nothing is rendered
        lines = template.splitlines()
        assert all(lines[f.source.line - 1].strip() for f in refused)
        return
    readme, _ = api.render_list(survey, template, file="README.md")
    outside = _outside_regions(template)
    assert outside == _outside_regions(readme)  # every line the authors wrote outside the regions
    keys = set(re.findall(r"<!-- surveybib (\S+) [0-9a-f]{8} -->", readme))
    assert keys == {e.key for e in survey.entries}  # every paper
    again, back = import_list(survey, readme, file="README.md")
    assert {r.status for r in back if r.key} == {"unchanged"}
    assert [e.key for e in again.entries] == [e.key for e in survey.entries]


def _outside_regions(text):
    lines = text.splitlines()
    inside = set()
    for region in find_regions(text):
        inside.update(range(region.begin, region.end + 1))
    return [line for number, line in enumerate(lines) if number not in inside]
