"""Import and fmt stay linear on hostile sizes: long lines, repeated prefixes, clashing keys.

Each case is an input that a quadratic reader or key scheme takes many minutes on (the
adversarial log measured >120 s for a fifth of these sizes), and that the linear code
reads in seconds. The bound is on the input size, not on time: the case runs in a
child process with a 60 s timeout, which is 10-50x what it needs here and 10x less
than the quadratic code would take. A timeout fails the test instead of hanging CI
(pytest-timeout is not a dependency). Wall time is measured in bench/hostile.py.
"""

import subprocess
import sys

import pytest

# Every case is a markdown list; NAME -> (the list, as a Python expression; entries expected).
CASES = {
    "spaces": ('"## S\\n* T" + " " * 1_000_000 + "x [[Paper]](https://example.org/p)\\n"', 1),
    "tabs-and-spaces": ('"## S\\n* T" + "\\t " * 500_000 + "x [[Paper]](https://example.org/p)\\n"', 1),
    "badge-prefixes": ('"## S\\n* T [[Paper]](https://example.org/p) " + "![](https://img.shields.io/badge/" * 50_000 + "\\n"', 1),
    "image-prefixes": ('"## S\\n* T [[Paper]](https://example.org/p) " + "![](b" * 200_000 + " x\\n"', 1),
    "link-prefixes": ('"## S\\n* T [[Paper]](https://example.org/p) " + "[a](b" * 200_000 + " x)\\n"', 1),
    "double-link-prefixes": ('"## S\\n* T [[Paper]](https://example.org/p) " + "[[a]]b" * 200_000 + " x)\\n"', 1),
    "venue-tag-spaces": ('"## S\\n* **[a" + " " * 1_000_000 + "x]** T [[Paper]](https://example.org/p)\\n"', 1),
    "ins-venue-spaces": ('"## S\\n* T, <ins>a" + " " * 1_000_000 + "x</ins> [[Paper]](https://example.org/p)\\n"', 1),
    "ins-prefixes": ('"## S\\n* T, " + "<ins>a" * 200_000 + " [[Paper]](https://example.org/p)\\n"', 1),
    "heading-hashes": ('"## S" + "#" * 1_000_000 + "x\\n* T [[Paper]](https://example.org/p)\\n"', 1),
    "one-key-base": ('"## S\\n" + "".join(f"* Diffusion models variant {i} [[Paper]](https://example.org/{i})\\n" for i in range(20_000))', 20_000),
    "many-headings": ('"# L\\n" + "".join(f"## Part {i}\\n* Paper {i} [[Paper]](https://example.org/{i})\\n" for i in range(10_000))', 10_000),
}

SCRIPT = """
import sys
from surveybib import Survey, api
text = {text}
survey, records = api.import_list(Survey(), text, file="hostile.md")
bib = api.write_bibtex(survey)
assert api.format_bib(bib) == bib  # fmt on the bib the import wrote
print(len(survey.entries))
"""


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_import_and_fmt_finish_on_hostile_sizes(case):
    text, entries = CASES[case]
    try:
        done = subprocess.run([sys.executable, "-c", SCRIPT.format(text=text)],
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: import + fmt did not finish in 60 s; a step is not linear in the input size")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == [str(entries)]
    assert done.stderr == ""  # and nothing printed on the way (pylatexenc warnings, say)
