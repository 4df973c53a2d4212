"""Benchmark: surveybib against the bare parsers on generated bibs of real entries.

Usage: python bench/run.py [SIZES...]   (default: 1000 10000 100000)

Each measurement runs in a fresh process (so imports and memory are counted as a user
pays them) and reports wall time and peak memory (max RSS). Prints a markdown table.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import ensure  # noqa: E402

# name -> the command of one task; PY stands for this Python, BIB for the generated bib;
# every task runs in a fresh project folder holding the bib as bib/survey.bib (for sync).
TASKS = {
    "bibtexparser v2 parse_file (default stack)": ["PY", "-c", "import bibtexparser; bibtexparser.parse_file('BIB')"],
    "pybtex parse_file": ["PY", "-c", "from pybtex.database import parse_file; parse_file('BIB')"],
    "surveybib parse (load_bib)": ["PY", "-c", "from surveybib import load_bib; load_bib('BIB')"],
    "surveybib fmt --check": ["PY", "-m", "surveybib", "fmt", "--check", "BIB"],
    "surveybib check (every rule, report printed)": ["PY", "-m", "surveybib", "check", "BIB"],
    "surveybib check --select D (duplicate rules only)": ["PY", "-m", "surveybib", "check", "--select", "D", "BIB"],
    "surveybib sync (list, LaTeX, 32 exports written)": ["PY", "-m", "surveybib", "sync"],
}
# bibtex-tidy (npm), installed with: npm install --prefix bench/node bibtex-tidy@1.14.0
BIBTEX_TIDY = HERE / "node" / "node_modules" / ".bin" / "bibtex-tidy"


def measure_command(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Seconds and peak MiB of a command (a fresh process), by GNU time."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], capture_output=True, text=True, cwd=cwd)
    if done.returncode not in (0, 1):  # check exits 1 when it finds errors
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
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


def project(bib: Path) -> Path:
    """A fresh project folder: the bib as bib/survey.bib, empty latex/ and bib/exports/."""
    root = bib.parent / f"project-{bib.stem}"
    shutil.rmtree(root, ignore_errors=True)
    (root / "bib" / "exports").mkdir(parents=True)
    (root / "latex").mkdir()
    shutil.copyfile(bib, root / "bib" / "survey.bib")
    # its own config, so that surveybib does not find the repository's pyproject.toml above it
    (root / "pyproject.toml").write_text('[tool.surveybib]\nbib = "bib/survey.bib"\n', encoding="utf-8")
    return root


def command(task: list[str], bib: Path) -> list[str]:
    return [arg.replace("PY", sys.executable).replace("BIB", str(bib))
            for arg in task]


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
    entries = sum(1 for line in survey_bib.read_text("utf-8").splitlines() if line.startswith("@") and not line.startswith("@comment"))
    print(f"`surveybib check bib/survey.bib` as a whole process ({entries} entries, with the O001 sync check):"
          f" {whole_process(survey_bib):.2f} s (median of 7)\n")
    print("| entries | file size | task | seconds | peak MiB |")
    print("|---:|---:|---|---:|---:|")
    for size in sizes:
        path = ensure(size, HERE / "out")
        megabytes = path.stat().st_size / 1e6
        for name, task in TASKS.items():
            root = project(path)  # made anew for each task, so sync always writes every output
            seconds, peak = measure_command(command(task, path), cwd=root)
            print(f"| {size:,} | {megabytes:.1f} MB | {name} | {seconds:.2f} | {peak:.0f} |", flush=True)
        if BIBTEX_TIDY.exists():
            copy = path.with_suffix(".tidy.bib")
            copy.write_bytes(path.read_bytes())
            seconds, peak = measure_command([str(BIBTEX_TIDY), str(copy), "--duplicates", "--sort"])
            print(f"| {size:,} | {megabytes:.1f} MB | bibtex-tidy --duplicates --sort | {seconds:.2f} | {peak:.0f} |", flush=True)

    print("\nThe duplicate rules alone (D001-D003: identifier and title dictionaries, blocked fuzzy"
          " titles), timed inside one process after parsing, best of 3:\n")
    print("| entries | seconds | per 1k entries |")
    print("|---:|---:|---:|")
    for size in sizes:
        seconds = duplicate_rules(ensure(size, HERE / "out"))
        print(f"| {size:,} | {seconds:.3f} | {seconds / size * 1000:.4f} |", flush=True)


def duplicate_rules(bib: Path) -> float:
    """Seconds of the duplicate rules alone on a parsed bib (best of 3), in a fresh process."""
    script = (
        "import time\nfrom surveybib import api\n"
        f"survey, _ = api.load_bib({str(bib)!r})\n"
        "best = None\n"
        "for _ in range(3):\n"
        "    start = time.perf_counter(); api.check(survey, select=('D',))\n"
        "    took = time.perf_counter() - start; best = took if best is None else min(best, took)\n"
        "print(best)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return float(done.stdout.strip())


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
