"""Names that come from input and become file names, region names or citation keys.

A section slug names files (``latex/generated/<slug>.tex``, ``bib/exports/<slug>.*``),
a README region and a biblatex keyword, so it is held to a strict form: lowercase
ASCII letters, digits and ``-``, at most :data:`MAX_SLUG` characters, and none of the
names that surveybib's own generated files or regions use. A citation key must read
back as the same key in BibTeX, LaTeX (``\\cite``) and a README marker comment.
"""

from __future__ import annotations

import re

MAX_SLUG = 100  # a slug read from the bib or a region name
CUT_SLUG = 80  # a slug made from a heading (room for a -N suffix when headings repeat)
SLUG = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{MAX_SLUG - 1}}}$")

# Names of generated files and special regions that share a folder or a namespace
# with section slugs: the whole-survey export (all.*), the LaTeX setup and
# bibliography files, the README's table of contents, and the figures.
RESERVED = frozenset({"all", "toc", "setup", "bibliography", "figures", "site", "index"})
RESERVED_SUFFIX = "-section"

# What BibTeX, biber, \cite and a README marker all read back unchanged.
SAFE_KEY = re.compile(r"^[A-Za-z0-9_:.+/-]+$")
MAX_KEY = 200


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a section (None when it can)."""
    if not SLUG.match(slug):
        if len(slug) > MAX_SLUG:
            return f"section name {shown(slug[:40])}... is longer than {MAX_SLUG} characters"
        return (f"section name {shown(slug)} is not a slug (lowercase ASCII letters, digits and '-', "
                "starting with a letter or digit)")
    if slug in RESERVED:
        return f"section name {shown(slug)} is reserved for surveybib's own files ({', '.join(sorted(RESERVED))})"
    return None


def make_slug(text: str) -> str:
    """A valid slug from any text that is already lowercase words and dashes (as
    :func:`surveybib.readers.markdown.slugify` gives): non-ASCII dropped, cut to
    :data:`CUT_SLUG` at a word boundary, and a reserved name gets :data:`RESERVED_SUFFIX`."""
    slug = re.sub(r"[^a-z0-9-]+", "-", text.lower())
    slug = re.sub(r"-{2,}", "-", slug).strip("-") or "section"
    if len(slug) > CUT_SLUG:
        cut = slug[:CUT_SLUG]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[CUT_SLUG // 2:] else cut
        slug = slug.strip("-")
    if slug in RESERVED:
        slug += RESERVED_SUFFIX
    return slug


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be written as a citation key (None when it can)."""
    if not key:
        return "an empty key"
    if len(key) > MAX_KEY:
        return f"key {shown(key[:40])}... is longer than {MAX_KEY} characters"
    if not SAFE_KEY.match(key):
        return f"key {shown(key)} has characters that BibTeX, LaTeX or a README marker cannot read back"
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` quoted for a message on a terminal: control and direction characters
    are shown as escapes, never sent raw."""
    return "'" + _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text) + "'"


def terminal_safe(text: str) -> str:
    """Text for a terminal: control and direction characters other than tab and newline
    shown as escapes (``\\x1b``), so that no input can move the cursor or retitle a window."""
    return _CONTROL.sub(lambda m: m.group(0) if m.group(0) in "\t\n"
                        else m.group(0).encode("unicode_escape").decode("ascii"), text)


_LINE_BREAK = re.compile(r"\s*[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]\s*")  # what str.splitlines splits on


def one_line(text: str) -> str:
    """Text for a line-based format (a README bullet, a RIS tag): each run of white space
    that holds a line break becomes one space, so a value can never start a line of its own."""
    return _LINE_BREAK.sub(" ", text)


def json_safe(text: str) -> str:
    """JSON text with control and direction characters written as ``\\uXXXX`` escapes: the
    same data to any JSON reader, harmless on a terminal."""
    return _CONTROL.sub(lambda m: m.group(0) if m.group(0) in "\t\n" else f"\\u{ord(m.group(0)):04x}", text)
