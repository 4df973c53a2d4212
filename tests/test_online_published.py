"""Semantic Scholar and OpenReview: published versions of arXiv papers, from recorded answers.

The fixtures in tests/data/online were written by hand in each service's documented
response format (each says where that format is documented); no test touches the network.
"""

import pytest
import requests
from click.testing import CliRunner

from surveybib import api, parse_bib
from surveybib.online.http import OnlineError
from surveybib.venues import default_registry

from .test_online import ONLINE, Transport, client

BIB = """@comment{surveybib-sections
  2 s S
}

@misc{lora2021lowrank,
  author = {Hu, Edward J. and Shen, Yelong and Wallis, Phillip},
  title = {Lora: Low-rank adaptation of large language models},
  year = {2021},
  eprint = {2106.09685},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2106.09685},
  keywords = {s}
}

@misc{prefix2021tuning,
  author = {Li, Xiang Lisa and Liang, Percy},
  title = {Prefix-tuning: Optimizing continuous prompts for generation},
  year = {2021},
  eprint = {2101.00190},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2101.00190},
  keywords = {s}
}

@misc{playground2024,
  author = {Li, Daiqing and Kamko, Aleks},
  title = {Playground v2.5: Three insights towards enhancing aesthetic quality in text-to-image generation},
  year = {2024},
  eprint = {2402.17245},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2402.17245},
  keywords = {s}
}

@misc{mamba2023linear,
  author = {Gu, Albert and Dao, Tri},
  title = {Mamba: Linear-time sequence modeling with selective state spaces},
  year = {2023},
  eprint = {2312.00752},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2312.00752},
  keywords = {s}
}
"""

EMPTY = b'{"notes": [], "count": 0}'


class Services(Transport):
    @staticmethod
    def body(host, url):
        url = requests.utils.unquote(url)
        if host == "api.semanticscholar.org":
            for arxiv, name in (("2106.09685", "lora"), ("2101.00190", "prefix"), ("2402.17245", "preprint")):
                if f"arXiv:{arxiv}" in url:
                    return (ONLINE / f"semanticscholar-{name}.json").read_bytes()
            return b'{"error": "Paper with id arXiv:2312.00752 not found"}'
        if host == "api2.openreview.net" and "Mamba" in url:
            return (ONLINE / "openreview-v2-search.json").read_bytes()
        if host == "api.openreview.net" and "Lora" in url:
            return (ONLINE / "openreview-v1-search.json").read_bytes()
        return EMPTY


def enrich(tmp_path, online, transport=None, fields=("author", "doi", "eprint", "venue")):
    survey, _ = parse_bib(BIB)
    transport = transport or Services({"api.semanticscholar.org": [None, None, (404, {})]})  # sorted ids: 2312.00752 third
    made, _ = client(tmp_path, transport)
    enriched, report = api.enrich_bib(survey, [], online=online, client=made, registry=default_registry(), fields=fields)
    return enriched, report, transport


def test_semanticscholar_upgrades_by_the_dblp_keys_year_not_the_first_versions(tmp_path):
    survey, report, transport = enrich(tmp_path, ("semanticscholar",))
    lora = survey.entry("lora2021lowrank")
    # Semantic Scholar's year is the arXiv one (2021); the DBLP key conf/iclr/...22 names ICLR 2022
    assert (lora.type, lora.fields["booktitle"], lora.fields["year"]) == (
        "inproceedings", "International Conference on Learning Representations", "2022")
    assert lora.fields["eprint"] == "2106.09685"
    assert "https://api.semanticscholar.org/graph/v1/paper/arXiv:2106.09685?fields=" in transport.calls[1]
    assert [c.new for c in report.upgraded if c.key == "lora2021lowrank"] == ["ICLR 2022"]


def test_semanticscholar_acl_id_names_the_venue_and_the_doi_comes_along(tmp_path):
    survey, _, _ = enrich(tmp_path, ("semanticscholar",))
    prefix = survey.entry("prefix2021tuning")
    assert (prefix.fields["booktitle"], prefix.fields["year"]) == (
        "Annual Meeting of the Association for Computational Linguistics", "2021")
    assert prefix.fields["doi"] == "10.18653/v1/2021.acl-long.353"


def test_semanticscholar_preprint_and_unknown_paper_change_nothing(tmp_path):
    survey, report, _ = enrich(tmp_path, ("semanticscholar",))
    playground = survey.entry("playground2024")
    assert playground.type == "misc" and "doi" not in playground.fields  # an arXiv DOI is no published one
    assert survey.entry("mamba2023linear").type == "misc"  # 404: no record
    assert "mamba2023linear" in report.unmatched


def test_semanticscholar_titles_as_published(tmp_path):
    survey, _, _ = enrich(tmp_path, ("semanticscholar",), fields=("title",))
    assert survey.entry("lora2021lowrank").fields["title"] == "{LoRA}: Low-Rank Adaptation of Large Language Models"
    assert survey.entry("lora2021lowrank").type == "misc"  # titles only


def test_openreview_accepted_submission_only(tmp_path):
    survey, report, transport = enrich(tmp_path, ("openreview",))
    mamba = survey.entry("mamba2023linear")
    # rejected at ICLR 2024 (venueid .../Rejected_Submission), accepted at COLM 2024
    assert (mamba.fields["booktitle"], mamba.fields["year"]) == ("Conference on Language Modeling", "2024")
    upgraded = {c.key: c for c in report.upgraded}
    assert upgraded["mamba2023linear"].source == "OpenReview https://openreview.net/forum?id=COLMsubm01"
    lora = survey.entry("lora2021lowrank")  # API 1: content values are not wrapped
    assert (lora.fields["booktitle"], lora.fields["year"]) == ("International Conference on Learning Representations", "2022")
    assert any("api2.openreview.net/notes/search?term=Mamba" in call for call in transport.calls)
    assert any(call.startswith("https://api.openreview.net/notes/search?") for call in transport.calls)


def test_answers_that_are_not_json_are_an_online_error(tmp_path):
    class Broken(Services):
        @staticmethod
        def body(host, url):
            return b"<html><body>502 Bad Gateway</body></html>"

    for online in (("semanticscholar",), ("openreview",), ("crossref",), ("dblp",)):
        try:
            enrich(tmp_path / online[0], online, Broken())
        except OnlineError as error:
            assert "the answer is not JSON" in str(error), online
        else:
            raise AssertionError(f"no OnlineError for {online}")


def test_cli_not_json_exits_2_and_writes_nothing(tmp_path, monkeypatch):
    bib = tmp_path / "survey.bib"
    bib.write_text(BIB)

    class Broken(Services):
        @staticmethod
        def body(host, url):
            return b"<html>rate limited</html>"

    def session(cache_dir):
        made = requests.Session()
        made.mount("https://", Broken())
        return made

    monkeypatch.setattr("surveybib.online.http._session", session)
    from surveybib.cli import main

    result = CliRunner().invoke(main, ["enrich", "--bib", str(bib), "--online", "semanticscholar",
                                       "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 2, result.output
    assert "api.semanticscholar.org: the answer is not JSON" in result.output
    assert "Traceback" not in result.output
    assert bib.read_text() == BIB



def _note(venueid, venue="", pdate=None, wrapped=True):
    content = {"title": "T", "authors": ["A B"], "venueid": venueid, "venue": venue}
    if wrapped:
        content = {k: {"value": v} for k, v in content.items()}
    return {"id": "n1", "forum": "n1", "pdate": pdate, "content": content}


@pytest.mark.parametrize(("note", "expected"), [
    (_note("ICLR.cc/2023/Conference", "ICLR 2023 notable top 5%"), ("ICLR", 2023)),
    (_note("NeurIPS.cc/2023/Track/Datasets_and_Benchmarks", "NeurIPS 2023 Datasets and Benchmarks Poster"),
     ("NeurIPS Datasets and Benchmarks", 2023)),
    (_note("ICML.cc/2024/Workshop/ES-FoMo", "ES-FoMo 2024"), ("ICML Workshop", 2024)),
    (_note("TMLR", "Accepted by TMLR", pdate=1661990400000), ("TMLR", 2022)),  # 2022-09-01
    (_note("ICLR.cc/2022/Conference", "ICLR 2022 Poster", wrapped=False), ("ICLR", 2022)),  # API 1
    (_note("ICLR.cc/2024/Conference/Withdrawn_Submission", "ICLR 2024 Conference Withdrawn Submission"), None),
    (_note("NeurIPS.cc/2023/Conference/Submission", "Submitted to NeurIPS 2023"), None),
    (_note("ICLR.cc/2023/Conference", "Submitted to ICLR 2023"), None),
    (_note("SomeWorkshop/2024/Conference", "SW 2024"), None),
], ids=["iclr", "datasets-track", "workshop", "tmlr", "api-1", "withdrawn", "submission", "submitted-to", "unknown"])
def test_openreview_decisions(note, expected):
    from surveybib.online.openreview import parse_note

    record = parse_note(note, default_registry())
    registry = default_registry()
    if expected is None:
        assert record.type == "misc" and "booktitle" not in record.fields and "journal" not in record.fields
    else:
        container = record.fields.get("booktitle") or record.fields.get("journal")
        assert (registry.find(container).venue.short, int(record.fields["year"])) == expected


@pytest.mark.parametrize(("ids", "kind", "expected"), [
    ({"DBLP": "journals/tog/GalPMBCC22", "ArXiv": "2108.00946"}, "journal", ("article", "journal", "2022")),
    ({"DBLP": "conf/cvpr/RombachBLEO22"}, "conference", ("inproceedings", "booktitle", "2022")),
    ({"DBLP": "journals/corr/abs-2108-00946"}, "", ("misc", None, None)),
    ({"ACL": "2021.findings-acl.12"}, "conference", ("inproceedings", "booktitle", "2021")),
    ({}, "conference", ("misc", None, None)),  # a venue without a year that names the version: none
], ids=["dblp-journal", "dblp-conference", "corr", "acl-findings", "no-year"])
def test_semanticscholar_takes_a_venue_only_with_its_own_year(ids, kind, expected):
    from surveybib.online.semanticscholar import parse_paper

    paper = {"paperId": "p", "title": "T", "authors": [], "externalIds": ids, "year": 2021,
             "venue": "Some Venue", "publicationVenue": {"name": "Some Venue", "type": kind}}
    record = parse_paper(paper)
    container = expected[1]
    assert (record.type, container if container in record.fields else None, record.fields.get("year")) == expected
