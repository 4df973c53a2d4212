"""Citation keys: readable, unique, deterministic; never changed once they exist.

``{lastname}{year}{word}`` when the first author is known (``song2020denoising``),
else ``{word}{year}{word}`` from the title (``denoising2020diffusion``). A clash gets
a letter: ``...a``, ``...b``. Keys are unique case-insensitively, since BibTeX and
biber treat keys that differ only by case as trouble.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Entry
from ..text.latex import unescape_plain
from ..text.people import author_names, person

STOPWORDS = frozenset(
    "a an and are as at by for from in into is it its of on or our the to via we what "
    "when where which with without towards toward your you how do does can".split()
)


def ascii_words(text: str) -> list[str]:
    """Lowercase ASCII words of a text; hyphenated words are joined (``dpmsolver``)."""
    text = unicodedata.normalize("NFKD", unescape_plain(text))
    text = text.encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\\[a-z]+\s*|[{}]", "", text)
    text = text.replace("++", "pp")  # DPM-Solver++ -> dpmsolverpp
    words = [re.sub(r"[^a-z0-9]", "", word) for word in re.split(r"[\s/:;,.!?()]+", text)]
    return [w for w in words if w]


def title_words(title: str) -> list[str]:
    return [w for w in ascii_words(title) if w not in STOPWORDS] or ascii_words(title)


def first_author_surname(author: str) -> str | None:
    if not author.strip():
        return None
    first = author_names(author)[0]
    if first.lower() == "others":
        return None
    words = ascii_words(" ".join(person(first).last_names))
    return "".join(words) or None


def base_key(entry: Entry) -> str:
    year = re.sub(r"\D", "", entry.fields.get("year", ""))[:4]
    words = title_words(entry.fields.get("title", "")) or ["untitled"]
    surname = first_author_surname(entry.fields.get("author", ""))
    if surname:
        joint = "-" if surname[-1].isdigit() and year else ""
        return f"{surname}{joint}{year}{words[0]}"
    joint = "-" if words[0][-1].isdigit() and year else ""
    return f"{words[0]}{joint}{year}{words[1] if len(words) > 1 else ''}"


def unique_key(base: str, taken: set[str]) -> str:
    """``base``, or ``base`` plus the first free letter suffix; ``taken`` is lowercased.

    One look-up; to hand out many keys use :class:`KeySpace`, which does not start
    the suffix search over for each key.
    """
    return KeySpace(taken).claim(base, add=False)


class KeySpace:
    """Keys in use (case-insensitively), handing out new keys in amortized constant time.

    The first free suffix of a base only grows, since keys are only ever added; so each
    base remembers where its search stopped. With 20,000 titles of one base a new key
    costs one look-up, not a search from ``a`` (which made imports quadratic).
    """

    def __init__(self, keys=()) -> None:
        self._taken = {key.lower() for key in keys}
        self._next: dict[str, int] = {}  # lowercased base -> no free suffix below this number

    def __contains__(self, key: str) -> bool:
        return key.lower() in self._taken

    def add(self, key: str) -> None:
        self._taken.add(key.lower())

    def claim(self, base: str, *, add: bool = True) -> str:
        """``base``, or ``base`` plus its first free letter suffix (``a``, ..., ``z``, ``aa``)."""
        n = self._next.get(base.lower(), 0)
        candidate = base + _suffix(n)
        while candidate.lower() in self._taken:
            n += 1
            candidate = base + _suffix(n)
        self._next[base.lower()] = n
        if add:
            self._taken.add(candidate.lower())
        return candidate


def _suffix(n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
