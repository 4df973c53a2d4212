"""Render the paper list as markdown, in the look of the seed list.

One bullet per entry and section::

    * Title [[Paper]](url) [[Code]](url) ![](https://img.shields.io/badge/CVPR-2023-blue) <!-- surveybib KEY HASH -->

The trailing comment names the entry and fingerprints the rendered line, so that an
import can tell a contributor's edit from a line that only went stale (see
:mod:`surveybib.readme_merge`). Everything that came from the bib is
escaped: a title renders as text, and only http(s) URLs become links.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..markers import line_marker
from ..model import Entry, Section, Survey
from ..names import one_line
from ..readers.markdown import slugify
from ..text.identifiers import is_web_url
from ..text.latex import plain_text
from ..text.people import author_line
from ..venues import Registry
from ..venues.badges import badge

ORDERS = ("curated", "newest", "venue")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>|!#&~])")
_URL_UNSAFE = re.compile(r"[()<>\s\"'`\\]")


def escape_markdown(text: str) -> str:
    """Text that CommonMark renders as exactly this text: no emphasis, link, HTML or code."""
    return _MD_SPECIAL.sub(r"\\\1", text)


_HEADING_SPECIAL = re.compile(r"([\\<>\[\]`])")


def escape_heading(text: str) -> str:
    """A heading that renders as this text: no HTML, comment, link or code span. Fewer
    characters are escaped than in titles, so that ordinary headings stay as written."""
    return _HEADING_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def safe_url(url: str) -> str | None:
    """The URL for a link target, or None when it is not http(s)."""
    if not is_web_url(url):
        return None
    return _URL_UNSAFE.sub(lambda m: quote(m.group(0)), url)


def shields_escape(text: str) -> str:
    """A badge label or message by shields.io's rules: ``-`` -> ``--``, ``_`` -> ``__``, space -> ``_``."""
    text = text.replace("-", "--").replace("_", "__").replace(" ", "_")
    return quote(text, safe="_-.")


def badge_url(label: str, message: str, color: str) -> str:
    parts = [shields_escape(p) for p in (label, message) if p] + [color]
    return "https://img.shields.io/badge/" + "-".join(parts)


def line_content(entry: Entry, registry: Registry) -> str:
    """The bullet of an entry, without its marker comment."""
    parts = [escape_markdown(plain_text(entry.fields.get("title", "")) or entry.key)]
    authors = author_line(entry.fields.get("author", ""))
    if authors:
        parts.append(f"*{escape_markdown(authors)}*")
    for link in entry.links:
        url = safe_url(link.url)
        if url:
            parts.append(f"[[{escape_markdown(link.label)}]]({url})")
    made = badge(entry, registry)
    if made:
        parts.append(f"![]({badge_url(*made)})")
    return "* " + one_line(" ".join(parts))


def render_line(entry: Entry, section: str, registry: Registry) -> str:
    content = line_content(entry, registry)
    return f"{content} {line_marker(entry.key, content, section)}"


def ordered(survey: Survey, slug: str, order: str, registry: Registry) -> list[Entry]:
    """A section's entries: curated (positions), newest first, or by venue (each stable)."""
    entries = survey.in_section(slug)
    if order == "newest":
        year = lambda e: int(e.fields["year"]) if e.fields.get("year", "").isdigit() else 0  # noqa: E731
        return sorted(entries, key=lambda e: -year(e))
    if order == "venue":
        return sorted(entries, key=lambda e: ((badge(e, registry) or ("~",))[0] or "~").lower())
    return entries


def render_section(survey: Survey, section: Section, registry: Registry, order: str = "curated") -> str:
    """A section's heading and bullets."""
    lines = [f"{'#' * section.level} {escape_heading(section.heading)}"]
    lines += [render_line(e, section.slug, registry) for e in ordered(survey, section.slug, order, registry)]
    return "\n".join(lines) + "\n"


def render_toc(survey: Survey) -> str:
    """A table of contents with each section's count of papers."""
    lines = []
    for section in survey.sections:
        indent = "  " * max(0, section.level - 2)
        count = len(survey.in_section(section.slug))
        anchor = slugify(section.heading)
        lines.append(f"{indent}- [{escape_markdown(section.heading)}](#{anchor}) ({count})")
    return "\n".join(lines) + "\n"
