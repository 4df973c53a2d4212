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


def test_the_rule_table_is_the_rules():
    from surveybib.transforms.lint import RULES

    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("| code | default | rule | fix |\n|---|---|---|---|\n", 1)[1].split("\n\n", 1)[0]
    rows = table.splitlines()
    assert rows == [f"| {r.code} | {r.severity} | {r.summary} | {r.hint} |" for r in RULES.values()]
