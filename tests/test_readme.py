"""Every command has help with an example (the README's own promises are checked in
tests/project_data/test_docs.py)."""

import pytest
from click.testing import CliRunner

from surveybib.cli import main


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example: surveybib " + name in result.output
