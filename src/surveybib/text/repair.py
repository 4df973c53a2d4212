"""Damaged characters: UTF-8 that was decoded as Latin-1 or cp1252 once too often."""

from __future__ import annotations

import re

_SUSPECT = re.compile(r"[ÃÂâð][\u0080-\u00bf\s]|[ÃÂ][\u00a0-\u00ff]|\ufffd")


def repair_text(text: str) -> tuple[str, str | None]:
    """Text with double-encoded UTF-8 repaired (by ftfy), and a finding code if any.

    ``I020``: repaired. ``I021``: damage remains that cannot be repaired unambiguously.
    """
    if text.isascii():
        return text, None
    import ftfy

    fixed = ftfy.fix_encoding(text)
    if _SUSPECT.search(fixed):
        return fixed, "I021"
    return fixed, ("I020" if fixed != text else None)
