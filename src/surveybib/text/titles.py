"""A source's title for an entry: the same title written as published, or another wording.

A title is adopted from a source only when it is the bib's title up to case,
punctuation, hyphenation and spacing (``Play-ground v2.5`` is ``Playground v2.5``,
``Denovo`` is ``De novo``), or when the source adds a one-word name the list dropped
(``DPOK: Reinforcement learning ...``). Any other difference in wording is a conflict
for a person to decide. The adopted title keeps its capitals from the published one,
braced so that a bibliography style cannot lowercase them (``{LoRA}``, ``{3D}``).
"""

from __future__ import annotations

import re
import unicodedata

from .capitals import protect_capitals
from .latex import plain_text, to_latex

_WORD = re.compile(r"[0-9a-z]+")


def title_key_words(title: str) -> list[str]:
    """A title's lowercase ASCII words, blind to case, accents, braces and LaTeX encoding."""
    text = unicodedata.normalize("NFKD", plain_text(title)).lower()
    return _WORD.findall(text.encode("ascii", "ignore").decode())


def title_key(title: str) -> str:
    """Titles compared blind to case, accents, punctuation, braces and LaTeX encoding:
    the words of :func:`title_key_words`, joined."""
    return "".join(title_key_words(title))


NAME_PREFIX = re.compile(r"^\s*([^\s:]{1,30}):\s+(?=\S)")
# Words before a colon that make another publication of the paper, not its name.
_NOT_A_NAME = frozenset({
    "erratum", "errata", "corrigendum", "correction", "retraction", "retracted", "comment",
    "comments", "reply", "response", "rebuttal", "discussion", "demo", "demonstration", "poster",
    "abstract", "extended", "preprint", "supplementary", "supplement", "appendix", "review",
    "survey", "tutorial", "keynote", "invited", "editorial", "preface", "foreword", "book",
    "chapter", "thesis", "dissertation", "slides", "talk", "video", "code", "dataset", "note",
})
_MIN_SHORT_WORDS = 4  # "A Review" is no paper's title alone


def short_title_key(title: str) -> str | None:
    """The normalized title without a one-word name prefix ("DPOK: ..."), if it has one.

    Not for a prefix that names another kind of publication ("Erratum: ...") or when too
    little title is left to tell papers apart ("Sora: A Review").
    """
    match = NAME_PREFIX.match(title)
    if not match or plain_text(match.group(1)).lower().strip("{}") in _NOT_A_NAME:
        return None
    rest = title[match.end():]
    if len(re.findall(r"\w+", plain_text(rest))) < _MIN_SHORT_WORDS:
        return None
    return title_key(rest) or None


def similarity(a: str, b: str) -> float:
    """How well two titles agree (0-100); one of them may lack the other's name prefix.

    Two titles that both have a prefix are compared whole: "A: Same words" and
    "B: Same words" are different papers.
    """
    from rapidfuzz import fuzz

    pairs = [(title_key(a), title_key(b))]
    short_a, short_b = short_title_key(a), short_title_key(b)
    if short_a is None and NAME_PREFIX.match(a) is None and short_b:
        pairs.append((title_key(a), short_b))
    if short_b is None and NAME_PREFIX.match(b) is None and short_a:
        pairs.append((short_a, title_key(b)))
    return max(fuzz.ratio(x, y) for x, y in pairs)


def name_similarity(a: str, b: str) -> float:
    """How alike two papers' names are ("PixArt-{\\ensuremath{\\alpha}}" and "PixArt-alpha" are)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(title_key(a), title_key(b))


_TRAILING_PERIOD = re.compile(r"(?<!\.)\.\s*$")  # DBLP ends titles with one; "..." stays


def _spelled(title: str) -> str:
    """Plain text with Greek letters spelled out: ``PixArt-$\\alpha$`` is ``PixArt-alpha``."""
    import unicodedata

    def name(char: str) -> str:
        if "GREEK" not in unicodedata.name(char, ""):
            return char
        return unicodedata.name(char).rsplit(" ", 1)[-1].lower()

    return "".join(name(c) for c in plain_text(title))


def same_title(ours: str, theirs: str) -> bool:
    """Whether ``theirs`` is ``ours`` written otherwise, or with a name ``ours`` dropped."""
    ours, theirs = _spelled(ours), _spelled(theirs)
    if title_key(ours) == title_key(theirs):
        return True
    return NAME_PREFIX.match(ours) is None and short_title_key(theirs) == title_key(ours) != ""


def bib_form(title: str) -> str:
    """A source's title as the bib writes it: LaTeX, its capitals braced, no closing period."""
    return protect_capitals(to_latex(_TRAILING_PERIOD.sub("", " ".join(title.split()))))


def title_decision(ours: str | None, theirs: str) -> tuple[str, str | None]:
    """What to do with a source's title: ``("same", None)`` when the bib already reads
    as the source does, ``("adopt", title)``, or ``("conflict", title)`` for other wording."""
    new = bib_form(theirs)
    if ours is None:
        return "adopt", new
    if plain_text(ours) == plain_text(new) or _only_lowers(ours, new):
        return "same", None
    return ("adopt" if same_title(ours, new) else "conflict"), new


def _only_lowers(ours: str, theirs: str) -> bool:
    """The source differs only by lowercasing capitals the bib has (a Google Scholar copy):
    the bib's capitals are kept, since no style can raise them again."""
    a = [c for c in plain_text(ours) if c.isalnum()]
    b = [c for c in plain_text(theirs) if c.isalnum()]
    if len(a) != len(b) or [c.lower() for c in a] != [c.lower() for c in b]:
        return False
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return bool(pairs) and all(x.isupper() and y.islower() for x, y in pairs)
