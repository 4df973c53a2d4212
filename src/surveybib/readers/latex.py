"""Read the citations of a LaTeX project (pylatexenc's LatexWalker), section by section.

Starting at a main file, ``\\input`` and ``\\include`` are followed. A file named after
a section slug (``parts/part-3-mainstream-network-architectures.tex``) belongs to that
section, and so does what it inputs; ``% surveybib: section=SLUG`` switches by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import Source

CITE_MACROS = (
    "cite", "citep", "citet", "citealp", "citealt", "citeauthor", "citeyear", "citeyearpar",
    "citenum", "nocite", "parencite", "textcite", "autocite", "footcite", "fullcite",
    "smartcite", "supercite", "Cite", "Citep", "Citet", "Parencite", "Textcite", "Autocite",
    "cites", "parencites", "textcites", "autocites",
)  # fmt: skip
MULTI_CITE_MACROS = frozenset({"cites", "parencites", "textcites", "autocites"})  # biblatex: {a}[p]{b}...
_SECTION_COMMENT = re.compile(r"%\s*surveybib:\s*section\s*=\s*(\S+)")
_CITE_MACRO = re.compile(r"\\(" + "|".join(CITE_MACROS) + r")(?![A-Za-z@])")


@dataclass(frozen=True)
class CiteKey:
    """One key of a cite command's argument: the key, and where its part of the list is in the text."""

    key: str
    start: int  # the key itself
    end: int
    part_start: int  # the comma-separated part it stands in (with spaces and comments)
    part_end: int


def cite_key_lists(text: str) -> list[list[CiteKey]]:
    """The key lists of every cite-family command in LaTeX text, in order; a biblatex
    multicite command (``\\cites[p]{a}[q]{b}``) gives one list per group. Comments inside a
    list (``\\cite{a,%\\n b}``) are not keys."""
    lists = []
    for match in _CITE_MACRO.finditer(text):
        if _is_escaped(text, match.start()) or _in_comment(text, match.start()):
            continue
        for start, end in _key_groups(text, match.end(), match.group(1) in MULTI_CITE_MACROS):
            lists.append(_keys_in(text, start, end))
    return lists


def _is_escaped(text: str, at: int) -> bool:
    """Whether an odd number of backslashes stands right before ``at`` (counted back, not by
    slicing: this runs for every character of a cite argument)."""
    i = at
    while i > 0 and text[i - 1] == "\\":
        i -= 1
    return (at - i) % 2 == 1


def _in_comment(text: str, at: int) -> bool:
    line = text[text.rfind("\n", 0, at) + 1:at]
    return any(c == "%" and not _is_escaped(line, i) for i, c in enumerate(line))


def _key_groups(text: str, at: int, multi: bool) -> list[tuple[int, int]]:
    """Spans of the {...} key groups after a cite macro that ends at ``at``: a star, up to two
    [..] options each, and for multicite commands (..) notes and every further group."""
    groups = []
    i = at + 1 if text.startswith("*", at) else at
    while True:
        i = _skip(text, i, "(", ")", 2 if multi and not groups else 0)
        i = _skip(text, i, "[", "]", 2)
        i = _skip_space(text, i)
        if i >= len(text) or text[i] != "{":
            return groups
        end = _matching(text, i, "{", "}")
        if end < 0:
            return groups
        groups.append((i + 1, end))
        i = end + 1
        if not multi:
            return groups


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n":
        i += 1
    return i


def _skip(text: str, i: int, opening: str, closing: str, most: int) -> int:
    for _ in range(most):
        j = _skip_space(text, i)
        if j >= len(text) or text[j] != opening:
            break
        end = _matching(text, j, opening, closing)
        if end < 0:
            break
        i = end + 1
    return i


def _matching(text: str, i: int, opening: str, closing: str) -> int:
    """The index of the bracket closing the one at ``i`` (braces inside count as groups)."""
    depth, braces = 0, 0
    for j in range(i, len(text)):
        char = text[j]
        if _is_escaped(text, j):
            continue
        if char == "{" and opening != "{":
            braces += 1
        elif char == "}" and opening != "{":
            braces -= 1
        elif braces == 0 and char == opening:
            depth += 1
        elif braces == 0 and char == closing:
            depth -= 1
            if depth == 0:
                return j
    return -1


def _keys_in(text: str, start: int, end: int) -> list[CiteKey]:
    content = text[start:end]
    masked = re.sub(r"%[^\n]*", lambda m: " " * len(m.group(0)), content)  # comments are not keys
    keys, at = [], 0
    for part in masked.split(","):
        stripped = part.strip()
        if stripped:
            offset = part.index(stripped)
            keys.append(CiteKey(stripped, start + at + offset, start + at + offset + len(stripped),
                                start + at, start + at + len(part)))
        at += len(part) + 1
    return keys


@dataclass(frozen=True)
class Citation:
    key: str
    section: str | None
    source: Source
    generated: bool


def _context():
    from pylatexenc import macrospec
    from pylatexenc.latexwalker import get_default_latex_context_db

    db = get_default_latex_context_db().filter_context(keep_categories=["latex-base"])
    specs = [macrospec.MacroSpec(name, "*[[{") for name in CITE_MACROS]
    specs += [macrospec.MacroSpec("input", "{"), macrospec.MacroSpec("include", "{")]
    db.add_context_category("surveybib", macros=specs, prepend=True)
    return db


def read_citations(main: Path, sections: set[str]) -> tuple[list[Citation], list[Source]]:
    """Every citation of the project that ``main`` starts, in reading order, and the
    places of ``\\input``s that are not in the project (TeX's own files, or missing)."""
    from pylatexenc.latexwalker import LatexCommentNode, LatexMacroNode, LatexWalker

    context = _context()
    found: list[Citation] = []
    outside: list[Source] = []
    seen: set[Path] = set()
    if not main.is_file():
        raise InputError("no such file", file=str(main))

    def walk_file(path: Path, section: str | None, where: Source | None = None) -> None:
        path = path if path.suffix == ".tex" else path.with_suffix(".tex")
        if path in seen:
            return
        if not path.is_file():
            outside.append(where)
            return
        seen.add(path)
        if path.stem in sections:
            section = path.stem
        text = path.read_text("utf-8", errors="replace")
        generated = "generated" in path.parts
        walker = LatexWalker(text, latex_context=context, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        walk_nodes(nodes, text, path, section, generated)

    def walk_nodes(nodes, text: str, path: Path, section: str | None, generated: bool) -> str | None:
        for node in nodes or ():
            if node is None:
                continue
            if isinstance(node, LatexCommentNode):
                switch = _SECTION_COMMENT.search("%" + node.comment)
                if switch:
                    section = switch.group(1)
            elif isinstance(node, LatexMacroNode):
                args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
                if node.macroname in CITE_MACROS:
                    line = text.count("\n", 0, node.pos) + 1
                    end = node.pos + 1 + len(node.macroname)
                    for start, stop in _key_groups(text, end, node.macroname in MULTI_CITE_MACROS):
                        for key in _keys_in(text, start, stop):
                            found.append(Citation(key.key, section, Source(str(path), line), generated))
                elif node.macroname in ("input", "include") and args:
                    target = args[-1].latex_verbatim().strip("{} ")
                    where = Source(str(path), text.count("\n", 0, node.pos) + 1)
                    walk_file(main.parent / target, section, where)
                for arg in args:
                    walk_nodes([arg], text, path, section, generated)
            elif hasattr(node, "nodelist"):
                section = walk_nodes(node.nodelist, text, path, section, generated) or section
        return section

    walk_file(main, None)
    return found, outside

