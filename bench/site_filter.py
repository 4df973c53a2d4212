"""Benchmark: one keystroke in the page's search box, with N papers, in Debian's chromium.

Usage: python bench/site_filter.py [SIZES...]   (default: 245 10000; 245 is the survey itself)

Builds the page (surveybib site) from a generated bib of N real-looking entries (see
generate.py), opens it from file:// in headless chromium (driven by playwright, as the
tests do) and types queries key by key. For each keystroke it reports, measured in the
page with performance.now():

* handler + layout: the input event's handler (filter, count, hash) and the forced
  style and layout that follow (``document.body.offsetHeight``);
* to next frame: from the event to the next animation frame after it, which is when the
  reader sees the result.

Prints a markdown table (median and worst keystroke per size) and the machine.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from generate import ensure  # noqa: E402

from surveybib import api, project  # noqa: E402
from surveybib.config import Config  # noqa: E402
from surveybib.site import plan_site  # noqa: E402

CHROMIUM = os.environ.get("SURVEYBIB_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERIES = ["diffusion", "consistency models", "song", "xyz"]  # many hits, few, an author, none

KEYSTROKE = """async (text) => {
  const input = document.getElementById("q");
  const t0 = performance.now();
  input.value = text;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  document.body.offsetHeight;
  const t1 = performance.now();
  await new Promise(resolve => requestAnimationFrame(() => resolve()));
  const t2 = performance.now();
  return [t1 - t0, t2 - t0, document.getElementById("count").textContent];
}"""


def build(size: int, folder: Path) -> Path:
    bib = ROOT / "bib" / "survey.bib" if size == 245 else ensure(size, HERE / "out")
    config = Config(folder, bib, folder / "README.md", site=folder / "site")
    survey, _ = api.load_bib(bib)
    project.write_all(plan_site(config, survey))
    return folder / "site" / "index.html"


def measure(page_path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                                args=FLAGS, viewport={"width": 1100, "height": 900})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(page_path.as_uri(), wait_until="load")
        load = time.perf_counter() - start
        handler, frame = [], []
        for query in QUERIES:
            page.evaluate(KEYSTROKE, "")
            for end in range(1, len(query) + 1):
                h, f, _ = page.evaluate(KEYSTROKE, query[:end])
                handler.append(h)
                frame.append(f)
        version = context.browser.version if context.browser else "?"
        context.close()
    return {"load": load, "handler_median": statistics.median(handler), "handler_max": max(handler),
            "frame_median": statistics.median(frame), "frame_max": max(frame), "keys": len(handler),
            "chromium": version}


def main(sizes: list[int]) -> None:
    print(f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            page = build(size, Path(folder))
            built = time.perf_counter() - started
            kib = page.stat().st_size / 1024
            result = measure(page)
        rows.append((size, kib, built, result))
    print(f"Chromium {rows[0][3]['chromium']}; {rows[0][3]['keys']} keystrokes per size, queries {QUERIES}; "
          f"load average {os.getloadavg()[0]:.1f} at the end\n")
    print("| papers | index.html | build | page load | handler + layout, median / worst | to next frame, median / worst |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, kib, built, r in rows:
        print(f"| {size} | {kib:.0f} KiB | {built:.1f} s | {r['load'] * 1000:.0f} ms | "
              f"{r['handler_median']:.1f} / {r['handler_max']:.1f} ms | {r['frame_median']:.1f} / {r['frame_max']:.1f} ms |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [245, 10000])
