"""Plain text (from a markdown list) to BibTeX field text, and back.

Text that came from a list is plain text, never LaTeX: every character that LaTeX
or BibTeX would read as markup is escaped, so a title cannot run a TeX command.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",  # not \{: BibTeX counts that brace and unbalances the field
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",  # plain < > | print as other glyphs in OT1-encoded fonts
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_SPECIAL = re.compile(r"[\\{}&%$#_~^<>|]")
_UNESCAPE = {value: key for key, value in _SPECIALS.items()}
_ESCAPED = re.compile("|".join(re.escape(v) for v in sorted(_UNESCAPE, key=len, reverse=True)))


def escape_plain(text: str) -> str:
    """Plain text as BibTeX/LaTeX text that prints exactly this text."""
    return _SPECIAL.sub(lambda m: _SPECIALS[m.group(0)], text)


def unescape_plain(text: str) -> str:
    """The inverse of :func:`escape_plain` (only undoes what it does)."""
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(0)], text)


# Private-use stand-ins keep our escapes intact while pylatexenc reads the rest.
_STAND_IN = {value: chr(0xE000 + i) for i, value in enumerate(_SPECIALS.values())}
_FROM_STAND_IN = {chr(0xE000 + i): key for i, key in enumerate(_SPECIALS)}
# TeX's ligatures stay as typed, as they do in text without LaTeX commands (which is
# read without pylatexenc): "A--B" must not become "A–B" only because the title also
# holds an accent, or a list round trip would change what its author wrote.
_LIGATURES = ("---", "--", "``", "''", "!`", "?`")
_LIGATURE = re.compile(r"\\.|(" + "|".join(re.escape(lig) for lig in _LIGATURES) + ")", re.DOTALL)  # \\x: a command, never a ligature
_STAND_IN.update({lig: chr(0xE100 + i) for i, lig in enumerate(_LIGATURES)})
_FROM_STAND_IN.update({chr(0xE100 + i): lig for i, lig in enumerate(_LIGATURES)})


def to_latex(text: str) -> str:
    """LaTeX text with its non-ASCII characters written as LaTeX (pylatexenc):
    é -> {\\'e}, α -> {\\ensuremath{\\alpha}}, – -> {\\textendash}. ASCII is left alone,
    and so is a character whose LaTeX form does not read back as itself (ᴋ is no \\textsc{k}),
    so that :func:`plain_text` always gives the text back."""
    if text.isascii():
        return text
    return "".join(_encode_char(char) for char in unicodedata.normalize("NFC", text))


@functools.cache
def _encode_char(char: str) -> str:
    if char.isascii():
        return char
    from pylatexenc.latex2text import LatexNodes2Text
    from pylatexenc.latexencode import unicode_to_latex

    # unknown_char_warning=False: a library never prints ("No known latex representation ...")
    latex = unicode_to_latex(char, non_ascii_only=True, replacement_latex_protection="braces-all",
                             unknown_char_warning=False)
    return latex if LatexNodes2Text().latex_to_text(latex) == char else char


def untypesettable(text: str) -> list[str]:
    """The characters of a LaTeX text that pdflatex cannot typeset with the base setup
    surveybib generates: control characters, and non-ASCII characters with no LaTeX form
    (:func:`to_latex` leaves them as they are, and LaTeX stops with "Unicode character
    ... not set up for use with LaTeX"): Arabic, CJK, emoji, direction marks."""
    found = []
    for char in unicodedata.normalize("NFC", text):
        if char in found or char in "\t\n\r":
            continue
        if (char.isascii() and not char.isprintable()) or (not char.isascii() and _encode_char(char) == char):
            found.append(char)
    return found


def plain_text(value: str) -> str:
    """A BibTeX field value as plain text (for markdown, CSL, RIS).

    Text that holds only :func:`escape_plain` escapes and protective braces (``{GAN}s``)
    is read directly, which is most titles and fast; other LaTeX (``{\\'e}``,
    ``\\emph{...}``) is read by pylatexenc.
    """
    if "\\" not in _ESCAPED.sub("", value):
        return unescape_plain(_ESCAPED.sub(lambda m: m.group(0).replace("{}", "\0"), value)
                              .replace("{", "").replace("}", "").replace("\0", "{}"))
    return _latex_text(value)


@functools.lru_cache(maxsize=65536)
def _latex_text(value: str) -> str:
    marked = _ESCAPED.sub(lambda m: _STAND_IN[m.group(0)], value)
    marked = _LIGATURE.sub(lambda m: _STAND_IN[m.group(1)] if m.group(1) else m.group(0), marked)
    try:
        walker_context, converter = _converter()
        from pylatexenc.latexwalker import LatexWalker

        nodes, _, _ = LatexWalker(marked, latex_context=walker_context, tolerant_parsing=True).get_latex_nodes()
        text = converter.nodelist_to_text(nodes)
    except Exception:  # pylatexenc fails on some malformed input (\href with one argument)
        text = _crude_text(marked)
    text = "".join(_FROM_STAND_IN.get(char, char) for char in text)
    return " ".join(text.split())


# Text macros whose argument pylatexenc's defaults drop (\texttt{--help} read as ""), and
# \href, whose default rendering fails on a missing argument: their text is the title's.
_KEEP_ARGUMENT = ("texttt", "mbox", "textsf", "textup", "textmd", "textsw", "textulc", "textnormal")


@functools.cache
def _converter():
    """pylatexenc's parser context and text converter, with the macros above added."""
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    walker = latexwalker.get_default_latex_context_db().filter_context()
    walker.add_context_category("surveybib", prepend=True, macros=[macrospec.MacroSpec("href", "[{{")])
    text = get_default_latex_context_db().filter_context()
    macros = [MacroTextSpec(name, simplify_repl="%(1)s") for name in _KEEP_ARGUMENT]
    macros.append(MacroTextSpec("href", simplify_repl=lambda node, l2tobj: _href_text(node, l2tobj)))
    text.add_context_category("surveybib", prepend=True, macros=macros)
    return walker, LatexNodes2Text(latex_context=text)


def _href_text(node, l2tobj) -> str:
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    return l2tobj.nodelist_to_text([args[-1]]) if args else ""


def _crude_text(text: str) -> str:
    """LaTeX as text without pylatexenc: command names dropped, braces removed."""
    return re.sub(r"\\[A-Za-z@]+\*?|[{}]", " ", text).replace("\\", " ")
