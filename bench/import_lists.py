"""Benchmark: `import` of large markdown lists (issue 13, item 7).

Usage: python bench/import_lists.py [SIZES...]   (default: 1000 3000 4000)

Two cases per size, each timed in this process after one warm-up import:

* **hand-written list**: SIZE bullets in the corpus's shapes (venue-first, ``<ins>``,
  bold tags, tables with a Pub. & Date column), cycling through them with distinct
  titles and arXiv ids, under year headings; imported into an empty bib;
* **rendered README**: the bib of SIZE entries generated from the survey
  (bench/generate.py), rendered by surveybib, then imported back into that bib
  (the three-way README merge).

Prints a markdown table of seconds; the issue asks < 5 s for 3,000 items and a
README import that grows linearly with its size.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from surveybib import Survey, api, import_list  # noqa: E402

SHAPES = [
    "- {year}-ICLR-[{title}](https://openreview.net/forum?id=x{n})",
    "- {title}, <ins>NeurIPS, {year}</ins> [[Paper](https://arxiv.org/abs/{arxiv})] [[Code](https://github.com/a/b{n})]",
    "- **[CVPR {year}]** {title} [[Paper]](https://arxiv.org/abs/{arxiv})",
    "- [[arXiv](https://arxiv.org/abs/{arxiv})] {title} [[code](https://github.com/c/d{n})]",
    "1. {title}. Ada Lovelace, Alan Turing. ICML {year}",
]


WORDS = ("Sparse Quantized Distilled Pruned Efficient Fast Tiny Compact Lossless Adaptive Dynamic Binary "
         "Structured Latent Scalable Robust Accurate Lightweight Frugal Streaming").split()


def hand_written(size: int) -> str:
    lines = ["# A list", ""]
    for n in range(size):
        if n % 100 == 0:
            lines += ["", f"### {2015 + n // 100 % 10}", ""]
        year = 2015 + n % 10
        arxiv = f"{year % 100:02d}{n % 12 + 1:02d}.{n:05d}"
        title = f"{WORDS[n % len(WORDS)]} {WORDS[n * 7 % len(WORDS)]}: paper {n} on efficient models"
        lines.append(SHAPES[n % len(SHAPES)].format(year=year, title=title, n=n, arxiv=arxiv))
    return "\n".join(lines) + "\n"


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}\n")
    print("| items | hand-written list (s) | rendered README (s) |")
    print("|---:|---:|---:|")
    import_list(Survey(), hand_written(50), file="warm.md")
    for size in sizes:
        text = hand_written(size)
        listed = timed(lambda text=text: import_list(Survey(), text, file="list.md"))
        survey, _ = api.parse_bib(generate(size))
        readme, _ = api.render_list(survey)
        rendered = timed(lambda survey=survey, readme=readme: import_list(survey, readme, file="README.md"))
        print(f"| {size} | {listed:.2f} | {rendered:.2f} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 3000, 4000])
