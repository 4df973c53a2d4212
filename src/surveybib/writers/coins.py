"""COinS: an OpenURL 1.0 ContextObject (KEV) per paper, for the Zotero Connector.

The page puts each in ``<span class="Z3988" title="...">``; with two or more such
spans the Connector offers to save many items at once. The formats are those that
Zotero's own OpenURL code writes and reads back:

* conference paper: ``mtx:book``, ``rft.genre=proceeding``, ``rft.atitle``, ``rft.btitle``;
* journal article: ``mtx:journal``, ``rft.genre=article``, ``rft.atitle``, ``rft.jtitle``;
* arXiv preprint: ``mtx:dc``, ``rft.type=preprint``, ``rft.title``,
  ``rft.identifier=https://arxiv.org/abs/ID``; other entries: ``mtx:dc``, ``rft.type=webpage``;

and for all: ``ctx_ver``, ``rft.date``, one ``rft.au`` per author (``Last, First``;
``rft.aucorp`` for an organization, which Zotero keeps whole but lists after the people),
``rft_id`` (``info:doi/...``, and the first link), one ``rft.subject`` per section
(tags in Zotero). Every value is percent-encoded with nothing kept safe: one raw ``%``,
``&`` or ``=`` breaks the Connector's import of every item on the page. This module
returns the KEV text; the page escapes it as an HTML attribute.

Zotero decodes ``+`` and ``%2B`` alike as a space, so a title with ``+`` (ControlNet++)
arrives with spaces there: :func:`plus_loss` names such entries for the build report.
"""

from __future__ import annotations

from urllib.parse import quote

from ..model import Entry, Survey
from ..text.identifiers import parse_arxiv_id
from ..text.latex import plain_text
from ..text.people import people
from ..transforms.profiles import export_fields
from .exports import kind
from .markdown import safe_url

FORMAT = "info:ofi/fmt:kev:mtx:"


def coins_pairs(entry: Entry, survey: Survey) -> list[tuple[str, str]]:
    """The (key, value) pairs of an entry's ContextObject, values as plain Unicode."""
    fields = export_fields(entry, survey, "compact")
    title = plain_text(fields.get("title", "")) or entry.key
    what = kind(entry)
    pairs = [("ctx_ver", "Z39.88-2004")]
    if what == "conference":
        pairs += [("rft_val_fmt", FORMAT + "book"), ("rft.genre", "proceeding"), ("rft.atitle", title),
                  ("rft.btitle", plain_text(fields.get("booktitle", "")))]
    elif what == "journal":
        pairs += [("rft_val_fmt", FORMAT + "journal"), ("rft.genre", "article"), ("rft.atitle", title),
                  ("rft.jtitle", plain_text(fields.get("journal", "")))]
        for name in ("volume", "pages"):
            if fields.get(name):
                pairs.append((f"rft.{name}", plain_text(fields[name])))
    else:
        pairs += [("rft_val_fmt", FORMAT + "dc"), ("rft.type", "preprint" if what == "preprint" else "webpage"),
                  ("rft.title", title)]
    year = str(fields.get("year", "")).strip()
    if year:
        pairs.append(("rft.date", year))
    pairs += [("rft.aucorp" if name.literal else "rft.au", name.bibtex()) for name in people(fields.get("author", ""))]
    arxiv = parse_arxiv_id(str(fields.get("eprint", "")))
    if what == "preprint" and arxiv:
        pairs.append(("rft.identifier", f"https://arxiv.org/abs/{arxiv.id}"))
    if fields.get("doi"):
        pairs.append(("rft_id", f"info:doi/{fields['doi']}"))
    links = [safe_url(link.url) for link in entry.links]
    links = [url for url in links if url]
    if links and what != "preprint":
        pairs.append(("rft_id", links[0]))
    pairs += [("rft.subject", s.slug) for s in survey.sections if s.slug in entry.sections]
    return [(k, v) for k, v in pairs if v]


def coins(entry: Entry, survey: Survey) -> str:
    """The ContextObject as KEV text: every value percent-encoded, nothing safe."""
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in coins_pairs(entry, survey))


def plus_loss(entry: Entry) -> bool:
    """True when Zotero would read the entry's title with spaces for its ``+`` signs."""
    return "+" in plain_text(entry.fields.get("title", ""))
