"""``[tool.surveybib]`` in pyproject.toml: where the bib and the list live."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True)
class Config:
    root: Path
    bib: Path
    list: Path

    @classmethod
    def defaults(cls, root: Path) -> Config:
        return cls(root, root / "bib" / "survey.bib", root / "bib" / "README.md")


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None) -> Config:
    """The config of the project around ``start`` (default: the working directory)."""
    start = (start or Path.cwd()).resolve()
    pyproject = find_pyproject(start)
    if pyproject is None:
        return Config.defaults(start)
    try:
        data = tomllib.loads(pyproject.read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InputError(str(error), file=str(pyproject)) from None
    table = data.get("tool", {}).get("surveybib", {})
    root = pyproject.parent
    known = {"bib", "list"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise InputError(f"unknown [tool.surveybib] keys: {', '.join(unknown)}", file=str(pyproject))
    defaults = Config.defaults(root)
    return Config(
        root,
        root / table["bib"] if "bib" in table else defaults.bib,
        root / table["list"] if "list" in table else defaults.list,
    )
