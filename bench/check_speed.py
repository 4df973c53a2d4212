"""How long `surveybib check bib/survey.bib` takes as a whole process, against a process that
only parses the same bib with bibtexparser (the issue's yardstick: at most 2x).

    python bench/check_speed.py [RUNS]

Each command runs RUNS times (default 9) as a fresh process; the table gives the median wall
time and the median CPU time (user + system, which a busy machine disturbs less). Bytecode is
compiled first and written (a user's installed package has it). "check, stamped" is the run a
pre-commit hook makes after `sync`; "check, no stamp" renders every output for O001, as the
first check after a change and every CI run (a fresh cache folder) do.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIB = "bib/survey.bib"


def measure(command: list[str], env, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds; ``env`` is a dict, or a function giving one per run."""
    walls, cpus = [], []
    for _ in range(runs):
        run_env = env() if callable(env) else env
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "surveybib")], env=env, check=True)
    surveybib = [sys.executable, "-m", "surveybib"]
    with tempfile.TemporaryDirectory() as stamped_cache, tempfile.TemporaryDirectory() as scratch:
        stamped = {**env, "XDG_CACHE_HOME": stamped_cache}
        subprocess.run([*surveybib, "check", BIB], cwd=ROOT, env=stamped, capture_output=True, check=False)
        rows = [
            ("bibtexparser parse only", [sys.executable, "-c",
             f"import bibtexparser; bibtexparser.parse_string(open({BIB!r}).read())"], env),
            ("python -c pass", [sys.executable, "-c", "pass"], env),
            ("surveybib check, stamped", [*surveybib, "check", BIB], stamped),
            ("surveybib check --select D", [*surveybib, "check", BIB, "--select", "D"], stamped),
            ("surveybib check, no stamp", [*surveybib, "check", BIB],
             lambda: {**env, "XDG_CACHE_HOME": tempfile.mkdtemp(dir=scratch)}),  # a fresh cache each run
        ]
        results = [(name, *measure(command, e, runs)) for name, command, e in rows]
    base_wall, base_cpu = results[0][1], results[0][2]
    print(f"{BIB}: {sum(1 for line in open(ROOT / BIB) if line.startswith('@') and not line.startswith('@comment'))} "
          f"entries; median of {runs} runs")
    print("| process | wall s | x parse | cpu s | x parse |")
    print("|---|---:|---:|---:|---:|")
    for name, wall, cpu in results:
        print(f"| {name} | {wall:.3f} | {wall / base_wall:.1f} | {cpu:.3f} | {cpu / base_cpu:.1f} |")


if __name__ == "__main__":
    main()
