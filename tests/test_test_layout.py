"""The layout of the tests: tests of the tool never reach the project's own data.

Checks of this repository's survey and documents (bib/, latex/, site/, README.md, .ci/,
docs/, pyproject.toml) live in tests/project_data/; every other test module uses fixtures of
its own (tests/data/), so that correcting the survey can never break a test of the tool.
This reads the test modules' code (not their strings or comments) and names every place where
one reaches the repository outside the tool's own files.
"""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
PROJECT_DATA = TESTS / "project_data"
# What a test of the tool may open from the repository's root: the tool's code, its benchmark
# scripts, the tests and their fixtures, and the examples hypothesis keeps.
TOOL_PARTS = {"src", "bench", "tests", ".hypothesis"}
# Uses of the root as such that read no data of the project, each with its reason.
ROOT_AS_SUCH = {
    ("test_precommit.py", "str(ROOT)"),  # pre-commit try-repo takes the repository of the hooks
}


def _from_file(node: ast.AST) -> bool:
    """Whether ``node`` holds a ``__file__`` (this module's, or another module's)."""
    return any(isinstance(n, ast.Name) and n.id == "__file__" or isinstance(n, ast.Attribute) and n.attr == "__file__"
               for n in ast.walk(node))


def _upward(node: ast.AST) -> ast.AST | None:
    """The expression ``node`` climbs from, if it is ``X.parent`` or ``X.parents[i]``."""
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        return node.value
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
        return node.value.value
    return None


def _climb(node: ast.AST) -> tuple[int, ast.AST]:
    """How many folders a chain of ``.parent`` and ``.parents[i]`` climbs, and from what."""
    levels = 0
    while _upward(node) is not None:
        if isinstance(node, ast.Subscript):
            index = node.slice
            levels += index.value + 1 if isinstance(index, ast.Constant) and isinstance(index.value, int) else 99
        else:
            levels += 1
        node = _upward(node)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Path" and node.args:
        node = node.args[0]
    return levels, node


def _base(node: ast.AST) -> ast.AST:
    """The leftmost operand of a chain of ``/``, ``.parent`` and ``Path(...)``."""
    while True:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            node = node.left
        elif _upward(node) is not None:
            node = _upward(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Path" and node.args:
            node = node.args[0]
        else:
            return node


def _file_names(tree: ast.Module) -> set[str]:
    """Module-level names bound to a path made from ``__file__`` (``DATA = Path(__file__).parent / "data"``)."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and _from_file(node.value):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _conftest_file_names(tests: Path) -> set[str]:
    return _file_names(ast.parse((tests / "conftest.py").read_text("utf-8")))


def findings(path: Path, tests: Path, imported_file_names: set[str]) -> list[str]:
    """Each place in the module at ``path`` that reaches the repository beyond the tool's files."""
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    file_names = _file_names(tree) | imported_file_names
    name = path.relative_to(tests).as_posix()
    found = []

    def report(node, why):
        if not any(f.startswith(f"{name}:{node.lineno}: ") for f in found):  # one finding a line
            found.append(f"{name}:{node.lineno}: {ast.get_source_segment(source, node)}: {why}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "ROOT" and alias.asname not in (None, "ROOT"):
                    report(node, "imports ROOT under another name")
        is_root = (isinstance(node, ast.Name) and node.id == "ROOT" or isinstance(node, ast.Attribute) and node.attr == "ROOT")
        if is_root and not isinstance(getattr(node, "ctx", None), ast.Store):
            parent = parents.get(node)
            if (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Div) and parent.left is node
                    and isinstance(parent.right, ast.Constant) and isinstance(parent.right.value, str)):
                parts = parent.right.value.split("/")
                if parts[0] not in TOOL_PARTS or ".." in parts:
                    report(parent, f"the project's {parts[0]}: a check of the project's data goes in tests/project_data/")
            elif (name, ast.get_source_segment(source, parent)) not in ROOT_AS_SUCH:
                report(parent or node, "the repository's root: a test of the tool runs in its own fixture")
        if _upward(node) is not None and _upward(parents.get(node)) is not node:  # the whole climb, once
            levels, base = _climb(node)
            from_file = base.id in file_names if isinstance(base, ast.Name) and base.id != "__file__" else _from_file(base)
            too_far = levels >= 1 if isinstance(base, ast.Name) and base.id in file_names else levels >= 2
            target = parents.get(node)
            assigned = isinstance(target, ast.Assign) and [t.id for t in target.targets if isinstance(t, ast.Name)]
            if from_file and too_far and not (name == "conftest.py" and assigned == ["ROOT"]):
                report(node, "climbs out of tests/ from __file__")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.right, ast.Constant):
            base = _base(node.left)
            if (isinstance(node.right.value, str) and ".." in node.right.value.split("/")
                    and isinstance(base, ast.Name) and (base.id in file_names or base.id in ("ROOT", "__file__"))):
                report(node, "climbs out of tests/ with '..'")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "dirname"
                and node.args and _from_file(node.args[0]) and any(
                    isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "dirname"
                    for n in ast.walk(node.args[0]))):
            report(node, "climbs out of tests/ from __file__")
    return sorted(found, key=lambda f: int(f.split(":")[1]))


def layout_findings(tests: Path) -> list[str]:
    """What every test module outside ``tests/project_data`` reaches of the project's data."""
    imported = _conftest_file_names(tests) - {"ROOT"}
    modules = sorted(p for p in tests.rglob("*.py") if (tests / "project_data") not in p.parents)
    return [line for path in modules for line in findings(path, tests, imported)]


def test_no_test_of_the_tool_reaches_the_projects_data():
    assert layout_findings(TESTS) == []


def test_project_data_checks_say_what_they_are():
    modules = sorted(PROJECT_DATA.glob("test_*.py"))
    assert modules and (PROJECT_DATA / "__init__.py").is_file()
    for path in modules:
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
        assert doc.startswith("Project data"), path.name


def test_tests_run_outside_any_project():
    """A command run without a folder (``run_cli``, ``CliRunner``) finds no pyproject.toml."""
    from surveybib.config import find_pyproject

    assert find_pyproject(Path.cwd()) is None


REACHES = [
    ("ROOT / 'bib' / 'survey.bib'", "the project's bib"),
    ("ROOT / 'README.md'", "the project's README.md"),
    ("ROOT / 'src/../latex'", "climbs out of tests/ with '..'"),
    ("run_cli('sync', cwd=ROOT)", "the repository's root"),
    ("load_config(ROOT)", "the repository's root"),
    ("os.path.join(ROOT, 'site')", "the repository's root"),
    ("ROOT.joinpath('bib')", "the repository's root"),
    ("from .conftest import ROOT as HERE", "imports ROOT under another name"),
    ("from . import conftest\nconftest.ROOT / 'bib'", "the project's bib"),
    ("Path(__file__).parent.parent / 'bib'", "climbs out of tests/ from __file__"),
    ("Path(__file__).resolve().parents[1] / 'site'", "climbs out of tests/ from __file__"),
    ("HERE = Path(__file__).parent\nHERE.parent / 'latex'", "climbs out of tests/ from __file__"),
    ("DATA.parent.parent / 'bib'", "climbs out of tests/ from __file__"),
    ("DATA / '..' / '..' / 'bib'", "climbs out of tests/ with '..'"),
    ("Path(surveybib.__file__).parents[2] / 'bib'", "climbs out of tests/ from __file__"),
    ("os.path.dirname(os.path.dirname(__file__))", "climbs out of tests/ from __file__"),
]
FINE = [
    "ROOT / 'bench' / 'generate.py'",
    "Path(__file__).parent / 'data'",
    "DATA / 'project' / 'bib' / 'survey.bib'",
    "PROJECT / 'bib' / 'README.md'",
    "tmp_path / 'bib' / 'survey.bib'",
    "survey_project.parent / 'x'",
    "run_cli('sync', cwd=tmp_path)",
    "shutil.copytree(PROJECT, tmp_path / 'p')",
    "str(ROOT)",  # as test_precommit.py hands it to pre-commit try-repo
]


@pytest.mark.parametrize(("code", "why"), REACHES, ids=[c for c, _ in REACHES])
def test_the_layout_check_names_each_way_to_the_projects_data(tmp_path, code, why):
    (tmp_path / "conftest.py").write_text('DATA = Path(__file__).parent / "data"\nROOT = Path(__file__).parent.parent\n')
    (tmp_path / "test_x.py").write_text(code + "\n")
    found = layout_findings(tmp_path)
    assert len(found) == 1 and found[0].startswith("test_x.py:") and why in found[0], found


@pytest.mark.parametrize("code", FINE)
def test_the_layout_check_lets_the_tools_own_files_be(tmp_path, code):
    (tmp_path / "conftest.py").write_text('DATA = Path(__file__).parent / "data"\nROOT = Path(__file__).parent.parent\n')
    (tmp_path / "test_precommit.py").write_text(code + "\n")
    assert layout_findings(tmp_path) == []
