"""Read one block of a list (a bullet, a table row, a bold-title block) into an item and its kind.

Kinds: ``paper``; the non-papers ``toc``, ``news``, ``resource`` (a tool, dataset,
course, leaderboard or other resource), ``pseudo-heading`` and ``prose``; and
``unrecognized`` for a bullet that is none of these.
"""

from __future__ import annotations

import re

from ..model import Link
from ..text.identifiers import is_web_url
from . import markdown_items as items
from . import markdown_parts as parts

_ANCHOR_LINK = re.compile(r"\]\(\s*(#[^)]*|(?![a-z]+:)[^)\s]*\.md(?:#[^)]*)?)\s*\)")
_NEWS_HEADING = re.compile(r"\b(news|updates?|changelog|change log|what's new|announcements?)\b", re.IGNORECASE)
_NEWS_LINE = re.compile(
    r"^\s*(?:\*\*|__)?\[?\s*(?:\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?|\d{1,2}/\d{1,2}/\d{4}|news|update)\s*(?:\]|\*\*|__|:)"
    r"|^\s*(?:🔥|📢|🎉|🚀|⚡|\[news\])|^\s*(?:\*\*)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}",
    re.IGNORECASE,
)
_PAPER_LABEL = re.compile(r"\[\s*\[?\s*(paper|pdf|arxiv|openreview)\s*\]?\s*\]\s*\(", re.IGNORECASE)
_VIDEO = re.compile(r"^https?://(www\.)?(youtube\.com|youtu\.be|vimeo\.com|bilibili\.com)/", re.IGNORECASE)
_TITLE_HEADERS = ("title", "paper", "papers", "paper title", "title & authors", "title and authors", "name", "paper name")
_VENUE_HEADERS = ("venue", "conference", "journal", "publication", "conf", "conf.", "published", "pub.", "pub",
                  "pub. & date", "venue & date", "publisher", "where")
_DATE_HEADERS = ("date", "year", "time", "release", "release date", "pub. date", "published date")
_AUTHOR_HEADERS = ("authors", "author")


def read_bullet(item, text: str, context: items.Context) -> str:
    """Fill ``item`` from one bullet's text (or a title cell); return the item's kind."""
    source = text
    text, ins = items.prepare(text, context.references)
    text = items.take_linked_images(item, text, context.registry)
    rest = parts._venue_tag(item, text)
    rest = _date_first(item, rest)
    rest = items.take_bracket_links(item, rest, context.registry)
    rest = parts._take_links(item, rest)
    rest = _leading_links(item, rest, context.registry)
    lead = _lead(rest)
    title_link = parts._LINK.match(lead)
    if title_link and is_web_url(title_link.group(2).strip()):
        parts._add_link(item, "Paper", title_link.group(2))
        head, tail = title_link.group(1), lead[title_link.end():]
    else:
        head, _, tail = lead.partition("\0")
        head, more = _split_head(head)
        tail = f"{more} \0 {tail}"
    for label, url in parts._LINK.findall(tail):
        if is_web_url(url):
            parts._add_link(item, label.strip(), url)
    byline = parts._TRAILING_ITALIC.match(head)  # "Title *A. Author, B. Author*", as surveybib renders
    if byline:
        head = byline.group(1)
        item.authors = parts.split_authors(byline.group(2))
    authors = None if byline else parts._ITALIC.search(parts._LINK.sub(" ", tail).replace("\0", " "))
    if authors and ("," in authors.group(1) or " and " in authors.group(1)):
        item.authors = parts.split_authors(authors.group(1))
    for content in ins:
        _venue_segment(item, content, context.registry)
    head = _sentences(item, head, context.registry)
    _tail_segments(item, parts._LINK.sub(" \0 ", tail), context.registry)
    bare = not (item.venue_text or item.badges)
    if bare:
        head = _trailing_tag(item, head)
    if not (item.venue_text or item.badges):
        head = parts._trailing_venue(item, head, context.registry)
    if not (item.year_text or item.badges):
        year = re.search(r"(?:,\s*|\s\()((?:19|20)\d{2})\)?\s*$", head)  # "Title, 2014", "Title (2014)"
        if year:
            item.year_text, head = year.group(1), head[: year.start()]
    parts._set_title(item, items.clean_title(head, exact=not item.repair))
    return _kind(item, source, context)


def _trailing_tag(item, head: str) -> str:
    """``Title [KDD 2021]``, ``Title[Arxiv 2110.06483]``: a venue tag after the title."""
    match = items._TRAILING_TAG.search(head)
    if not match:
        return head
    venue, year = match.group(1), match.group(2)
    if re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", year):  # an arXiv id
        parts._add_link(item, "arXiv", f"https://arxiv.org/abs/{year.split('v')[0]}")
        item.venue_text = venue
    else:
        item.venue_text, item.year_text = venue, year
    return head[: match.start()]


def _date_first(item, text: str) -> str:
    """``2018-ICLR-[Title](url)`` and ``2018.11-[Title](url)``: the year, and the venue when named."""
    match = items._DATE_FIRST.match(text)
    if not match or item.venue_text or item.badges:
        return text
    item.year_text, item.year_prefix = match.group(1), True
    if match.group(2):
        item.venue_text = match.group(2).strip()
    return text[match.end():]


def _leading_links(item, text: str, registry) -> str:
    """``[[ICML](url)] Title``: links before the title; one named after a venue gives the venue."""
    stripped = text.lstrip(" *_\x01")
    if not stripped.startswith("\0"):
        return text
    first = item.links[0] if item.links else None
    if first and not (item.venue_text or item.badges) and registry.lookup(first.label):
        item.venue_text = first.label
        item.links[0] = Link("Paper", first.url)
    return re.sub(r"^[\s\0\x01*_]+", "", stripped)


def _lead(text: str) -> str:
    text = re.sub(r"^[\s\x01*_]+", "", text)
    return items._SHORTCODE.sub("", text, count=1).lstrip(" *_") if text.startswith(":") else text


def _split_head(head: str) -> tuple[str, str]:
    """A head without a title link: a quoted title, or the text before a ``<br>`` or ``<ins>``."""
    quoted = re.match(r'^\s*["“](.+?)["”]\s*((?:[,.;]|\x01|\x02).*)?$', head)
    if quoted:  # '"Title", VENUE, YEAR' (a title that only starts with a quoted word is left whole)
        return quoted.group(1), quoted.group(2) or ""
    head = re.sub(r"^[\s\x01]+", "", head)
    # "🌟 **Title**  arXiv 2025," (the opening stars may be gone: the lead of an item drops them)
    bold = re.match(r"^(?:[^\w*\[\s]\s*)*(?:\*\*)?([^*]+)\*\*[\s\\]*(\S.*)$", head)
    if bold:
        return bold.group(1), "\x01" + bold.group(2)
    bracketed = re.match(r"^\[([^\[\]]+)\](?!\()\s*(.*)$", head)  # "[Title], Authors": a link without its URL
    if bracketed:
        return bracketed.group(1), bracketed.group(2)
    for separator in ("\x01", "\x02"):
        if separator in head:
            first, _, more = head.partition(separator)
            return first, separator + more
    paren = re.match(r"^(.*\S)\s*\(([A-Za-z][\w&.\- ]*'\s?\d{2}|[A-Za-z][\w&.\- ]* \d{4})\)\s*$", head)
    if paren:
        return paren.group(1), paren.group(2)
    return head, ""


def _venue_segment(item, text: str, registry) -> bool:
    # (?<!\s): from the start of a run of spaces only, so a long run is not rescanned from each position
    text = re.sub(r",\s*[a-z][a-z ]*$|(?<!\s)\s*\([a-z]+\)$", "", text.strip())  # "ACL 2019,short", "CVPR 2020(pre)"
    text = re.sub(r"^(arXiv):(\d{4})$", r"\1 \2", text, flags=re.IGNORECASE)  # "arXiv:2020"
    found = items.venue_year(text, registry)
    if not found:
        return False
    venue, year = found
    if venue and venue.lower() in ("preprint", "under review", "submitted"):
        venue = None  # "<ins>Preprint, 2023</ins>": the links say where it is
    if venue and not (item.venue_text or item.badges):
        item.venue_text = venue
        item.year_text = year
    elif not item.year_text and not item.badges:
        item.year_text = year
    return True


def _sentences(item, head: str, registry) -> str:
    """``Title. Authors et al. VENUE YYYY``: title, authors and venue when the last part reads so."""
    if item.badges or item.venue_text or ". " not in head:
        return head
    pieces = items.split_sentences(head)
    if len(pieces) < 2:
        return head
    tail = pieces[1:]
    read = False
    for piece in reversed(tail):
        arxiv = items._ARXIV_REF.search(piece)
        if arxiv:
            parts._add_link(item, "arXiv", f"https://arxiv.org/abs/{arxiv.group(1)}")
            piece = items._ARXIV_REF.sub(" ", piece).strip()
            read = True
        if piece and _venue_segment(item, _strip_names(piece), registry):
            read = True
    if not read:
        return head
    who = items.names(re.sub(r"\s*(?:et al\.?|\(.*?\))\s*.*$", " et al.", tail[0]) if "et al" in tail[0] else tail[0])
    if who and not item.authors:
        item.authors = who
    return pieces[0]


def _strip_names(piece: str) -> str:
    """``Pham, Hieu et al. ICML 2020``, ``Xie et al.(Google) CVPR 2020``: the part after the names."""
    piece = re.split(r"et al\.?", piece)[-1] if "et al" in piece else piece
    return re.sub(r"^\s*\([^()]*\)", "", piece).strip()


def _tail_segments(item, tail: str, registry) -> None:
    """What follows the title: venue and year, authors, a year in parentheses."""
    for segment in re.split(r"[\0\x01\x02]", tail):
        segment = re.sub(r"\[\s*\]|\(\s*\)", " ", segment).strip(" ,.;:-|[]")
        if not segment:
            continue
        if _venue_segment(item, segment, registry):
            continue
        pieces = items.split_sentences(segment)  # ". *Authors*. NeurIPS 2020." (a venue the registry knows)
        last = items.venue_year(pieces[-1].strip(" *_"), registry) if len(pieces) > 1 else None
        if last and last[0] and registry.lookup(last[0]) and _venue_segment(item, pieces[-1].strip(" *_"), registry):
            continue
        trailing = re.match(r"^(.*?)[\s,]*\(?((?:19|20)\d{2})\)?\.?$", segment)
        if trailing and not item.year_text and not item.badges:
            who = items.names(trailing.group(1))
            if who is not None or not trailing.group(1) or trailing.group(1).lower().startswith("by "):
                item.year_text = trailing.group(2)
                if who and not item.authors:
                    item.authors = who
                continue
        byline = re.search(r"\bby ([^()]+?)(?:\s*\(((?:19|20)\d{2})\))?\s*(?:-.*)?$", segment)
        if byline and byline.group(2) and not item.year_text:
            item.year_text = byline.group(2)
            continue
        who = items.names(segment)
        if who and not item.authors and len(who) >= 1 and segment.count(",") >= 1:
            item.authors = who


def _kind(item, source: str, context: items.Context) -> str:
    if item.marker:
        return "paper"
    if _NEWS_HEADING.search(context.heading_text) or _NEWS_LINE.match(source):
        return "news"
    if not item.links and _ANCHOR_LINK.search(source) and not (item.venue_text or item.badges):
        return "toc"
    paper_links = item.year_prefix or _PAPER_LABEL.search(source) or any(items.paper_link(link.url, "") for link in item.links)
    if item.links and not paper_links and all(_VIDEO.search(link.url) for link in item.links):
        return "resource"  # a talk or lecture, even with its speaker and year
    if item.links and not paper_links and not (item.venue_text or item.badges or item.authors):
        return "resource"  # a blog post or tool with a date: no venue, no authors, no paper link
    if item.venue_text or item.badges or item.year_text or item.authors or paper_links:
        return "paper"
    if item.links:
        return "resource"
    words = len(re.findall(r"\w+", source))
    if re.fullmatch(r"\s*(\*\*|__)[^*_]+(\*\*|__)\s*:?\s*", source) or source.strip().endswith(":"):
        return "pseudo-heading"
    return "unrecognized" if 0 < words <= 20 else "prose"


def finish(item, kind: str, context: items.Context) -> str:
    """A year heading gives the year of a paper whose line names none."""
    if kind == "paper" and context.heading_year and not (item.year_text or item.badges):
        item.year_text = context.heading_year
        item.year_from_heading = True
    return kind


def read_block(item, lines: list[str], context: items.Context) -> str:
    """A paragraph: a bold-title block (``**Title**``, ``*Authors*``, venue line, links) or prose."""
    text = " ".join(line.strip() for line in lines)
    if not parts.looks_like_bold_block(lines):
        if re.fullmatch(r"\s*(\*\*|__)[^*_]{1,80}(\*\*|__)\s*:?\s*\\?\s*", text):
            return "pseudo-heading"
        if _NEWS_HEADING.search(context.heading_text):
            return "news"
        return "toc" if _ANCHOR_LINK.search(text) and not re.search(r"\]\(https?:", text) else "prose"
    parts._set_title(item, items.clean_title(lines[0].strip().rstrip("\\").strip()))
    for line in lines[1:]:
        stripped = line.strip().rstrip("\\").strip()
        italic = re.fullmatch(r"[*_]([^*_]+)[*_]", stripped)
        if italic and not item.authors:
            item.authors = parts.split_authors(italic.group(1))
            continue
        prepared, ins = items.prepare(stripped, context.references)
        rest = parts._LINK.sub(" ", _take_every_link(item, prepared, context))
        for segment in [*ins, *re.split(r"[\0\x01\x02]", rest)]:
            segment = segment.strip(" .,[]")
            if segment and not re.fullmatch(r"\d{1,2} \w+ \d{4}", segment):
                _venue_segment(item, segment, context.registry)
    if len(lines) == 1 and not item.links:
        return "pseudo-heading"
    if item.venue_text or item.badges or any(items.paper_link(link.url, link.label) for link in item.links):
        return "paper"
    return "resource" if item.links else "prose"


def _take_every_link(item, prepared: str, context: items.Context) -> str:
    """Every link of a prepared text, of any form, added to the item; the text they leave."""
    rest = items.take_linked_images(item, prepared, context.registry)
    rest = items.take_bracket_links(item, rest)
    rest = parts._take_links(item, rest)
    for label, url in parts._LINK.findall(rest):
        if is_web_url(url):
            parts._add_link(item, label.strip(), url)
    return rest


def column_roles(header: list[str]) -> dict[str, int | None]:
    cells = [re.sub(r"\s+", " ", re.sub(r"[*_`]", "", cell)).strip().lower() for cell in header]
    roles = {}
    for role, names in (("title", _TITLE_HEADERS), ("venue", _VENUE_HEADERS), ("date", _DATE_HEADERS),
                        ("authors", _AUTHOR_HEADERS)):
        roles[role] = next((i for i, cell in enumerate(cells) if cell in names), None)
    return roles


def read_row(item, cells: list[str], header: list[str], context: items.Context) -> str:
    """A table row: the title cell read as a bullet; venue, date and authors from their columns."""
    roles = column_roles(header)
    if roles["title"] is None or roles["title"] >= len(cells):
        links = [url for _, url in parts._LINK.findall(" ".join(cells)) if is_web_url(url)]
        for cell in cells:
            for label, url in parts._LINK.findall(items.prepare(cell, context.references)[0]):
                if is_web_url(url) and not item.title:
                    parts._set_title(item, items.clean_title(label))
        return "resource" if links else "prose"
    title_cell = cells[roles["title"]]
    if not title_cell.strip() or title_cell.strip() == "-":
        return "prose"
    read_bullet(item, title_cell, context)
    for index, cell in enumerate(cells):
        if index == roles["title"] or cell.strip() in ("", "-"):
            continue
        _take_every_link(item, items.prepare(cell, context.references)[0], context)
    venue = cells[roles["venue"]].strip() if roles["venue"] is not None and roles["venue"] < len(cells) else ""
    if venue and venue != "-" and not (item.venue_text or item.badges):
        if not _venue_segment(item, venue, context.registry) and not re.search(r"[\[\]()<>]", venue):
            item.venue_text = venue.strip(" .,")
    date = cells[roles["date"]] if roles["date"] is not None and roles["date"] < len(cells) else ""
    year = re.search(r"(?:19|20)\d{2}", date)
    if year and not item.year_text and not item.badges:
        item.year_text = year.group(0)
    who = cells[roles["authors"]] if roles["authors"] is not None and roles["authors"] < len(cells) else ""
    if who.strip() and not item.authors:
        item.authors = parts.split_authors(who)
    return "paper" if item.title else "prose"
