"""Benchmark: import and fmt on hostile sizes, where quadratic code would hang CI.

Usage: python bench/hostile.py [SCALE...]   (default: 1 4; SCALE multiplies every case's size)

Each case is a markdown list built in memory: one very long line (spaces, repeated badge,
link or image prefixes, a venue tag padded with spaces, a heading of ``#``), or many items
that clash (20,000 titles with one key base, 10,000 headings). Each runs in a fresh
process: ``import_list`` into an empty survey, ``write_bibtex``, then ``format_bib`` of that
text (what ``surveybib import`` and ``surveybib fmt`` do, without the files). Linear code
takes about SCALE times as long at SCALE; quadratic code SCALE squared. Prints a table.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import machine  # noqa: E402

# name -> (the list as a Python expression of N, N at scale 1, what N counts)
CASES = {
    "line of spaces": ('"## S\\n* T" + " " * N + "x [[Paper]](https://example.org/p)\\n"', 1_000_000, "spaces"),
    "badge prefixes": ('"## S\\n* T [[Paper]](https://example.org/p) " + "![](https://img.shields.io/badge/" * N + "\\n"', 50_000, "prefixes"),
    "image prefixes": ('"## S\\n* T [[Paper]](https://example.org/p) " + "![](b" * N + " x\\n"', 200_000, "prefixes"),
    "link prefixes": ('"## S\\n* T [[Paper]](https://example.org/p) " + "[a](b" * N + " x)\\n"', 200_000, "prefixes"),
    "[[label]] prefixes": ('"## S\\n* T [[Paper]](https://example.org/p) " + "[[a]]b" * N + " x)\\n"', 200_000, "prefixes"),
    "venue tag of spaces": ('"## S\\n* **[a" + " " * N + "x]** T [[Paper]](https://example.org/p)\\n"', 1_000_000, "spaces"),
    "heading of #": ('"## S" + "#" * N + "x\\n* T [[Paper]](https://example.org/p)\\n"', 1_000_000, "characters"),
    "one key base": ('"## S\\n" + "".join(f"* Diffusion models variant {i} [[Paper]](https://example.org/{i})\\n" for i in range(N))', 20_000, "items"),
    "many headings": ('"# L\\n" + "".join(f"## Part {i}\\n* Paper {i} [[Paper]](https://example.org/{i})\\n" for i in range(N))', 10_000, "headings"),
}

SCRIPT = """
import time
from surveybib import Survey, api
N = {n}
text = {text}
start = time.perf_counter()
survey, _ = api.import_list(Survey(), text, file="hostile.md")
bib = api.write_bibtex(survey)
middle = time.perf_counter()
api.format_bib(bib)
print(len(text), middle - start, time.perf_counter() - middle)
"""


def run_case(text: str, n: int, timeout: float) -> tuple[int, float, float] | None:
    """Characters, import seconds and fmt seconds in a fresh process; None on timeout."""
    try:
        done = subprocess.run([sys.executable, "-c", SCRIPT.format(n=n, text=text)],
                              capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    size, seconds_import, seconds_fmt = done.stdout.split()
    return int(size), float(seconds_import), float(seconds_fmt)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="import and fmt on hostile inputs, at several scales")
    parser.add_argument("scales", nargs="*", type=int, default=[1, 4], metavar="SCALE")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per case (default 600)")
    args = parser.parse_args(argv)
    print(f"Machine: {machine()}\n")
    print("| case | scale | size | input | import s | fmt s |")
    print("|---|---:|---:|---:|---:|---:|")
    started = time.perf_counter()
    for name, (text, n, unit) in CASES.items():
        for scale in args.scales:
            result = run_case(text, n * scale, args.timeout)
            if result is None:
                print(f"| {name} | {scale} | {n * scale:,} {unit} | | > {args.timeout:.0f} | |", flush=True)
                continue
            size, seconds_import, seconds_fmt = result
            print(f"| {name} | {scale} | {n * scale:,} {unit} | {size / 1e6:.1f} MB | {seconds_import:.2f} | {seconds_fmt:.2f} |", flush=True)
    print(f"\n({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
