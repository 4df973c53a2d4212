"""A fake HTTP transport for the tests of `add` and `outdated`: the services answer from
hand-written fixtures in their documented formats (tests/data/add/online, each says so)."""

import io
import re
import shutil
from urllib.parse import unquote

import requests
import urllib3

from .conftest import DATA

ADD = DATA / "add"
ONLINE = ADD / "online"

EMPTY_DBLP = b'{"result": {"hits": {"@total": "0"}}}'
EMPTY_CROSSREF = b'{"status": "ok", "message": {"items": []}}'


class Services(requests.adapters.BaseAdapter):
    """arXiv, Crossref and DBLP from fixtures; any other URL from ``pages``:
    ``{url: (status, {header: value})}`` (a 3xx with a Location header is followed)."""

    def __init__(self, pages=None):
        super().__init__()
        self.calls = []
        self.pages = pages or {}

    def send(self, request, **kwargs):
        url = unquote(request.url)
        self.calls.append((request.method, request.url))
        status, headers, body = 200, {"Content-Type": "application/json"}, self.body(url)
        if body is None:
            status, headers = self.pages.get(request.url, (200, {}))
            body = b""
        raw = urllib3.HTTPResponse(body=io.BytesIO(body), headers=headers, status=status,
                                   preload_content=False, request_url=request.url)
        return requests.adapters.HTTPAdapter().build_response(request, raw)

    @staticmethod
    def body(url):
        if "export.arxiv.org" in url:  # one feed with the entries of every id asked for
            entries = [re.search(r"<entry>.*</entry>", (ONLINE / name).read_text(), re.DOTALL).group(0)
                       for eprint, name in (("2312.00858", "arxiv-deepcache.xml"), ("2202.09671", "arxiv-truncated.xml"))
                       if eprint in url]
            feed = (ONLINE / "arxiv-empty.xml").read_text()
            return feed.replace("</feed>", "\n".join(entries) + "\n</feed>").encode()
        if "api.crossref.org/works/10.1145/3610548.3618160" in url:
            return (ONLINE / "crossref-rerender.json").read_bytes()
        if "api.crossref.org/works?" in url:
            return EMPTY_CROSSREF
        if "api.crossref.org" in url:
            return b""
        if "dblp.org/search" in url:
            for words, name in (("DeepCache", "dblp-deepcache.json"), ("Low-rank adaptation of large", "dblp-lora.json")):
                if words.lower() in url.lower().replace("+", " "):
                    return (ONLINE / name).read_bytes()
            return EMPTY_DBLP
        return None


def fake_online(monkeypatch, services):
    """Route every Client's requests to ``services``, without the real waits."""

    def session(cache_dir):
        made = requests.Session()
        made.mount("http://", services)
        made.mount("https://", services)
        return made

    monkeypatch.setattr("surveybib.online.http._session", session)
    monkeypatch.setattr("surveybib.online.http.time.sleep", lambda seconds: None)
    return services


def copy_project(tmp_path):
    """A copy of the small fixture project (a bib with 4 papers in 2 sections, its README)."""
    target = tmp_path / "project"
    shutil.copytree(ADD / "project", target)
    return target
