"""The pieces of a markdown list line: links, badges, venue tags, titles, authors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..model import Link
from ..text.identifiers import clean_url, is_web_url, split_url
from ..text.repair import repair_text

# [[Label]](url), [[Label]] (url) and [[Label]]url) -- the last two are real typos.
# Linear time: a URL ends where the next link of its kind begins, and possessive
# quantifiers (*+) never rescan a run of spaces. Otherwise each of 20,000 repeated
# "![](https://..." rescanned the rest of the line (minutes for one line).
_DOUBLE_LINK = re.compile(r"\[\[([^\[\]]+)\]\](\s*+)(?:(\()\s*+)?((?:[^\s)\[]|\[(?!\[[^\[\]]+\]\]))*+)\)")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\(\s*+((?:[^)\s!]|!(?!\[)|\s++(?![)\s]))*+)\s*+\)")
_LINK = re.compile(r"(?<!!)\[([^\[\]]+)\]\(\s*+((?:[^)\s\[]|\[(?![^\[\]]+\]\())*+)\s*+\)")
_BOLD_TAG = re.compile(r"^\s*\*\*\[\s*+((?:[^\]\s]|\s++(?![\]\s]))+)\s*\]\*\*\s*|^\s*\[\s*([A-Za-z][^\]]*?\d{2,4})\s*\]\s+")
_TRAILING_VENUE = re.compile(r",\s*([A-Za-z][A-Za-z&.\- ]{1,40}?)\s*'?(\d{4}|\d{2})\s*\.?$")
# "Title, <ins>CVPR, 2024</ins>": the venue format of the AIoT-MLSys-Lab survey's contribution guide.
_TRAILING_ITALIC = re.compile(r"^(.*?\S)\s+\*([^*]+)\*\s*$")
_ITALIC = re.compile(r"(?<![*\w])[*_]([^*_]+)[*_](?![*\w])")
# [Label](url) with one of these labels is a link of the item, like [[Label]](url).
LINK_LABELS = frozenset(
    "paper code project project page pdf arxiv website homepage page demo video blog online "
    "github dataset data model models weights slides poster openreview doi html abstract".split(" ")
) | {"project page"}
_IMAGE_SUFFIX = re.compile(r"\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)


@dataclass(frozen=True)
class Badge:
    """A shields.io static badge: ``label-message-color`` (label may be empty)."""

    label: str
    message: str
    color: str
    raw: str


def parse_badge(url: str) -> Badge | None:
    """The badge of a ``img.shields.io/badge/...`` URL, or None for other images."""
    parts = split_url(url.strip())
    if parts.netloc.lower() != "img.shields.io" or not parts.path.startswith("/badge/"):
        return None
    content = unquote(parts.path[len("/badge/"):]).removesuffix(".svg").removesuffix(".png")
    pieces = re.split(r"(?<!-)-(?!-)", content)
    pieces = [p.replace("--", "-").replace("__", "\0").replace("_", " ").replace("\0", "_") for p in pieces]
    pieces = [p.strip() for p in pieces]
    if len(pieces) == 2:
        return Badge("", pieces[0], pieces[1], content)
    if len(pieces) >= 3:
        return Badge("-".join(pieces[:-2]), pieces[-2], pieces[-1], content)
    return Badge("", pieces[0], "", content)


def _take_links(item, text: str) -> str:
    """Move ``[[Label]](url)`` links and badges from the text into the item."""

    def double(match: re.Match) -> str:
        label, space, paren, url = match.groups()
        if not paren:
            item.note("I002", f"link [[{label}]] is missing its '(' before the URL")
        elif space:
            item.note("I003", f"space between [[{label}]] and its '(' breaks the link")
        _add_link(item, label.strip(), url)
        return " \0 "

    def image(match: re.Match) -> str:
        alt, url = match.groups()
        if " " in url:
            item.note("I004", f"badge URL contains a space: {url!r}")
            url = url.replace(" ", "")
        badge = parse_badge(url)
        if badge and _is_date(badge.message):
            item.badges.append(badge)
        elif badge or "shields.io" in split_url(url).netloc.lower():
            return " "  # a label badge or a live counter (stars, forks): not a venue
        elif _IMAGE_SUFFIX.search(split_url(url).path):
            return " "
        else:
            item.note("I005", f"image syntax used for a link, not a badge: {url}")
            _add_link(item, alt.strip() or "Online", url)
        return " \0 "

    def labelled(match: re.Match) -> str:
        label, url = match.groups()
        if label.strip().lower() not in LINK_LABELS:
            return match.group(0)
        _add_link(item, label.strip(), url)
        return " \0 "

    text = _DOUBLE_LINK.sub(double, text)
    text = _IMAGE.sub(image, text)
    return _LINK.sub(labelled, text)


def _is_date(message: str) -> bool:
    """A venue badge's message holds a date (``2023``, ``2023.05``); ``Website``, ``arXiv`` label a link."""
    return any(c.isdigit() for c in message)


def add_link(item, label: str, url: str) -> None:
    """Add a link to an item (repaired, and only when it is http(s)); report what was repaired or dropped."""
    _add_link(item, label, url)


def _add_link(item, label: str, url: str) -> None:
    cleaned = clean_url(url)
    for code, message in cleaned.repairs:
        item.note(code, message)
    if not is_web_url(cleaned.url):
        item.note("I006", f"link {label!r} is not an http(s) URL and was dropped: {url!r}")
        return
    if all(link.url != cleaned.url for link in item.links):
        item.links.append(Link(label, cleaned.url))


_ESCAPE_OR_ENTITY = re.compile(r"\\([!-/:-@\[-`{-~])|&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def unescape_markdown(text: str) -> str:
    """The text CommonMark shows for inline text: backslash escapes and entities resolved."""
    import html

    def one(match: re.Match) -> str:
        return match.group(1) if match.group(1) else html.unescape(match.group(0))

    return _ESCAPE_OR_ENTITY.sub(one, text)


def _set_title(item, title: str) -> None:
    title = re.sub(r"\s+", " ", title).strip()
    if item.repair:  # a hand-written list: "Title, [[Paper]]" leaves a stray comma
        title = title.strip(",;:-").strip()
        title = re.sub(r"^\*\*(.+)\*\*$", r"\1", title).strip()
    title = unescape_markdown(title)
    title, code = repair_text(title) if item.repair else (title, None)
    if code == "I020":
        item.note("I020", "repaired damaged UTF-8 characters in the title")
    elif code == "I021":
        item.note("I021", f"damaged characters in the title cannot be repaired: {title!r}")
    item.title = title


def _venue_tag(item, text: str) -> str:
    """``**[CVPR 2023]** Title`` -> venue and year; returns the rest of the text."""
    match = _BOLD_TAG.match(text)
    if not match:
        return text
    tag = (match.group(1) or match.group(2)).strip()
    year = re.search(r"(?:'|\s|-)?(\d{4})(?:[.\-/]\d{1,2})?$|(?:'|\s|-)(\d{2})$", tag)
    item.venue_text = tag[: year.start()].strip() if year else tag
    item.year_text = (year.group(1) or year.group(2)) if year else None
    return text[match.end():]


def _trailing_venue(item, title: str, registry) -> str:
    """``Title, CVPR 23`` -> venue and year, when the venue is a known one."""
    match = _TRAILING_VENUE.search(title)
    if match and registry.lookup(match.group(1).strip()):
        item.venue_text, item.year_text = match.group(1).strip(), match.group(2)
        return title[: match.start()]
    return title


def split_authors(text: str) -> list[str]:
    """Names of an author line; a list cut short with "et al." ends with ``others`` (BibTeX's word)."""
    text = unescape_markdown(text.strip())
    cut = re.search(r"\s*(?:et al\.?|\.\.\.)\s*$", text)
    if cut:
        text = text[: cut.start()]
    names = [n.strip() for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*", text) if n.strip()]
    return names + ["others"] if cut and names else names


def looks_like_bold_block(lines: list[str]) -> bool:
    return bool(re.match(r"^\s*\*\*[^*].*\*\*\s*(\\|  )?$", lines[0]))
