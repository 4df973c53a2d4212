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
_SECTION_COMMENT = re.compile(r"%\s*surveybib:\s*section\s*=\s*(\S+)")


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
                if node.macroname in CITE_MACROS and args:
                    line = text.count("\n", 0, node.pos) + 1
                    keys = args[-1].latex_verbatim().strip("{}")
                    for key in (k.strip() for k in keys.split(",")):
                        if key:
                            found.append(Citation(key, section, Source(str(path), line), generated))
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

