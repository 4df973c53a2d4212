"""check's choices are validated: a mistyped code, severity or config key is exit 2, not silence."""

import pytest

from .conftest import run_cli

BIB = "@misc{x, title = {T}, author = {A, B}, year = {20x4}}\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.surveybib]\n")
    (tmp_path / "x.bib").write_text(BIB)
    return tmp_path


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_code_on_the_command_line_is_exit_2(folder, option):
    done = run_cli("check", "x.bib", option, "D0002", cwd=folder)
    assert done.returncode == 2 and "'D0002' is no rule code or prefix" in done.stderr, done.stderr
    assert run_cli("check", "x.bib", option, "D00", cwd=folder).returncode in (0, 1)  # a prefix is fine


@pytest.mark.parametrize("table, message", [
    ('severity = {D002 = "eror"}', "severity of D002 is 'eror'"),
    ('severity = {Q999 = "error"}', "'Q999' is no rule code of check"),
    ('select = ["D0002"]', "'D0002' is no rule code or prefix"),
    ('selct = ["D"]', "unknown [tool.surveybib.check] keys: selct"),
    ('ignore = "D"', "ignore must be a list of codes"),
])
def test_a_mistyped_check_table_is_exit_2(folder, table, message):
    (folder / "pyproject.toml").write_text(f"[tool.surveybib.check]\n{table}\n")
    done = run_cli("check", "x.bib", cwd=folder)
    assert done.returncode == 2 and message in done.stderr and "pyproject.toml" in done.stderr, done.stderr


def test_v007_is_an_error_as_its_rule_says_and_fails_check(folder):
    done = run_cli("check", "x.bib", cwd=folder)
    assert "V007 [error]" in done.stdout and done.returncode == 1, done.stdout
