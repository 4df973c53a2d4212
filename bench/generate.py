"""Deterministic large bibs built from the real entries of bib/survey.bib.

Entry i is real entry i % n with its key suffixed and its title's words rotated and
numbered, so every key is unique, titles do not all look like near-duplicates of each
other, and the field mix (lengths, braces, URLs, sections) is that of the survey.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from surveybib import load_bib, write_bibtex  # noqa: E402
from surveybib.model import Survey  # noqa: E402


def generate(size: int, source: Path = ROOT / "bib" / "survey.bib") -> str:
    survey, _ = load_bib(source)
    real = survey.entries
    entries = []
    for i in range(size):
        entry = real[i % len(real)].replace()
        round_ = i // len(real)
        entry.key = f"{entry.key}x{round_}"
        if round_:  # another title of the same make-up: its words rotated, and numbered
            words = entry.fields["title"].split(" ")
            turn = round_ % len(words)
            entry.fields["title"] = " ".join(words[turn:] + words[:turn]) + f" {round_}"
        entry.sections = {slug: pos + round_ * 1000 for slug, pos in entry.sections.items()}
        entries.append(entry)
    return write_bibtex(Survey(survey.sections, entries))


def ensure(size: int, folder: Path) -> Path:
    """The generated bib of ``size`` entries in ``folder``, made once."""
    path = folder / f"survey-{size}.bib"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(generate(size), encoding="utf-8")
    return path


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(ensure(int(arg), ROOT / "bench" / "out"))
