"""GitHub Actions workflow commands (``::warning file=...,line=...,title=...::message``).

Text from the bib reaches them, so it is escaped as the runner's toolkit reads it back:
``%``, CR and LF in the message; also ``:`` and ``,`` in property values. Otherwise a
title with a newline could start a command of its own (``::add-mask::``, ``::stop-commands::``).
"""

from __future__ import annotations

LEVELS = ("error", "warning", "notice")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, *, file: str | None = None, line: int | None = None,
               title: str | None = None) -> str:
    """One workflow command line; ``level`` is error, warning or notice."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    props = [f"file={escape_property(file)}"] if file else []
    props += [f"line={int(line)}"] if line else []
    props += [f"title={escape_property(title)}"] if title else []
    return f"::{level} {','.join(props)}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"
