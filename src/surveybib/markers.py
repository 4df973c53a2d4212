"""The README marker syntax, in one place: generated regions and line markers.

Only the text between ``<!-- surveybib:begin NAME -->`` and ``<!-- surveybib:end -->``
belongs to surveybib; everything else is the authors' and is kept byte for byte.
NAME is a section slug, ``toc`` (a table of contents), or ``all`` (every section).

Every line surveybib renders ends with ``<!-- surveybib KEY FINGERPRINT -->``: the
entry's key (percent-encoded where it could end the comment) and a short hash of the
line as rendered in its section, so that import can tell a contributor's edit from a
line that only went stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from .errors import InputError

SPECIAL_REGIONS = ("toc", "all", "figures")  # region names that are not section slugs

_BEGIN = re.compile(r"^<!-- surveybib:begin (\S+) -->[ \t]*$")
_END = re.compile(r"^<!-- surveybib:end -->[ \t]*$")
REGION_LINE = re.compile(r"^<!-- surveybib:(begin (\S+)|end) -->\s*$")  # a begin or end marker, as readers see it
LINE_MARKER = re.compile(r"(?<!\s)\s*<!-- surveybib (\S+) ([0-9a-f]{8}) -->\s*$")  # (key, fingerprint) of a rendered line
SAFE_MARKER_KEY = re.compile(r"^[A-Za-z0-9_:.+/-]+$")


def fingerprint(content: str, section: str) -> str:
    """The hash a rendered line carries: of its content, in its section."""
    import hashlib

    return hashlib.sha1(f"{section}\n{content}".encode()).hexdigest()[:8]


def marker_key(key: str) -> str:
    """A key as the marker comment holds it: percent-encoded where it has characters that
    could end the comment or split the marker (``-->``, spaces); plain keys unchanged."""
    return quote(key, safe="") if not SAFE_MARKER_KEY.match(key) else key


def marker_prefix(key: str) -> str:
    """The start of the marker of every line rendered for ``key``."""
    return f"<!-- surveybib {marker_key(key)} "


def line_marker(key: str, content: str, section: str) -> str:
    """The comment that ends a rendered line."""
    return f"{marker_prefix(key)}{fingerprint(content, section)} -->"


@dataclass(frozen=True)
class Region:
    name: str
    begin: int  # index of the begin marker line
    end: int  # index of the end marker line


def find_regions(text: str, *, file: str = "<string>") -> list[Region]:
    """The regions of a text; unbalanced or repeated markers are an InputError."""
    regions: list[Region] = []
    opened: tuple[str, int] | None = None
    names: set[str] = set()
    for index, line in enumerate(text.splitlines()):
        begin, end = _BEGIN.match(line), _END.match(line)
        if begin:
            if opened:
                raise InputError(f"region {opened[0]!r} is not closed before this one", file=file, line=index + 1)
            if begin.group(1) in names:
                raise InputError(f"region {begin.group(1)!r} appears twice", file=file, line=index + 1)
            opened = (begin.group(1), index)
            names.add(begin.group(1))
        elif end:
            if not opened:
                raise InputError("surveybib:end without a begin", file=file, line=index + 1)
            regions.append(Region(opened[0], opened[1], index))
            opened = None
    if opened:
        raise InputError(f"region {opened[0]!r} is never closed", file=file, line=opened[1] + 1)
    return regions


def newline_of(text: str) -> str:
    """The line ending most of a text's lines use: ``\r\n`` or ``\n``."""
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def with_newline(text: str, newline: str) -> str:
    return text if newline == "\n" else text.replace("\r\n", "\n").replace("\n", newline)


def replace_regions(text: str, contents: dict[str, str], *, file: str = "<string>") -> str:
    """The text with each named region's body replaced (in the text's own line endings);
    the rest unchanged."""
    lines = text.splitlines(keepends=True)
    newline = newline_of(text)
    out: list[str] = []
    position = 0
    for region in find_regions(text, file=file):
        out += lines[position : region.begin + 1]
        body = contents.get(region.name)
        out.append(with_newline(body, newline) if body is not None else "".join(lines[region.begin + 1 : region.end]))
        position = region.end
    out += lines[position:]
    return "".join(out)


def wrap(name: str, body: str) -> str:
    return f"<!-- surveybib:begin {name} -->\n{body}<!-- surveybib:end -->\n"
