"""Benchmark: surveybib against the bare parsers on generated bibs of real entries.

Usage: python bench/run.py [SIZES...]   (default: 1000 10000 100000)

Each measurement runs in a fresh process (so imports and memory are counted as a user
pays them) and reports wall time and peak memory (max RSS). Prints a markdown table.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import ensure  # noqa: E402

# name -> Python code run in a fresh process with PATH bound to the bib file
TASKS = {
    "bibtexparser v2 parse_file (default stack)": "import bibtexparser; bibtexparser.parse_file(PATH)",
    "surveybib parse": "from surveybib import load_bib; load_bib(PATH)",
    "surveybib parse+fmt": (
        "from surveybib import format_bib, read_text; format_bib(read_text(PATH), file=PATH)"
    ),
    "surveybib check (parse + every rule)": (
        "from surveybib import api; survey, _ = api.load_bib(PATH); api.check(survey)"
    ),
    "pybtex parse_file": "from pybtex.database import parse_file; parse_file(PATH)",
}
# bibtex-tidy (npm), installed with: npm install --prefix bench/node bibtex-tidy@1.14.0
BIBTEX_TIDY = HERE / "node" / "node_modules" / ".bin" / "bibtex-tidy"


def measure_command(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MiB of a command, by GNU time."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], capture_output=True, text=True)
    seconds, kilobytes = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024


def whole_process(bib: Path, runs: int = 7) -> float:
    """Median seconds of `surveybib check BIB` as a process (what a pre-commit hook pays)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "surveybib", "check", str(bib)], capture_output=True, cwd=bib.parent.parent)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def measure(code: str, path: Path) -> tuple[float, float]:
    """Seconds and peak MiB (max RSS) of one fresh Python process running ``code``."""
    script = (
        f"PATH = {str(path)!r}\n{code}\n"
        "import resource, sys\n"
        "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(done.stdout.strip().splitlines()[-1]) / 1024


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(__import__("os").sched_getaffinity(0))
    return f"{cpu}, {cores} cores, Python {platform.python_version()}"


def main(sizes: list[int]) -> None:
    print(f"Machine: {machine()}\n")
    survey_bib = HERE.parent / "bib" / "survey.bib"
    print(f"`surveybib check bib/survey.bib` as a whole process (246 entries, with the O001 sync check):"
          f" {whole_process(survey_bib):.2f} s (median of 7)\n")
    print("| entries | file size | task | seconds | peak MiB |")
    print("|---:|---:|---|---:|---:|")
    for size in sizes:
        path = ensure(size, HERE / "out")
        megabytes = path.stat().st_size / 1e6
        for name, code in TASKS.items():
            seconds, peak = measure(code, path)
            print(f"| {size:,} | {megabytes:.1f} MB | {name} | {seconds:.2f} | {peak:.0f} |", flush=True)
        if BIBTEX_TIDY.exists():
            copy = path.with_suffix(".tidy.bib")
            copy.write_bytes(path.read_bytes())
            seconds, peak = measure_command([str(BIBTEX_TIDY), str(copy), "--duplicates", "--sort"])
            print(f"| {size:,} | {megabytes:.1f} MB | bibtex-tidy --duplicates --sort | {seconds:.2f} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
