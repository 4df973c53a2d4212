"""One polite HTTP client for the online sources: cache, rate limit, retries, timeout.

Responses are cached on disk (requests-cache, SQLite) so that a second run asks the
services nothing. Each host gets at most one request per ``interval`` seconds (arXiv
asks for one every three). A timeout, a connection error, HTTP 429 or a 5xx is retried
with exponential backoff, honouring ``Retry-After``; when the retries are spent, the
error says which service could not be reached and why.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..text.identifiers import split_url

USER_AGENT = "surveybib (bibliography toolkit; https://pypi.org/project/surveybib/)"


class OnlineError(Exception):
    """A service could not be reached or answered with an error."""


def parse_json(text: str, service: str):
    """A service's JSON answer; OnlineError when it is not JSON (an HTML error page, a proxy's)."""
    import json

    try:
        return json.loads(text)
    except ValueError as error:
        raise OnlineError(f"{service}: the answer is not JSON ({error})") from None


@dataclass
class Client:
    cache_dir: Path | None = None
    timeout: float = 20.0
    retries: int = 4
    backoff: float = 1.0
    intervals: dict[str, float] = field(default_factory=lambda: {"export.arxiv.org": 3.0, "arxiv.org": 3.0})
    default_interval: float = 1.0
    session: object | None = None
    sleep: Callable[[float], None] = lambda seconds: time.sleep(seconds)  # noqa: E731 (looked up late)
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.session is None:
            self.session = _session(self.cache_dir)

    def get(self, url: str, params: dict | None = None) -> str:
        """The body of a GET, from the cache or the service; OnlineError when it fails."""
        response = self._send("GET", url, params)
        if response.status_code == 404:
            return ""
        if response.status_code >= 400:
            raise OnlineError(f"{split_url(url).netloc}: HTTP {response.status_code} for {response.url}")
        return response.text

    def resolve(self, url: str) -> tuple[int, str]:
        """Where a link leads: the final status and URL after redirects (HEAD, or a GET
        whose body is not read when a server refuses HEAD); OnlineError when unreachable."""
        response = self._send("HEAD", url, None, allow_redirects=True)
        if response.status_code in (403, 405, 501):
            response = self._send("GET", url, None, allow_redirects=True, stream=True)
            response.close()
        return response.status_code, response.url

    def _send(self, method: str, url: str, params: dict | None, **options):
        """One request with the rate limit and the retries; the response (a 429 or 5xx only
        when the retries are spent raises)."""
        import requests

        host = split_url(url).netloc
        for attempt in range(self.retries + 1):
            self._wait(host)
            try:
                response = self.session.request(method, url, params=params, timeout=self.timeout,
                                                headers={"User-Agent": USER_AGENT}, **options)
            except (requests.Timeout, requests.ConnectionError) as error:
                reason = "timed out" if isinstance(error, requests.Timeout) else "cannot connect (offline?)"
                if attempt == self.retries:
                    raise OnlineError(f"{host}: {reason} after {self.retries + 1} tries") from None
                self.sleep(self.backoff * 2**attempt)
                continue
            if not getattr(response, "from_cache", False):
                self._last[host] = self.clock()
            if response.status_code == 429 or response.status_code >= 500:
                if attempt == self.retries:
                    raise OnlineError(f"{host}: HTTP {response.status_code} after {self.retries + 1} tries")
                self.sleep(_retry_after(response) or self.backoff * 2**attempt)
                continue
            return response
        raise OnlineError(f"{host}: no answer")  # pragma: no cover - the loop always returns or raises

    def _wait(self, host: str) -> None:
        interval = self.intervals.get(host, self.default_interval)
        last = self._last.get(host)
        if last is not None:
            pause = interval - (self.clock() - last)
            if pause > 0:
                self.sleep(pause)


def _retry_after(response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.replace(".", "", 1).isdigit() else None


def _session(cache_dir: Path | None):
    if cache_dir is None:
        import requests

        return requests.Session()
    import requests_cache

    cache_dir.mkdir(parents=True, exist_ok=True)
    return requests_cache.CachedSession(str(cache_dir / "http"), backend="sqlite",
                                        expire_after=30 * 24 * 3600, allowable_codes=(200, 404))
