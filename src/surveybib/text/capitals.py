"""Protect the capitals of a title that a bibliography style must not lowercase.

BibTeX styles such as plainnat lowercase titles ("Dpm-solver"). A word with a capital
after its first letter is braced: ``{DPM}-Solver``, ``{ControlNet}``, ``{3D}``, and a
plural acronym keeps its ``s`` outside: ``{GAN}s``. Words that hold LaTeX (a backslash
or a brace) are left as they are.
"""

from __future__ import annotations

import re

_PART = re.compile(r"[A-Za-z0-9]+")
_PLURAL_ACRONYM = re.compile(r"^([A-Z]{2,})s$")


def _protect_part(part: str) -> str:
    plural = _PLURAL_ACRONYM.match(part)
    if plural:
        return "{" + plural.group(1) + "}s"
    if any(c.isupper() for c in part[1:]):
        return "{" + part + "}"
    return part


def protect_capitals(title: str) -> str:
    """The title with capitals braced word by word (hyphenated parts each on their own)."""
    words = title.split(" ")
    return " ".join(w if ("\\" in w or "{" in w or "}" in w) else _PART.sub(lambda m: _protect_part(m.group(0)), w) for w in words)


def bib_title(text: str) -> str:
    """The bib form of a plain-text title (from a list): escaped, LaTeX-encoded, capitals braced."""
    from .latex import escape_plain, to_latex

    return protect_capitals(to_latex(escape_plain(text)))
