"""pybtex plugins: the markdown paper list as a database format, and a list style.

Registered as entry points (pyproject.toml), so that ``pybtex-convert -f markdown -t bibtex
LIST.md out.bib`` and ``pybtex-convert -f bibtex -t markdown refs.bib LIST.md`` work, and
``pybtex -s surveylist`` formats a bibliography as the survey's list.
"""

from __future__ import annotations

import re

from pybtex.database.input import BaseParser
from pybtex.database.output import BaseWriter
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle, toplevel
from pybtex.style.template import field, join, names, optional, sentence, tag


class MarkdownParser(BaseParser):
    """A markdown paper list, read by surveybib's list reader."""

    default_suffix = ".md"
    unicode_io = True

    def parse_stream(self, stream):
        from pybtex.database import parse_string

        from ..api import import_list
        from ..model import Survey
        from ..writers.bibtex import write_bibtex

        survey, _ = import_list(Survey(), stream.read(), file=self.filename)
        parsed = parse_string(write_bibtex(survey), "bibtex")
        for key, entry in parsed.entries.items():
            self.data.add_entry(key, entry)
        return self.data


class MarkdownWriter(BaseWriter):
    """A bibliography as a markdown paper list (one section, in the database's order)."""

    unicode_io = True

    def write_stream(self, bib_data, stream):
        from ..api import render_list
        from ..markers import wrap
        from ..model import Section
        from ..readers.bibtex import read_bibtex

        survey, _ = read_bibtex(bib_data.to_string("bibtex"), file="<pybtex>")
        survey.sections = [Section("papers", "Papers", 2)]
        for position, entry in enumerate(survey.entries, start=1):
            entry.sections = {"papers": position}
            # pybtex's BibTeX writer escapes URLs (\_, \%): URLs are verbatim, so undo it.
            entry.links = [link.__class__(link.label, re.sub(r"\\+([_%&#$])", r"\1", link.url)) for link in entry.links]
        text, _ = render_list(survey, wrap("papers", ""))
        stream.write(text)


class SurveyListStyle(BaseStyle):
    """A formatting style that prints each reference as the survey list does: title, authors, venue, year."""

    default_sorting_style = "none"

    def format_entry(self, label, entry, bib_data=None):
        template = toplevel[
            sentence[tag("b")[field("title")]],
            optional[sentence[names("author", sep=", ", sep2=" and ", last_sep=", and ")]],
            sentence[join(sep=", ")[optional[field("booktitle")], optional[field("journal")], optional[field("year")]]],
        ]
        text = template.format_data({"entry": entry, "style": self, "bib_data": bib_data})
        return FormattedEntry(entry.key, text, label)
