"""The pybtex plugins, run the way pybtex users run them: pybtex-convert and a style lookup."""

import subprocess
import sys
from pathlib import Path

from .conftest import SEED

PYBTEX_CONVERT = Path(sys.executable).parent / "pybtex-convert"


def test_pybtex_convert_reads_and_writes_the_markdown_list(tmp_path):
    lines = SEED.read_text("utf-8").splitlines()
    start = lines.index("## Part 6: Efficient Deployment And Usage")
    (tmp_path / "list.md").write_text("\n".join(lines[start:start + 13]) + "\n")
    to_bib = subprocess.run([str(PYBTEX_CONVERT), "-f", "markdown", "-t", "bibtex", "list.md", "out.bib"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert to_bib.returncode == 0, to_bib.stderr
    from pybtex.database import parse_file

    bib = parse_file(tmp_path / "out.bib")
    assert len(bib.entries) == 7
    assert bib.entries["distrifusion2024distributed"].fields["booktitle"] == (
        "IEEE/CVF Conference on Computer Vision and Pattern Recognition")
    back = subprocess.run([str(PYBTEX_CONVERT), "-f", "bibtex", "-t", "markdown", "out.bib", "back.md"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert back.returncode == 0, back.stderr
    text = (tmp_path / "back.md").read_text()
    assert "* Distrifusion: Distributed parallel inference for high resolution diffusion models [[Paper]]" \
        "(https://openaccess.thecvf.com/content/CVPR2024/papers/Li_DistriFusion_Distributed_Parallel_Inference" in text
    assert text.count("<!-- surveybib ") == 7


def test_the_surveylist_style_formats_a_bibliography():
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", "surveylist")()
    bib = parse_string("@inproceedings{x, author = {Ho, Jonathan and Jain, Ajay}, title = {Denoising Diffusion"
                       " Probabilistic Models}, booktitle = {NeurIPS}, year = {2020}}", "bibtex")
    (entry,) = style.format_bibliography(bib).entries
    assert entry.text.render_as("text") == "Denoising Diffusion Probabilistic Models. Jonathan Ho and Ajay Jain. NeurIPS, 2020."
