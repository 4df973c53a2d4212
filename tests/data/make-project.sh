#!/bin/sh
# Makes tests/data/project/, the small survey project that tests of the tool use instead of
# this repository's own survey: 13 papers in 4 sections, imported with `surveybib init` from
# project-list.md (an excerpt of the seed list), given authors, titles and venues by `enrich`
# from the records of bib/sources/ (so its facts are the project's, each with its source),
# with two edits by hand: PixArt-alpha's year as the project corrected it, and the figures
# (a README region, the LaTeX figure) as in the project's own README and main.tex.
# Only the sources are kept; the tests' `survey_project` fixture runs `surveybib sync`
# for the generated outputs. Run from the repository's root; then read the diff.
set -eu
root=$(pwd)
out=$root/tests/data/project
work=$(mktemp -d)
cd "$work"
surveybib init "$root/tests/data/project-list.md" > /dev/null 2>&1 || true
test -f bib/survey.bib
rm -rf .github .pre-commit-config.yaml latex/generated
surveybib enrich --from "$root/bib/sources/seed-metadata.bib" > /dev/null 2>&1
surveybib enrich --from "$root/bib/sources/published.bib" --fields author,doi,eprint,venue,title > /dev/null 2>&1
python3 - <<'PY'
from pathlib import Path

bib = Path("bib/survey.bib")
text = bib.read_text("utf-8")
start = text.index("@inproceedings{pixartalpha2023fast,")
end = text.index("\n}\n", start)
block = text[start:end].replace("  year = {2023},", "  year = {2024},").replace(
    "  positions =", "  corrected = {year: ICLR 2024, not 2023 as the list's badge said"
    " (https://openreview.net/forum?id=eAKmQPe3m1)},\n  positions =")
bib.write_text(text[:start] + block + text[end:], "utf-8")

readme = Path("bib/README.md")
toc = "<!-- omit in toc -->\n## 📒"
text = readme.read_text("utf-8")
assert text.count(toc) == 1
readme.write_text(text.replace(toc, "<!-- omit in toc -->\n## 📈 The field in numbers\n\n"
                               "<!-- surveybib:begin figures -->\n<!-- surveybib:end -->\n\n" + toc), "utf-8")

main = Path("latex/main.tex")
text = main.read_text("utf-8")
text = text.replace("\\usepackage{url}\n", "\\usepackage{url}\n\\usepackage{pgfplots} % the figures of generated/figures.tex"
                    " (Debian: texlive-pictures)\n\\usepgfplotslibrary{groupplots}\n\\pgfplotsset{compat=1.18}\n")
text = text.replace("\\maketitle\n\n", "\\maketitle\n\n\\input{generated/figures} % added by hand, as in the project's"
                    " own main.tex\n\\clearpage\n\n")
main.write_text(text, "utf-8")
PY
printf 'site = "site"\n' >> pyproject.toml
surveybib fmt bib/survey.bib > /dev/null 2>&1
mkdir bib/exports
surveybib sync > /dev/null 2>&1
rm -rf "$out"
mkdir -p "$out/bib" "$out/latex"
cp pyproject.toml "$out/"
cp bib/survey.bib bib/README.md "$out/bib/"
cp -r latex/main.tex latex/latexmkrc latex/parts "$out/latex/"
rm -rf "$work"
