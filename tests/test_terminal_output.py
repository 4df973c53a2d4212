"""What check prints cannot act on a terminal or a CI log: no raw control characters, and
no key, message or file name can end a GitHub workflow command or start another."""

from .conftest import run_cli

HOSTILE_BIB = "@misc{a\x1b]0;PWNED\x07b,\n  title = {T},\n  year = {2020},\n  eprint = {bad\x1b[31m}\n}\n"
NAME = "x,line=9,title=Y::z\n::error::forged.bib"


def test_github_format_cannot_be_steered_by_a_key_or_a_file_name(tmp_path):
    (tmp_path / NAME).write_text(HOSTILE_BIB)
    done = run_cli("check", "--format", "github", NAME, cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith(("::warning file=", "::error file=")) for line in lines)
    for line in lines:
        properties, message = line.split(" ", 1)[1].split("::", 1)
        assert properties.split(",")[0] == "file=x%2Cline=9%2Ctitle=Y%3A%3Az%0A%3A%3Aerror%3A%3Aforged.bib"
        assert properties.split(",")[1:] in (["line=1", "title=F002"], ["line=1", "title=X001"])
        assert "\x1b" not in message and "\x07" not in message and "a\\x1b]0;PWNED\\x07b: " in message


def test_text_format_prints_one_line_per_finding_and_no_escape_character(tmp_path):
    (tmp_path / NAME).write_text(HOSTILE_BIB)
    done = run_cli("check", NAME, cwd=tmp_path)
    assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout
    findings = [line for line in done.stdout.splitlines() if not line.startswith("    hint:")]
    assert len(findings) == 2
    assert all(line.startswith("x,line=9,title=Y::z\\n::error::forged.bib:1: ") for line in findings)
