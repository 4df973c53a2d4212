"""`surveybib outdated`: old preprints offline; published versions, renamed papers and dead
or moved links online (services answered from hand-written fixtures)."""

from datetime import date

import pytest
from click.testing import CliRunner

from surveybib import api, parse_bib
from surveybib.cli import main
from surveybib.online.http import Client
from surveybib.writers.annotations import annotation

from .online_fixtures import Services, fake_online

BIB = """@comment{surveybib-sections
  2 s S
}

@inproceedings{ddim,
  title = {Denoising diffusion implicit models},
  booktitle = {International Conference on Learning Representations},
  year = {2021},
  eprint = {2010.02502},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2010.02502},
  keywords = {s}
}

@misc{deepcache,
  author = {Ma, Xinyin and Fang, Gongfan and Wang, Xinchao},
  title = {DeepCache: Accelerating Diffusion Models for Free},
  year = {2023},
  eprint = {2312.00858},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2312.00858},
  links = {Code <https://github.com/horseee/DeepCache>},
  keywords = {s}
}

@misc{truncated,
  title = {Truncated diffusion probabilistic models},
  year = {2022},
  eprint = {2202.09671},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2202.09671},
  links = {Project <http://old.example.org/truncated>, DOI <https://doi.org/10.48550/arXiv.2202.09671>},
  keywords = {s}
}
"""
MOVED = "http://old.example.org/truncated"


def survey():
    return parse_bib(BIB, file="survey.bib")[0]


def client(tmp_path, services):
    made = Client(cache_dir=tmp_path / "cache", sleep=lambda s: None)
    made.session.mount("http://", services)
    made.session.mount("https://", services)
    return made


@pytest.mark.parametrize(("today", "months", "stale"), [
    (date(2024, 6, 15), 12, ["truncated"]),  # DeepCache (2023-12) is 6 months old
    (date(2024, 6, 15), 6, ["deepcache", "truncated"]),
    (date(2023, 1, 31), 12, []),  # 2022-02 to 2023-01: 11 months
    (date(2023, 2, 1), 12, ["truncated"]),
])
def test_offline_lists_the_preprints_older_than_the_age(today, months, stale):
    found = api.outdated(survey(), today=today, months=months)
    assert [(s.code, s.key) for s in found] == [("S001", key) for key in stale]
    assert all(s.fix == "surveybib outdated --online arxiv,crossref,dblp" for s in found)


def test_offline_finding_says_the_age_and_where(tmp_path):
    [found] = api.outdated(survey(), today=date(2024, 6, 15), months=12)
    assert found.message == "a preprint for 28 months (arXiv 2202.09671, 2022-02); was it published?"
    assert (found.source.file, found.source.line) == ("survey.bib", 26)
    assert found.evidence == ("arXiv id 2202.09671", "compared with 2024-06-15")


def test_online_published_version_title_change_and_links(tmp_path):
    services = Services({
        MOVED: (301, {"Location": "https://new.example.org/truncated"}),
        "https://github.com/horseee/DeepCache": (404, {}),
        "https://doi.org/10.48550/arXiv.2202.09671": (302, {"Location": "https://arxiv.org/abs/2202.09671"}),
    })
    found = api.outdated(survey(), today=date(2024, 6, 15), months=12, online=("arxiv", "dblp"),
                         client=client(tmp_path, services))
    by_code = {(s.code, s.key): s for s in found}
    assert sorted(by_code) == [("S001", "truncated"), ("S002", "deepcache"), ("S003", "truncated"),
                               ("S004", "deepcache"), ("S005", "truncated")]
    published = by_code[("S002", "deepcache")]
    assert published.message == "published as CVPR 2024"
    assert published.evidence == ("DBLP conf/cvpr/fixture-deepcache (matched by title, 1.00)",)
    assert published.fix == "surveybib enrich --online dblp"
    renamed = by_code[("S003", "truncated")]
    assert renamed.message == ("version 4 of arXiv 2202.09671 is titled 'Truncated Diffusion Probabilistic Models "
                               "and Diffusion-based Adversarial Auto-Encoders'; the bib has "
                               "'Truncated diffusion probabilistic models'")
    assert by_code[("S001", "truncated")].evidence[-1] == "no published version known to arxiv, dblp"
    assert by_code[("S004", "deepcache")].message == "Code link https://github.com/horseee/DeepCache answers HTTP 404"
    assert by_code[("S005", "truncated")].message == f"Project link {MOVED} redirects to https://new.example.org/truncated"
    heads = [url for method, url in services.calls if method == "HEAD"]
    assert len(heads) == len(set(heads))  # each link asked once


def test_online_answers_are_cached(tmp_path):
    first, second = Services(), Services()
    api.outdated(survey(), online=("arxiv", "dblp"), client=client(tmp_path, first))
    again = api.outdated(survey(), online=("arxiv", "dblp"), client=client(tmp_path, second))
    assert first.calls and second.calls == []
    assert {s.code for s in again} >= {"S002", "S003"}


def test_a_server_that_refuses_head_is_asked_with_get(tmp_path):
    services = Services({"https://github.com/horseee/DeepCache": (405, {})})
    api.outdated(survey(), today=date(2024, 6, 15), online=("arxiv",), client=client(tmp_path, services))
    asked = [m for m, url in services.calls if url == "https://github.com/horseee/DeepCache"]
    assert asked == ["HEAD", "GET"]


def test_an_unreachable_link_is_reported_not_fatal(tmp_path):
    class Down(Services):
        def send(self, request, **kwargs):
            if "old.example.org" in request.url:
                import requests

                raise requests.ConnectionError("no route")
            return super().send(request, **kwargs)

    found = api.outdated(survey(), today=date(2024, 6, 15), online=("arxiv",),
                         client=client(tmp_path, Down()))
    [down] = [s for s in found if s.code == "S004"]
    assert down.message == f"Project link {MOVED} cannot be reached (old.example.org: cannot connect (offline?) after 5 tries)"


@pytest.fixture
def bib(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "survey.bib"
    path.write_text(BIB)
    return path


def run(*args):
    return CliRunner().invoke(main, ["outdated", "--bib", "survey.bib", *args])


def test_cli_text_and_exit_codes(bib):
    result = run("--today", "2024-06-15")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "survey.bib:26: S001 truncated: a preprint for 28 months (arXiv 2202.09671, 2022-02); was it published?",
        "    evidence: arXiv id 2202.09671",
        "    evidence: compared with 2024-06-15",
        "    fix: surveybib outdated --online arxiv,crossref,dblp",
    ]
    assert run("--today", "2023-01-15").exit_code == 0


def test_cli_age_from_config(bib, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.surveybib]\noutdated_after_months = 6\n")
    assert "S001 deepcache" in run("--today", "2024-06-15").stdout
    (tmp_path / "pyproject.toml").write_text('[tool.surveybib]\noutdated_after_months = "soon"\n')
    result = run("--today", "2024-06-15")
    assert result.exit_code == 2
    assert "outdated_after_months must be a whole number of months" in result.stderr


def test_cli_json_and_github(bib):
    import json

    records = json.loads(run("--today", "2024-06-15", "--format", "json").stdout)
    assert records == [{"code": "S001", "key": "truncated",
                        "message": "a preprint for 28 months (arXiv 2202.09671, 2022-02); was it published?",
                        "file": "survey.bib", "line": 26,
                        "evidence": ["arXiv id 2202.09671", "compared with 2024-06-15"],
                        "fix": "surveybib outdated --online arxiv,crossref,dblp"}]
    github = run("--today", "2024-06-15", "--format", "github").stdout
    assert github == ("::warning file=survey.bib,line=26,title=S001::truncated: a preprint for 28 months "
                      "(arXiv 2202.09671, 2022-02); was it published? (fix: surveybib outdated --online "
                      "arxiv,crossref,dblp)\n")


def test_cli_online(bib, monkeypatch):
    fake_online(monkeypatch, Services())
    result = run("--today", "2024-06-15", "--online", "arxiv,dblp", "--no-links", "--cache-dir", "cache")
    assert result.exit_code == 1, result.output
    assert "S002 deepcache: published as CVPR 2024" in result.stdout
    assert "    fix: surveybib enrich --online dblp" in result.stdout


def test_github_annotations_escape_text_from_the_bib():
    line = annotation("warning", "a\nb%c ::stop-commands::x\r", file="a,b:c.bib", line=3, title="S001")
    assert line == "::warning file=a%2Cb%3Ac.bib,line=3,title=S001::a%0Ab%25c ::stop-commands::x%0D"
    assert "\n" not in line
    with pytest.raises(ValueError):
        annotation("fatal", "x")
