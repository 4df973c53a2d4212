"""How long `surveybib check bib/survey.bib` takes as a whole process, against a process that
only parses the same bib with bibtexparser (the issue's yardstick: at most 2x).

    python bench/check_speed.py [RUNS]

Each command runs RUNS times (default 9) as a fresh process, the commands taking turns
round by round; the table gives the median wall time and the median CPU time (user + system, which a busy machine disturbs less). Bytecode is
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


def once(command: list[str], env) -> tuple[float, float]:
    """Wall and CPU seconds of one run; ``env`` is a dict, or a function giving one per run."""
    run_env = env() if callable(env) else env
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


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
        # Round by round, every command once: a machine that slows down slows them all alike.
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in rows}
        for _ in range(runs):
            for name, command, run_env in rows:
                times[name].append(once(command, run_env))
        results = [(name, statistics.median(w for w, _ in times[name]), statistics.median(c for _, c in times[name]))
                   for name, _, _ in rows]
    base_wall, base_cpu = results[0][1], results[0][2]
    print(f"{BIB}: {sum(1 for line in open(ROOT / BIB) if line.startswith('@') and not line.startswith('@comment'))} "
          f"entries; median of {runs} runs")
    print("| process | wall s | x parse | cpu s | x parse |")
    print("|---|---:|---:|---:|---:|")
    for name, wall, cpu in results:
        print(f"| {name} | {wall:.3f} | {wall / base_wall:.1f} | {cpu:.3f} | {cpu / base_cpu:.1f} |")


if __name__ == "__main__":
    main()
