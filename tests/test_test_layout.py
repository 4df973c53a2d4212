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


def _path_part(node: ast.AST) -> list[str] | None:
    """The parts of ``X / "a/b"``'s string, if ``node`` is such a division."""
    if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.right, ast.Constant)
            and isinstance(node.right.value, str)):
        return node.right.value.split("/")
    return None


class _Module:
    """One test module's code, and the names in it that hold paths made from ``__file__``."""

    def __init__(self, path: Path, tests: Path, imported_file_names: set[str]):
        self.source = path.read_text("utf-8")
        self.tree = ast.parse(self.source)
        self.parents = {child: node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)}
        self.file_names = _file_names(self.tree) | imported_file_names
        self.name = path.relative_to(tests).as_posix()
        self.depth = len(path.relative_to(tests).parts)  # climbs from its __file__ to the repository's root

    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ""

    def is_file_name(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.file_names


def _root_use(module: _Module, node: ast.AST) -> tuple[ast.AST, str] | None:
    """``ROOT`` anywhere but before ``/ "src"``, ``/ "bench"``, ``/ "tests"``, or as an exception says."""
    if isinstance(node, ast.ImportFrom):
        if any(a.name == "ROOT" and a.asname not in (None, "ROOT") for a in node.names):
            return node, "imports ROOT under another name"
        return None
    named = isinstance(node, ast.Name) and node.id == "ROOT" or isinstance(node, ast.Attribute) and node.attr == "ROOT"
    if not named or isinstance(getattr(node, "ctx", None), ast.Store):
        return None
    parent = module.parents.get(node)
    parts = _path_part(parent)
    if parts is not None and parent.left is node:
        if parts[0] in TOOL_PARTS and ".." not in parts:
            return None
        return parent, f"the project's {parts[0]}: a check of the project's data goes in tests/project_data/"
    if (module.name, module.segment(parent)) in ROOT_AS_SUCH:
        return None
    return parent or node, "the repository's root: a test of the tool runs in its own fixture"


def _climb_out(module: _Module, node: ast.AST) -> tuple[ast.AST, str] | None:
    """A ``.parent`` chain from ``__file__`` (or a name made from it) that leaves tests/."""
    if _upward(node) is None or _upward(module.parents.get(node)) is node:  # judge each whole chain once
        return None
    levels, base = _climb(node)
    if module.is_file_name(base):
        too_far = levels >= 1  # DATA.parent, HERE.parent: nothing a test needs
    else:
        too_far = _from_file(base) and levels > module.depth
    target = module.parents.get(node)
    parts = _path_part(target)
    to_tool = (levels == module.depth + 1 and not module.is_file_name(base) and parts is not None and target.left is node
               and parts[0] in TOOL_PARTS and ".." not in parts)  # Path(__file__).parent.parent / "src"
    defines_root = module.name == "conftest.py" and isinstance(target, ast.Assign) and [
        getattr(t, "id", None) for t in target.targets] == ["ROOT"]
    if too_far and not to_tool and not defines_root:
        return node, "climbs out of tests/ from __file__"
    return None


def _dot_dot(module: _Module, node: ast.AST) -> tuple[ast.AST, str] | None:
    """``DATA / ".."`` and the like."""
    parts = _path_part(node)
    base = _base(node.left) if parts is not None else None
    if parts and ".." in parts and isinstance(base, ast.Name) and (
            base.id in module.file_names or base.id in ("ROOT", "__file__")):
        return node, "climbs out of tests/ with '..'"
    return None


def _dirname_twice(module: _Module, node: ast.AST) -> tuple[ast.AST, str] | None:
    """``os.path.dirname(os.path.dirname(__file__))``."""
    def is_dirname(n):
        return isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "dirname" and n.args

    if is_dirname(node) and _from_file(node.args[0]) and any(is_dirname(n) for n in ast.walk(node.args[0])):
        return node, "climbs out of tests/ from __file__"
    return None


RULES = (_root_use, _climb_out, _dot_dot, _dirname_twice)


def findings(path: Path, tests: Path, imported_file_names: set[str]) -> list[str]:
    """Each place in the module at ``path`` that reaches the repository beyond the tool's files."""
    module = _Module(path, tests, imported_file_names)
    found = {}
    for node in ast.walk(module.tree):
        for rule in RULES:
            hit = rule(module, node)
            if hit and hit[0].lineno not in found:  # one finding a line
                found[hit[0].lineno] = f"{module.name}:{hit[0].lineno}: {module.segment(hit[0])}: {hit[1]}"
    return [found[line] for line in sorted(found)]


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
    ("Path(__file__).parents[2] / 'src'", "climbs out of tests/ from __file__"),
    ("Path(__file__).parent.parent / 'src/../bib'", "climbs out of tests/"),
    ("HERE = Path(__file__).parent\nHERE.parent / 'latex'", "climbs out of tests/ from __file__"),
    ("DATA.parent.parent / 'bib'", "climbs out of tests/ from __file__"),
    ("DATA / '..' / '..' / 'bib'", "climbs out of tests/ with '..'"),
    ("Path(surveybib.__file__).parents[2] / 'bib'", "climbs out of tests/ from __file__"),
    ("os.path.dirname(os.path.dirname(__file__))", "climbs out of tests/ from __file__"),
]
FINE = [
    "ROOT / 'bench' / 'generate.py'",
    "Path(__file__).parent.parent / 'src'",  # as test_layers.py reads the tool's modules
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
