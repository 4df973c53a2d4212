"""URL repair and the identifiers a URL carries (arXiv ids, DOIs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that only track where a click came from.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|ref|ref_src|_hsenc|_hsmi|hsctatracking|fbclid|gclid|mc_cid|mc_eid"
    r"|pq-origsite)$",
    re.IGNORECASE,
)
SIGNED_URL_PARAMS = {"expires", "signature", "key-pair-id", "x-amz-signature"}

NEW_ARXIV = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(v\d+)?$")
OLD_ARXIV = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?)/(\d{2})(\d{2})(\d{3})(v\d+)?$")
_ARXIV_PATH = re.compile(r"^/(?:abs|pdf|html|format)/(.+?)(?:\.pdf)?/?$")
DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>#?]+")


@dataclass
class CleanURL:
    """A repaired URL and what was repaired, as finding codes with messages."""

    url: str
    repairs: list[tuple[str, str]] = field(default_factory=list)


def split_url(url: str):
    """``urlsplit``, for any text: brackets that make no IPv6 host (``http://[::1``) are
    read percent-encoded instead of raising, so a hostile link is just an odd URL."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit(url.replace("[", "%5B").replace("]", "%5D"))


def repair_scheme(url: str) -> str:
    """The URL with a doubled or mistyped ``http`` scheme repaired (``hhttps://`` -> ``https://``)."""
    return re.sub(r"^h+ttp(s?)://", r"http\1://", url, flags=re.IGNORECASE)


def clean_url(url: str) -> CleanURL:
    """Fix typos in the scheme, drop text fragments and tracking parameters."""
    result = CleanURL(url.strip())
    fixed = repair_scheme(result.url)
    if fixed != result.url:
        result.repairs.append(("I010", f"repaired URL scheme {result.url.split(':')[0]!r}"))
        result.url = fixed
    parts = split_url(result.url)
    fragment = parts.fragment
    if fragment.startswith(":~:"):
        result.repairs.append(("I011", "dropped a #:~:text= fragment from the URL"))
        fragment = ""
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if not TRACKING_PARAMS.match(k)]
    if len(kept) != len(query):
        dropped = sorted({k for k, _ in query} - {k for k, _ in kept})
        result.repairs.append(("I012", f"dropped tracking parameters {', '.join(dropped)}"))
    if {k.lower() for k, _ in query} & SIGNED_URL_PARAMS:
        result.repairs.append(("I013", "URL is a signed, expiring download link"))
    query_text = urlencode(kept, safe=":/~") if len(kept) != len(query) else parts.query
    result.url = urlunsplit((parts.scheme, parts.netloc, parts.path, query_text, fragment))
    return result


def is_web_url(url: str) -> bool:
    parts = split_url(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True)
class ArxivId:
    """A validated arXiv identifier without its version."""

    id: str
    year: int
    month: int


def parse_arxiv_id(text: str) -> ArxivId | None:
    """A valid arXiv id (new ``YYMM.NNNNN`` or old ``archive/YYMMNNN`` style), or None."""
    text = text.strip()
    match = NEW_ARXIV.match(text)
    if match:
        yy, mm, number = int(match.group(1)), int(match.group(2)), match.group(3)
        if not 1 <= mm <= 12 or (yy, mm) < (7, 4) or (len(number) == 5) != ((yy, mm) >= (15, 1)):
            return None
        base = text.split("v")[0]
        return ArxivId(base, 2000 + yy, mm)
    match = OLD_ARXIV.match(text)
    if match:
        yy, mm = int(match.group(2)), int(match.group(3))
        if not 1 <= mm <= 12:
            return None
        year = 1900 + yy if yy >= 91 else 2000 + yy
        return ArxivId(f"{match.group(1)}/{match.group(2)}{match.group(3)}{match.group(4)}", year, mm)
    return None


@dataclass(frozen=True)
class ArxivLink:
    """What an arxiv.org URL says: the id (None when invalid) and the raw id text."""

    id: ArxivId | None
    raw: str
    canonical_url: str | None


def names_arxiv_eprint(fields: dict[str, str]) -> bool:
    """Whether an entry's ``eprint`` is an arXiv id, by ``archiveprefix`` (BibTeX) or
    ``eprinttype`` (biblatex); with neither, an eprint is taken to be arXiv's.

    ``eprinttype = {jstor}``, ``{googlebooks}``, ``{hdl}`` and the like name other archives.
    """
    if not fields.get("eprint"):
        return False
    kinds = [str(fields[name]).strip().strip("{}").lower() for name in ("archiveprefix", "eprinttype") if fields.get(name)]
    return not kinds or "arxiv" in kinds


def arxiv_from_url(url: str) -> ArxivLink | None:
    """The arXiv id of an arxiv.org URL, tolerating ``export.`` hosts and junk tails."""
    if "arxiv.org" not in url.lower():
        return None
    parts = split_url(url)
    host = parts.netloc.lower()
    if not (host == "arxiv.org" or host.endswith(".arxiv.org")):
        return None
    match = _ARXIV_PATH.match(parts.path)
    if not match:
        return None
    raw = match.group(1)
    for candidate in dict.fromkeys([raw, raw.split("/")[0]]):  # old ids contain a slash
        arxiv = parse_arxiv_id(candidate)
        if arxiv:
            return ArxivLink(arxiv, raw, f"https://arxiv.org/abs/{arxiv.id}")
    return ArxivLink(None, raw, None)


_DOI_HOSTS = ("doi.org", "dx.doi.org", "dl.acm.org", "link.springer.com", "onlinelibrary.wiley.com")
_NATURE_ARTICLE = re.compile(r"^/articles/(s\d{5}-\d{3}-\d{5}-[0-9a-z])$", re.IGNORECASE)


def doi_from_url(url: str) -> str | None:
    """The DOI a publisher URL carries, or None."""
    parts = split_url(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = unquote(parts.path)
    if host == "nature.com":
        match = _NATURE_ARTICLE.match(path)
        return f"10.1038/{match.group(1).lower()}" if match else None
    if host in _DOI_HOSTS or host.endswith(".doi.org"):
        match = DOI.search(path)
        if match:
            return match.group(0).rstrip("/.").removesuffix(".pdf")
    return None
