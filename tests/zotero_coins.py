"""A stdlib reader of COinS spans that follows the Zotero Connector's rules.

Zotero's COinS translator collects ``span.Z3988[title]`` (the attribute as the DOM gives
it, entities decoded) and its OpenURL parser reads the ContextObject thus: split on
``&``; a key is the text before the first ``=``, its value the text between the first
and the second ``=``; ``+`` and ``%2B`` become spaces; then ``decodeURIComponent``,
which throws on a ``%`` not followed by two hex digits or on bad UTF-8 (one such value
breaks the save of every item on the page). ``urllib.parse.parse_qsl`` is not used: it
reads ``%2B`` as ``+`` and would hide that loss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PLUS = re.compile(r"\+|%2[bB]")


class MalformedValue(ValueError):
    """What decodeURIComponent's URIError is to the Connector: the whole page fails."""


class _Spans(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "span" and "Z3988" in (values.get("class") or "").split() and values.get("title") is not None:
            self.titles.append(values["title"])


def spans(html: str) -> list[str]:
    """The title attribute of every COinS span, entity-decoded, in page order."""
    parser = _Spans()
    parser.feed(html)
    parser.close()
    return parser.titles


def decode_value(raw: str) -> str:
    if _BAD_ESCAPE.search(raw):
        raise MalformedValue(f"URI malformed: {raw!r}")
    try:
        return unquote(_PLUS.sub(" ", raw), errors="strict")
    except UnicodeDecodeError as error:
        raise MalformedValue(f"URI malformed: {raw!r}") from error


def decode(kev: str) -> list[tuple[str, str]]:
    pairs = []
    for part in kev.split("&"):
        pieces = part.split("=")
        if len(pieces) < 2:
            continue
        pairs.append((pieces[0], decode_value(pieces[1])))
    return pairs


@dataclass
class Item:
    """The fields Zotero's OpenURL parser makes of a ContextObject (those we use)."""

    type: str
    title: str = ""
    container: str = ""
    date: str = ""
    creators: list[tuple[str, str]] = field(default_factory=list)  # (last, first)
    doi: str = ""
    url: str = ""
    tags: list[str] = field(default_factory=list)


def _creator(name: str) -> tuple[str, str]:
    if "," in name:
        last, first = name.split(",", 1)
        return last.strip(), first.strip()
    if " " in name.strip():
        first, last = name.strip().rsplit(" ", 1)
        return last, first
    return name.strip(), ""


def item(kev: str) -> Item:
    pairs = decode(kev)
    values: dict[str, str] = {}
    for key, value in pairs:
        values.setdefault(key, value)
    fmt = values.get("rft_val_fmt", "")
    if fmt == "info:ofi/fmt:kev:mtx:journal":
        found = Item("journalArticle", values.get("rft.atitle", ""), values.get("rft.jtitle", ""))
    elif fmt == "info:ofi/fmt:kev:mtx:book":
        if values.get("rft.genre") in ("proceeding", "conference"):
            found = Item("conferencePaper", values.get("rft.atitle", ""), values.get("rft.btitle", ""))
        else:
            found = Item("book", values.get("rft.btitle", ""))
    elif fmt == "info:ofi/fmt:kev:mtx:dc":
        found = Item("preprint" if values.get("rft.type") == "preprint" else "webpage", values.get("rft.title", ""))
    else:
        raise ValueError(f"no item type for {fmt!r}")
    found.date = values.get("rft.date", "")
    organizations = []
    for key, value in pairs:
        if key == "rft.au":
            found.creators.append(_creator(value))
        elif key == "rft.aucorp":  # kept whole (one field), appended after the people
            organizations.append((value, ""))
        elif key == "rft_id" and value.startswith("info:doi/"):
            found.doi = value.removeprefix("info:doi/")
        elif key in ("rft_id", "rft.identifier") and value.startswith(("http://", "https://")) and not found.url:
            found.url = value
        elif key == "rft.subject":
            found.tags.append(value)
    found.creators += organizations
    return found
