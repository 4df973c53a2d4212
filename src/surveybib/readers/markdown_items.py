"""Recognize the parts of one list item wherever they stand, then say what the item is.

An item is read as parts rather than matched as a whole: links (any label, inline,
``[[Label](url)]``, ``[[Label]](url)`` or reference-style), badges and star counters,
a venue and year (``**[VENUE YYYY]**``, ``YYYY-VENUE-[Title](url)``, ``<ins>VENUE,
YYYY</ins>``, ``Title, VENUE YYYY``, ``Title. Authors. VENUE YYYY.``, a ``<br>`` line,
a table column, a year heading), a title (a link, bold, quoted or the leading text)
and authors. Then the item is a ``paper`` when it has a title and something that only
papers have (a paper link, venue, year or authors), or one of the non-paper kinds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..text.identifiers import is_web_url, split_url
from . import markdown_parts as parts

# Linear: the text ends on a non-space (no run of spaces rescanned from each position) and
# never runs past the next <ins> (20,000 unclosed "<ins>" would each scan to the line's end).
_INS = re.compile(r"(?<!\\)<ins>\s*((?:(?:(?!<ins>).)*?\S)?)\s*</ins>", re.IGNORECASE)
_BR = re.compile(r"(?<!\\)<br\s*/?>", re.IGNORECASE)
_UNDERLINE = re.compile(r"(?<!\\)<u>(.*?)</u>", re.IGNORECASE)
_DROP_TAG = re.compile(r"(?<!\\)(?:<sup>.*?</sup>|<img\b[^>]*>|</?[A-Za-z][A-Za-z0-9]*\b[^>]*>)", re.IGNORECASE)
_LINKED_IMAGE = re.compile(r"\[\s*!\[([^\[\]]*)\]\(\s*([^)\s]*)\s*\)\s*\]\(\s*([^)\s]*)\s*\)")
_REF_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[([^\[\]]*)\]")
_SHORTCUT = re.compile(r"(?<![\]!])\[([^\[\]]+)\](?![(\[:])")
_BRACKET_LINK = re.compile(r"\[\s*\[([^\[\]]+)\]\(\s*([^)\s]*)\s*\)\s*\]")
_DATE_FIRST = re.compile(r"^\s*(\d{4})(?:\.\d{1,2})?(?:-([^\[\]]*?))?-\s*(?=\[)")
# "[72:fire:]" (a count) and "[**`bnn`**]", "[__`other`__]" (a keyword tag): not parts of a paper
_COUNTER = re.compile(r"\[\s*\d+\s*:[a-z_+-]+:\s*\]|\[\s*(?:\*\*|__)?`[^`\]]+`(?:\*\*|__)?\s*\]")
# Linear: (?<!\s) starts a match where a run of spaces starts, and the venue ends on a
# non-space, so no run of spaces is rescanned from each of its positions.
_TRAILING_TAG = re.compile(r"(?<!\s)\s*\[\s*([A-Za-z](?:[\w&.\- ]*?[\w&.\-])?)\s+'?(\d{4}(?:\.\d{4,5})?(?:v\d+)?|\d{2})\s*\]\s*$")
_SHORTCODE = re.compile(r":[a-z][a-z0-9_+-]*:")
_ARXIV_REF = re.compile(r"\barXiv:\s?(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_MONTHS = "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september october november december".split()
_VENUE_YEAR = re.compile(r"^([A-Za-z][\w&.+/\- ]*?)\s*(?:,\s*|\s+|')'?(\d{4}|\d{2})(?:[.\-/]\d{1,2})*\.?$")
_YEAR_ONLY = re.compile(r"^\(?((?:19|20)\d{2})(?:[.\-/]\d{1,2}){0,2}\)?\.?$")
PAPER_HOSTS = (
    "arxiv.org", "openreview.net", "doi.org", "aclanthology.org", "aclweb.org", "proceedings.", "papers.nips.cc",
    "neurips.cc", "thecvf.com", "cv-foundation.org", "ecva.net", "ieeexplore.ieee.org", "dl.acm.org",
    "springer.com", "sciencedirect.com", "jmlr.org", "mlr.press", "semanticscholar.org", "researchgate.net",
    "aaai.org", "ijcai.org", "isca-speech.org", "isca-archive.org", "nature.com", "science.org", "biorxiv.org",
    "iclr.cc", "icml.cc", "bmva.org", "citeseerx", "usenix.org", "mlsys.org", "wiley.com", "tandfonline.com",
    "taylorfrancis.com", "mdpi.com", "ssrn.com", "pmlr", "aps.org", "hal.science", "ojs.aaai.org",
)
PAPER_LABELS = {"paper", "pdf", "arxiv", "openreview", "doi", "abstract", "abs", "html", "proceedings"}
_RESOURCE_WORDS = {
    "dataset": ("dataset", "datasets", "huggingface.co/datasets", "kaggle"),
    "course": ("course", "lecture", "tutorial", "youtube.com", "youtu.be", "video", "coursera", "class", "notebook", "colab"),
    "leaderboard": ("leaderboard", "benchmark", "arena"),
    "tool": ("github.com", "gitlab.com", "pypi.org", "huggingface.co", "library", "framework", "toolkit", "code"),
}


@dataclass
class Context:
    """What an item's reading needs from around it."""

    references: dict[str, str]
    registry: object
    heading_year: str | None = None
    heading_text: str = ""


def prepare(text: str, references: dict[str, str]) -> tuple[str, list[str]]:
    """Reference links resolved, ``<ins>`` pulled out, ``<br>`` a separator, other HTML dropped."""

    def reference(match: re.Match) -> str:
        label, ref = match.group(1), match.group(2) or match.group(1)
        url = references.get(_ref_label(ref))
        return f"[{label}]({url})" if url else match.group(0)

    text = _REF_LINK.sub(reference, text)
    if references:  # shortcut references "[code]" when "[code]: url" is defined
        text = _SHORTCUT.sub(lambda m: f"[{m.group(1)}]({references[_ref_label(m.group(1))]})"
                             if _ref_label(m.group(1)) in references else m.group(0), text)
    ins = _INS.findall(text)
    text = _INS.sub(" \x02 ", text)
    text = _BR.sub(" \x01 ", text)
    text = _COUNTER.sub(" ", _UNDERLINE.sub(r"**\1**", text))
    return _DROP_TAG.sub(" ", text), ins


def _ref_label(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip()).upper()


def take_linked_images(item, text: str, registry) -> str:
    """``[![alt](image)](url)``: star counters dropped, venue badges read, other badges become links."""

    def one(match: re.Match) -> str:
        alt, image, url = match.groups()
        host = split_url(image).netloc.lower()
        if "shields.io" in host and not split_url(image).path.startswith("/badge/"):
            return " "  # a live counter (stars, forks, downloads)
        badge = parts.parse_badge(image)
        if badge and _venue_from_badge(item, badge, registry):
            return " "
        label = (badge.label or badge.message) if badge else alt
        if url and is_web_url(url):
            parts.add_link(item, (label or alt or "Link").strip(), url)
        return " \0 "

    return _LINKED_IMAGE.sub(one, text)


def _venue_from_badge(item, badge, registry) -> bool:
    """``Conference-ICML'23``, ``Publish-NeurIPS 2024``: the venue and year in a badge's message."""
    if re.fullmatch(r"\d{4}(\.\d{2})?", badge.message):
        item.badges.append(badge)
        return True
    found = venue_year(badge.message, registry)
    if found and found[0]:
        item.venue_text, item.year_text = found
        return True
    return False


def take_bracket_links(item, text: str, registry=None) -> str:
    """``[[Label](url)]`` with any label: a link of the item. ``[[AAAI]()]``, a venue's link
    without its URL, still names the venue."""

    def one(match: re.Match) -> str:
        label, url = match.groups()
        if not url.strip():
            if registry is not None and registry.lookup(label) and not (item.venue_text or item.badges):
                item.venue_text = label.strip()
            return " \0 "
        parts.add_link(item, label.strip(), url)
        return " \0 "

    return _BRACKET_LINK.sub(one, text)


def venue_year(text: str, registry) -> tuple[str | None, str] | None:
    """``NeurIPS 2023``, ``ICLR, 2024``, ``ICLR'22``, ``Mar, 2024``, ``2023-03``: (venue or None, year)."""
    text = re.sub(r"\s+", " ", text.replace("\0", " ")).strip(" .,;:()[]*_")
    if not text:
        return None
    year = _YEAR_ONLY.fullmatch(text)
    if year:
        return None, year.group(1)
    match = _VENUE_YEAR.fullmatch(text)
    if not match:
        return None
    venue, year = match.group(1).strip(" ,.'"), match.group(2)
    if venue.lower().rstrip(".") in _MONTHS:
        venue = None
    elif len(venue.split()) > 6 or (len(year) == 2 and not registry.lookup(venue)):
        return None
    return venue, year


def names(text: str) -> list[str] | None:
    """An author segment as names, or None when it does not read as names."""
    text = re.sub(r"\s+", " ", text.replace("\0", " ")).strip(" .,;:*_")
    if not text or re.search(r"\d|https?:|[\[\]()|]", text) or len(text) > 600:
        return None
    if re.search(r"\s(by|for|of|the|with|via|from|in|on)\s", f" {text.lower()} ") and " and " not in text.lower():
        return None
    if "&" in text and all(piece.count(",") == 1 for piece in text.split("&")):  # "Huang, Zehao & Wang, Naiyan"
        return [" ".join(reversed([p.strip() for p in piece.split(",")])) for piece in text.split("&")]
    found = parts.split_authors(text.replace("&", ","))
    if not found or any(len(name.split()) > 5 for name in found):
        return None
    if not all(name == "others" or name[:1].isupper() for name in found):
        return None
    return found


def paper_link(url: str, label: str) -> bool:
    """A link to the paper itself (not code, a project page or a video)."""
    host = split_url(url).netloc.lower()
    if label.strip().lower() in PAPER_LABELS:
        return True
    return any(key in host or key in url.lower() for key in PAPER_HOSTS) or split_url(url).path.lower().endswith(".pdf")


def resource_kind(item, text: str) -> str:
    """What a non-paper item with links is: a tool, dataset, course, leaderboard or other resource."""
    haystack = " ".join([text.lower(), *(link.url.lower() for link in item.links), *(link.label.lower() for link in item.links)])
    for kind, words in _RESOURCE_WORDS.items():
        if any(word in haystack for word in words):
            return kind
    return "resource"


def clean_title(title: str, *, exact: bool = False) -> str:
    """Strip markup around a title: emphasis, emoji shortcodes, star marks, stray brackets.

    ``exact``: a line surveybib rendered, whose title is the bib's, escaped: only separators go.
    """
    title = title.replace("\0", " ").replace("\x01", " ").replace("\x02", " ")
    if exact:
        return re.sub(r"\s+", " ", title).strip()
    title = re.sub(r"\s+", " ", _SHORTCODE.sub(" ", title)).strip()
    while title and _emoji(title[0]):  # a leading emoji marks the item, it does not name the paper
        title = title[1:].lstrip(" \ufe0f")
    for _ in range(3):
        title = re.sub(r"^\*\*(.+)\*\*$", r"\1", title).strip()
        title = re.sub(r'^"(.+)"$', r"\1", title).strip()
        if title.count("**") == 1:  # "**Title**. Authors": the reader took the text after the opening stars
            title = re.sub(r"^\*\*|\*\*$", "", title).strip()
        title = re.sub(r"(?<!\\)[\[\]|\s]+$", "", re.sub(r"^[\[\]|\s]+", "", title))
    return title


def _emoji(char: str) -> bool:
    return unicodedata.category(char) == "So" and (ord(char) >= 0x1F000 or 0x2600 <= ord(char) <= 0x27BF)


def split_sentences(head: str) -> list[str]:
    """``Title. Authors et al. VENUE YYYY`` -> its sentences (a period and a space end one)."""
    return [piece.strip() for piece in re.split(r"(?<=[^\s.])\.\s+(?=\S)", head) if piece.strip()]


def heading_year(text: str) -> str | None:
    """The year a heading names: ``2020``, ``### 2019 Venues``, ``Pruning CNNs 2024``."""
    match = re.fullmatch(r"\s*(?:.*\s)?((?:19|20)\d{2})(?:\s+(?:venues?|papers?))?\s*", text, re.IGNORECASE)
    return match.group(1) if match else None
