"""Deterministic large bibs built from the real entries of bib/survey.bib.

Entry i is real entry i % n with its key suffixed. Its title is the real one in the first
round; in later rounds it is a new title of the same length, drawn word by word (with a
fixed seed) from the words of all real titles, so titles do not pile up as near-duplicates
of each other as the bib grows. Every 50th entry repeats the title before it with a
subtitle added: a planted near-duplicate, at the same rate (2%) at every size. The field
mix (authors, venues, braces, URLs, sections) is that of the survey.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from surveybib import load_bib, write_bibtex  # noqa: E402
from surveybib.model import Survey  # noqa: E402


def generate(size: int, source: Path = ROOT / "bib" / "survey.bib") -> str:
    survey, _ = load_bib(source)
    real = survey.entries
    words = sorted({w for e in real for w in e.fields["title"].split() if w.count("{") == w.count("}")})
    rng = random.Random(20261128)
    entries = []
    for i in range(size):
        entry = real[i % len(real)].replace()
        round_ = i // len(real)
        entry.key = f"{entry.key}x{round_}"
        if i % 50 == 49:  # a planted near-duplicate: the title before, with a subtitle
            entry.fields["title"] = entries[-1].fields["title"] + ": an extended version"
        elif round_:
            length = len(entry.fields["title"].split())
            entry.fields["title"] = " ".join(rng.choice(words) for _ in range(length))
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


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write generated bibs of real entries, one per size.")
    parser.add_argument("sizes", nargs="+", type=int, metavar="SIZE", help="number of entries (e.g. 10000)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="folder (default: bench/out)")
    args = parser.parse_args(argv)
    if any(size < 1 for size in args.sizes):
        parser.error("a size is a positive number of entries")
    for size in args.sizes:
        print(ensure(size, args.out))


if __name__ == "__main__":
    main()
