"""The import graph of surveybib: every module imports only its own layer and the layers below.

Layers, from the bottom (the README's "Layout" section describes them):

    text        plain text and LaTeX, identifiers and URLs, author names, titles, repair
    core        the entry model, names and slugs, bib storage, README markers, the code catalogue
    venues      the venue registry, URL and DOI rules, the decision of one venue and year
    readers     bib, markdown list, LaTeX and record readers
    transforms  import merging, normalization, linting, enrichment, keys
    writers     BibTeX, markdown, LaTeX, exports, page, figures
    online      the web services that enrichment reads
    library     api (pure steps), plans (what a command would write), project (writes), config,
                rules, the README merge, page, upkeep
    cli         the click commands

Imports inside functions count: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src"

LAYERS: list[tuple[str, set[str]]] = [
    ("text", {"text", "errors", "entrypoints"}),
    ("core", {"model", "names", "storage", "markers", "catalogue"}),
    ("venues", {"venues"}),
    ("readers", {"readers"}),
    ("transforms", {"transforms"}),
    ("writers", {"writers"}),
    ("online", {"online"}),
    ("library", {"", "api", "project", "plans", "stamps", "config", "rules", "readme_merge", "site", "upkeep", "scaffold", "plugins"}),
    ("cli", {"cli", "__main__"}),
]


def module_name(path: Path, src: Path = SRC) -> str:
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The index of a module's layer, by its first name under ``surveybib``."""
    inside = module.split(".")[1] if "." in module else ""
    for index, (_, tops) in enumerate(LAYERS):
        if inside in tops:
            return index
    raise LookupError(f"{module} belongs to no layer: add it to LAYERS (and the README's layout)")


def imports_of(path: Path, src: Path = SRC) -> set[str]:
    """The surveybib modules (or packages) a module imports, relative imports resolved."""
    module = module_name(path, src)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "surveybib":
                # `from . import markdown_parts` imports a module; `from .x import y`, module x
                found |= {f"{target}.{a.name}" if (src / (f"{target}.{a.name}".replace(".", "/") + ".py")).exists()
                          else target for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "surveybib"}
    return found - {module}


MODULES = sorted(SRC.rglob("surveybib/**/*.py"))


def test_every_module_has_a_layer():
    for path in MODULES:
        layer_of(module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_downward(path):
    module = module_name(path)
    upward = sorted(f"{target} ({LAYERS[layer_of(target)][0]})" for target in imports_of(path)
                    if layer_of(target) > layer_of(module))
    assert not upward, f"{module} ({LAYERS[layer_of(module)][0]}) imports a layer above it: {', '.join(upward)}"


def test_the_check_finds_an_upward_import(tmp_path):
    """The check itself can fail: a text helper that imports a writer, even lazily, is caught."""
    (tmp_path / "surveybib" / "writers").mkdir(parents=True)
    (tmp_path / "surveybib" / "writers" / "markdown.py").write_text("")
    fake = tmp_path / "surveybib" / "text" / "bad.py"
    fake.parent.mkdir()
    fake.write_text("from . import latex\n\ndef f():\n    from ..writers.markdown import badge_url\n")
    found = imports_of(fake, tmp_path)
    assert found == {"surveybib.text", "surveybib.writers.markdown"}
    assert layer_of("surveybib.writers.markdown") > layer_of(module_name(fake, tmp_path))


def test_one_author_name_parser():
    """Names are parsed in one module (text/people.py, by pybtex): four parsers had drifted apart."""
    parsers = sorted(module_name(path) for path in MODULES if "Person" in path.read_text("utf-8")
                     and "pybtex.database" in path.read_text("utf-8"))
    assert parsers == ["surveybib.text.people"]


def _code_strings(path: Path) -> list[str]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text("utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def test_one_place_for_the_readme_marker_syntax():
    """The marker comments are written and matched only in markers.py (they were in three modules)."""
    users = sorted(module_name(path) for path in MODULES
                   if any("<!-- surveybib" in text or "surveybib:begin" in text for text in _code_strings(path)))
    assert users == ["surveybib.markers"]
