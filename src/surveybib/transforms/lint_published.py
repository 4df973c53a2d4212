"""Two rules of ``check`` about papers as published: stale preprints and lowered names.

P001: an arXiv-only entry whose arXiv id is older than a configurable number of months
(the age counts from ``preprintchecked = {YYYY-MM-DD ...}`` when a person or a source
checked it since). T001: a title that writes a name in lower case where the entry's own
key, repository links or ``source`` field write it with inner capitals (``Lora``, while the link is
``github.com/microsoft/LoRA``); only whole words that equal such a name up to case are
reported, so nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import Entry
from ..text.identifiers import parse_arxiv_id, split_url
from ..text.latex import plain_text

STALE_MONTHS = 12
_CHECKED = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_NAME_HOSTS = ("github.com", "gitlab.com", "huggingface.co")
_WORD = re.compile(r"[A-Za-z0-9]+")
_SOURCE_URL = re.compile(r"https?://\S+|github:\S+")


def preprint_age(entry: Entry, today: date) -> int | None:
    """Months since an arXiv-only entry's arXiv id (or its last check); None for others."""
    if entry.type != "misc" or entry.fields.get("booktitle") or entry.fields.get("journal"):
        return None
    arxiv = parse_arxiv_id(entry.fields.get("eprint", ""))
    if arxiv is None or entry.fields.get("archiveprefix", "arXiv").lower() != "arxiv":
        return None
    year, month = arxiv.year, int(arxiv.id[2:4]) if "." in arxiv.id else 1
    checked = _CHECKED.match(entry.fields.get("preprintchecked", ""))
    if checked and (int(checked.group(1)), int(checked.group(2))) > (year, month):
        year, month = int(checked.group(1)), int(checked.group(2))
    return (today.year - year) * 12 + today.month - month


def stale_preprint(entry: Entry, today: date, months: int = STALE_MONTHS) -> str | None:
    age = preprint_age(entry, today)
    if age is None or age <= months:
        return None
    since = "checked" if entry.fields.get("preprintchecked") else "arXiv id"
    return f"still an arXiv preprint {age} months after its {since} (more than {months}): it may be published since"


def _names(entry: Entry) -> dict[str, str]:
    """Names the entry's key and repository links write with inner capitals, by lower case."""
    parts = _WORD.findall(re.sub(r"\d{4}", " ", entry.key))
    urls = [link.url for link in entry.links] + _SOURCE_URL.findall(entry.fields.get("source", ""))
    for text in urls:
        if text.startswith("github:"):  # a source named as github:OWNER/REPO/PATH
            parts += _WORD.findall("/".join(text.split("/")[:2]))
            continue
        url = split_url(text)
        if url.hostname and url.hostname.removeprefix("www.") in _NAME_HOSTS:
            parts += _WORD.findall("/".join(url.path.split("/")[:3]))  # owner and repository
    names: dict[str, str] = {}
    for part in parts:
        if sum(c.isalpha() for c in part) >= 2 and any(c.isupper() for c in part[1:]):
            names.setdefault(part.lower(), part)
    return names


def lowered_names(entry: Entry) -> list[str]:
    """Each title word that is a name of :func:`_names` with its capitals lost."""
    names = _names(entry)
    if not names:
        return []
    found = []
    for word in _WORD.findall(plain_text(entry.fields.get("title", ""))):
        name = names.get(word.lower())
        if name and word != name and not any(c.isupper() for c in word[1:]):
            found.append(f"title writes {word!r}; its links or key write {name!r}")
    return found
