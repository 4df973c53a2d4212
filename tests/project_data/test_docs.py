"""Project data: the repository's own documents (README.md, .ci/run, docs/) say what the
project does: CI runs the README's quick start, the README's code tables are the catalogue, and
the workflow example it shows is the file in docs/ and uses options that exist."""

import re

from surveybib.cli import main

from ..conftest import ROOT


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


def test_the_code_tables_are_the_catalogue():
    """Every table of codes in the README is generated from the catalogue, and every code
    of the catalogue is in one: a code added without its documentation fails here."""
    from surveybib.catalogue import codes, readme_table
    from surveybib.rules import readme_tables

    readme = (ROOT / "README.md").read_text("utf-8")
    found = re.findall(r"^<!-- codes: (\w+) .*-->\n((?:\|.*\n)+)", readme, re.MULTILINE)
    tables = readme_tables()
    assert sorted(name for name, _ in found) == sorted(tables)
    for name, text in found:
        assert text == readme_table(list(tables[name])), f"README table {name!r} differs from the catalogue"
    assert set().union(*map(set, tables.values())) == set(codes())


def test_readme_shows_the_workflow_example_verbatim_and_its_commands_parse():
    import shlex

    import yaml

    text = (ROOT / "docs" / "workflows" / "surveybib-outdated.yml").read_text()
    assert f"```yaml\n{text}```" in (ROOT / "README.md").read_text()
    steps = yaml.safe_load(text)["jobs"]["outdated"]["steps"]
    runs = [line.strip() for step in steps for line in step.get("run", "").splitlines()]
    commands = [shlex.split(line) for line in runs if line.startswith("surveybib ")]
    assert ["surveybib", "outdated", "--online", "arxiv,crossref,dblp", "--format", "github"] in commands
    assert ["surveybib", "enrich", "--online", "arxiv,crossref,dblp"] in commands
    for args in commands:  # every option it uses exists (a UsageError otherwise)
        command = main.get_command(None, args[1])
        command.make_context(args[1], args[2:])
