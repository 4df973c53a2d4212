"""The README's promises: CI runs its quick start; every command has help with an example."""

import re

import pytest
from click.testing import CliRunner

from surveybib.cli import main

from .conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_is_two_commands_and_ci_runs_them():
    commands = quick_start_commands()
    assert len(commands) == 2
    ci_lines = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    for command in commands:
        assert command in ci_lines


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example: surveybib " + name in result.output


def test_the_code_tables_are_the_catalogue():
    """Every table of codes in the README is generated from the catalogue, and every code
    of the catalogue is in one: a code added without its documentation fails here."""
    import re

    from surveybib.catalogue import codes, readme_table
    from surveybib.rules import readme_tables

    readme = (ROOT / "README.md").read_text("utf-8")
    found = re.findall(r"^<!-- codes: (\w+) .*-->\n((?:\|.*\n)+)", readme, re.MULTILINE)
    tables = readme_tables()
    assert sorted(name for name, _ in found) == sorted(tables)
    for name, text in found:
        assert text == readme_table(list(tables[name])), f"README table {name!r} differs from the catalogue"
    assert set().union(*map(set, tables.values())) == set(codes())
