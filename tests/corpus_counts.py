"""Independent paper counts for the corpus lists in tests/data/corpus/.

Written by reading each list, not with surveybib: one small function per list that
knows that list's layout and returns ``(line, title)`` for every paper it holds.
Each count was cross-checked against a plain ``grep -c`` (the command is in
tests/data/corpus/SOURCES.md). Run ``python tests/corpus_counts.py`` to print them.
"""

from __future__ import annotations

import re
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "corpus"


def _lines(name: str) -> list[tuple[int, str]]:
    text = (CORPUS / name).read_text("utf-8")
    return list(enumerate(text.splitlines(), start=1))


def _headings(name: str):
    """(line, level, text) of ATX headings outside code fences, and a lookup of the current one."""
    fence = False
    for number, line in _lines(name):
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        match = re.match(r"^(#{1,6})\s*(.*?)\s*$", line)
        if match and not fence:
            yield number, len(match.group(1)), match.group(2)


def _under(name: str, wanted) -> set[int]:
    """Line numbers whose nearest heading satisfies ``wanted(text)``."""
    heads = list(_headings(name))
    inside, current = set(), None
    for number, _ in _lines(name):
        if heads and number == heads[0][0]:
            current = heads.pop(0)[2]
            continue
        if current is not None and wanted(current):
            inside.add(number)
    return inside


def _plain(text: str) -> str:
    text = re.sub(r"\*\*|__|`", "", text)
    return re.sub(r"\s+", " ", text).strip()


def mingsun(name="mingsun-efficient-dl.md"):
    # "-   2018-ICLR-[Title](url)", "-   2018.11-[Title](url)", "- 2022-[Title](url)"
    rx = re.compile(r"^\s*-\s+\d{4}(?:\.\d+)?(?:-[^\[]*)?-\[(.+?)\]\(")
    return [(n, m.group(1)) for n, line in _lines(name) if (m := rx.match(line))]


def aiot(name="aiot-efficient-llms.md"):
    # "- Title, <ins>VENUE, YEAR</ins> [[Paper](url)]"
    rx = re.compile(r"^\s*-\s+(.+?),?\s*<ins>[^<]*</ins>")
    return [(n, _plain(m.group(1))) for n, line in _lines(name) if (m := rx.match(line))]


def htqin(name="htqin-quantization.md"):
    # "- [[VENUE](url)] Title [[code](url)]![stars](...)"
    # (the title ends before a keyword tag "[**`bnn`**]" or "[__`bnn`__]" too)
    rx = re.compile(r"^\s*-\s+\[\[[^\]]*\]\([^)]*\)\]\s*(.+?)(?:\s*\[\[|\s*\[(?:\*\*|__)|!\[|$)")
    return [(n, _plain(m.group(1))) for n, line in _lines(name) if (m := rx.match(line))]


def _table_rows(name: str, title_header=("title",)):
    """Data rows of tables whose first header cell is one of ``title_header``."""
    rows, in_table, header_ok = [], False, False
    lines = _lines(name)
    for index, (number, line) in enumerate(lines):
        if not line.strip().startswith("|") and "|" not in line:
            in_table = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not in_table:
            following = lines[index + 1][1] if index + 1 < len(lines) else ""
            if re.match(r"^\s*\|?\s*:?-{2,}", following):
                in_table = True
                header_ok = cells[0].lower().strip("* ") in title_header
            continue
        if re.match(r"^\s*\|?\s*:?-{2,}", line):
            continue
        if header_ok:
            rows.append((number, cells))
    return rows


def _first_link_text(cell: str) -> str:
    # the first [text](url) whose text is not an image
    for match in re.finditer(r"(?<!!)\[((?:[^\[\]]|\[[^\]]*\])+)\]\(([^)]*)\)", cell):
        if not match.group(1).startswith("!["):
            return _plain(match.group(1))
    return _plain(cell)


def hey(name="hey-pruning.md"):
    return [(n, _first_link_text(cells[0])) for n, cells in _table_rows(name)]


def flhonker(name="flhonker-kd.md"):
    # "1. Title. Authors et al. VENUE YYYY [[code]][1.10]" -- the title ends at the first ". ",
    # or at a link right after it ("23. Title [paper](url)")
    rx = re.compile(r"^\s*\d+\.\s+(.+?)(?:\.\s|\s\[|\.?$)")
    return [(n, _plain(m.group(1))) for n, line in _lines(name) if (m := rx.match(line))]


def diffusion(name="diffusion-models.md"):
    # bold-title blocks "**Title** \" under "Introductory Papers" and the "# Papers" part
    papers_from = next(n for n, level, text in _headings(name) if level == 1 and text == "Papers")
    intro = _under(name, lambda h: h == "Introductory Papers")
    rx = re.compile(r"^\*\*(.+?)\*\*\s*\\?\s*$")
    return [(n, _plain(m.group(1))) for n, line in _lines(name)
            if (m := rx.match(line)) and (n > papers_from or n in intro)]


def zhendong(name="zhendong-quantization.md"):
    # '- "Title", VENUE, YEAR. [[paper](url)]' (one item wraps its title over two lines)
    rx = re.compile(r'^\s*-\s+"(.+?)(?:"|$)')
    return [(n, _plain(m.group(1))) for n, line in _lines(name) if (m := rx.match(line))]


def tebmer(name="tebmer-kd-llms.md"):
    return [(n, _first_link_text(cells[0])) for n, cells in _table_rows(name)]


def horseee(name="horseee-efficient-llm.md"):
    # "| [![Star]...] [![Publish]...] <br> :star: [Title](url) <br> Authors | intro | links |"
    rows = _table_rows(name, title_header=("title & authors",))
    return [(n, _first_link_text(cells[0])) for n, cells in rows]


def huangowen(name="huangowen-llm-compression.md"):
    # "- Title <br> VENUE YYYY [[Paper]](url)"
    rx = re.compile(r"^\s*-\s+(.+?)\s*<br>")
    return [(n, _plain(m.group(1))) for n, line in _lines(name) if (m := rx.match(line))]


def dkozlov(name="dkozlov-kd.md"):
    # "- [Title](url), Authors, YEAR" in the Papers section only (videos and code are not papers);
    # one paper has its title in brackets and no URL: "- [Title], Authors"
    papers = _under(name, lambda h: h == "Papers")
    rx = re.compile(r"^\s*-\s+\[(.+?)\](?:\(|,)")
    return [(n, _plain(m.group(1))) for n, line in _lines(name) if n in papers and (m := rx.match(line))]


def bradyfu(name="bradyfu-mllm.md"):
    # the table rows, and the bold-title bullets of the "Highlights" part at the top
    # ("- 🌟 **Title**" then "VENUE YYYY, [Paper](url)"); the first count (114) missed these 9
    highlights = [(n, m.group(1)) for n, line in _lines(name)
                  if (m := re.match(r"^-\s+(?:🌟\s*)?\*\*(.+?)\*\*\s*$", line))]
    return highlights + [(n, _first_link_text(cells[0])) for n, cells in _table_rows(name)]


def chenhsing(name="chenhsing-video-diffusion.md"):
    return [(n, _first_link_text(cells[0])) for n, cells in _table_rows(name)]


def cedrickchee(name="cedrickchee-compression.md"):
    # "- [Title](url) ..." under the Papers part (its subsections), not "Other lists"
    heads = list(_headings(name))
    start = next(n for n, level, text in heads if text == "Papers")
    end = next(n for n, level, text in heads if level == 2 and n > start)
    rx = re.compile(r"^-\s+\[(.+?)\]\((https?://[^)]*)\)")
    found = []
    for n, line in _lines(name):
        if start < n < end and (m := rx.match(line)) and "github.com" not in m.group(2):
            found.append((n, re.sub(r"\s*\(\d{4}\)$", "", _plain(m.group(1)))))
    return found


COUNTERS = {
    "mingsun-efficient-dl.md": mingsun,
    "aiot-efficient-llms.md": aiot,
    "htqin-quantization.md": htqin,
    "hey-pruning.md": hey,
    "flhonker-kd.md": flhonker,
    "diffusion-models.md": diffusion,
    "zhendong-quantization.md": zhendong,
    "tebmer-kd-llms.md": tebmer,
    "horseee-efficient-llm.md": horseee,
    "huangowen-llm-compression.md": huangowen,
    "dkozlov-kd.md": dkozlov,
    "bradyfu-mllm.md": bradyfu,
    "chenhsing-video-diffusion.md": chenhsing,
    "cedrickchee-compression.md": cedrickchee,
}


def expected_papers(name: str) -> list[tuple[int, str]]:
    return COUNTERS[name]()


if __name__ == "__main__":
    for list_name, counter in COUNTERS.items():
        print(f"{len(counter()):5d}  {list_name}")
