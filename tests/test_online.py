"""Online sources with recorded responses: a fake transport under real requests and requests-cache.

The fixtures in tests/data/online were written by hand in the services' documented
response formats (each says so); no test touches the network.
"""

import io

import requests
import urllib3
from click.testing import CliRunner

from surveybib import api, parse_bib
from surveybib.online.http import Client, OnlineError
from surveybib.venues import default_registry

from .conftest import DATA

ONLINE = DATA / "online"

BIB = """@comment{surveybib-sections
  2 s S
}

@misc{ddim,
  title = {Denoising diffusion implicit models},
  year = {2020},
  eprint = {2010.02502},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2010.02502},
  keywords = {s}
}

@misc{cm,
  title = {Consistency Models},
  year = {2023},
  eprint = {2303.01469},
  archiveprefix = {arXiv},
  url = {https://arxiv.org/abs/2303.01469},
  keywords = {s}
}

@article{alphafold,
  title = {Highly accurate protein structure prediction with {AlphaFold}},
  journal = {Nature},
  year = {2021},
  doi = {10.1038/s41586-021-03819-2},
  url = {https://www.nature.com/articles/s41586-021-03819-2},
  keywords = {s}
}
"""


class Transport(requests.adapters.BaseAdapter):
    """Answers requests from fixtures; ``script`` lists what each call to a host does first."""

    def __init__(self, script=None):
        super().__init__()
        self.calls = []
        self.script = script or {}

    def send(self, request, **kwargs):
        host = requests.utils.urlparse(request.url).netloc
        self.calls.append(request.url)
        steps = self.script.get(host, [])
        step = steps.pop(0) if steps else "ok"
        if step == "timeout":
            raise requests.Timeout("simulated")
        status, headers, body = 200, {"Content-Type": "application/json"}, None
        if isinstance(step, tuple):  # (status, headers)
            status, headers, body = step[0], step[1], b""
        body = self.body(host, request.url) if body is None else body
        raw = urllib3.HTTPResponse(body=io.BytesIO(body), headers=headers, status=status,
                                   preload_content=False, request_url=request.url)
        return requests.adapters.HTTPAdapter().build_response(request, raw)

    @staticmethod
    def body(host, url):
        if host == "export.arxiv.org":
            return (ONLINE / "arxiv-query.xml").read_bytes()
        if host == "api.crossref.org" and "/works/10.1038" in url:
            return (ONLINE / "crossref-work.json").read_bytes()
        if host == "api.crossref.org":
            return b'{"status": "ok", "message": {"items": []}}'
        if host == "dblp.org" and "Consistency" in requests.utils.unquote(url):
            return (ONLINE / "dblp-search.json").read_bytes()
        return b'{"result": {"hits": {"@total": "0"}}}'


class Clock:
    def __init__(self):
        self.now, self.sleeps = 0.0, []

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 2))
        self.now += seconds

    def __call__(self):
        return self.now


def client(tmp_path, transport, **options):
    clock = Clock()
    made = Client(cache_dir=tmp_path / "cache", sleep=clock.sleep, clock=clock, **options)
    made.session.mount("http://", transport)
    made.session.mount("https://", transport)
    return made, clock


def enrich(tmp_path, online, transport=None, **options):
    survey, _ = parse_bib(BIB)
    transport = transport or Transport()
    made, clock = client(tmp_path, transport, **options)
    enriched, report = api.enrich_bib(survey, [], online=online, client=made, registry=default_registry())
    return enriched, report, transport, clock


def test_arxiv_fills_authors_of_preprints(tmp_path):
    survey, report, transport, _ = enrich(tmp_path, ("arxiv",))
    assert survey.entry("ddim").fields["author"] == "Song, Jiaming and Meng, Chenlin and Ermon, Stefano"
    assert "author from arXiv API 2010.02502 (arXiv id, 1.00)" in survey.entry("ddim").fields["enrichedfrom"]
    assert len(transport.calls) == 1  # both ids in one request
    assert "id_list=2010.02502%2C2303.01469" in transport.calls[0]


def test_crossref_by_doi(tmp_path):
    survey, report, _, _ = enrich(tmp_path, ("crossref",))
    assert survey.entry("alphafold").fields["author"] == "Jumper, John and Evans, Richard and Pritzel, Alexander"


def test_dblp_upgrades_a_preprint_and_refuses_the_other_paper(tmp_path):
    survey, report, _, _ = enrich(tmp_path, ("dblp",))
    cm = survey.entry("cm")
    assert cm.type == "inproceedings"
    assert (cm.fields["booktitle"], cm.fields["year"]) == ("International Conference on Machine Learning", "2023")
    assert cm.fields["author"] == "Song, Yang and Dhariwal, Prafulla and Chen, Mark and Sutskever, Ilya"
    assert cm.fields["eprint"] == "2303.01469"
    assert [c.key for c in report.upgraded] == ["cm"]


def test_answers_are_cached_on_disk(tmp_path):
    first = Transport()
    enrich(tmp_path, ("arxiv", "crossref", "dblp"), first)
    second = Transport()
    survey, _, _, clock = enrich(tmp_path, ("arxiv", "crossref", "dblp"), second)
    assert first.calls and second.calls == []
    assert survey.entry("cm").fields["author"].startswith("Song, Yang")
    assert clock.sleeps == []  # answers from the cache wait for no rate limit


def test_polite_rate_limit_per_host(tmp_path):
    made, clock = client(tmp_path, Transport())
    made.get("http://export.arxiv.org/api/query", {"id_list": "2010.02502"})
    made.get("http://export.arxiv.org/api/query", {"id_list": "2303.01469"})
    assert clock.sleeps == [3.0]  # arXiv asks for one request every three seconds


def test_timeouts_are_retried_with_backoff(tmp_path):
    transport = Transport({"export.arxiv.org": ["timeout", "timeout"]})
    survey, _, _, clock = enrich(tmp_path, ("arxiv",), transport)
    assert survey.entry("ddim").fields["author"].startswith("Song, Jiaming")
    assert clock.sleeps == [1.0, 2.0]


def test_http_429_waits_as_told(tmp_path):
    transport = Transport({"api.crossref.org": [(429, {"Retry-After": "5"})]})
    survey, _, _, clock = enrich(tmp_path, ("crossref",), transport)
    assert 5.0 in clock.sleeps
    assert survey.entry("alphafold").fields["author"].startswith("Jumper")


def test_giving_up_says_why(tmp_path):
    transport = Transport({"export.arxiv.org": ["timeout"] * 10})
    made, _ = client(tmp_path, transport, retries=2)
    try:
        made.get("http://export.arxiv.org/api/query", {"id_list": "1"})
    except OnlineError as error:
        assert str(error) == "export.arxiv.org: timed out after 3 tries"
    else:
        raise AssertionError("no OnlineError")


def test_cli_offline_is_a_clear_error_and_writes_nothing(tmp_path, monkeypatch):
    bib = tmp_path / "survey.bib"
    bib.write_text(BIB)

    def offline_session(cache_dir):
        session = requests.Session()
        session.mount("http://", Transport({"export.arxiv.org": ["timeout"] * 10}))
        return session

    monkeypatch.setattr("surveybib.online.http._session", offline_session)
    monkeypatch.setattr("surveybib.online.http.time.sleep", lambda s: None)
    from surveybib.cli import main

    result = CliRunner().invoke(main, ["enrich", "--bib", str(bib), "--online", "arxiv", "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert "export.arxiv.org: timed out after 5 tries; nothing was written" in result.output
    assert bib.read_text() == BIB
