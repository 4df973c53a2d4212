"""``[tool.surveybib]`` in pyproject.toml: where the bib and the list live."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .catalogue import SEVERITIES
from .errors import InputError


@dataclass(frozen=True)
class Config:
    root: Path
    bib: Path
    list: Path
    venues: tuple[dict, ...] = ()
    venues_file: Path | None = None
    order: str = "curated"
    latex: str = "natbib"
    latex_dir: Path | None = None
    exports_dir: Path | None = None
    export_profile: str = "full"
    check_select: tuple[str, ...] = ()
    check_ignore: tuple[str, ...] = ()
    check_severity: tuple[tuple[str, str], ...] = ()
    outdated_after_months: int = 12
    site: Path | None = None  # the reader's page, written by sync when set
    site_url: str | None = None  # where the page is published, linked from the README

    def __post_init__(self) -> None:
        if self.latex_dir is None:
            object.__setattr__(self, "latex_dir", self.root / "latex")
        if self.exports_dir is None:
            object.__setattr__(self, "exports_dir", self.bib.parent / "exports")

    @classmethod
    def defaults(cls, root: Path) -> Config:
        return cls(root, root / "bib" / "survey.bib", root / "bib" / "README.md")

    def registry(self):
        """The venue registry: shipped, entry points, then the project's own venues. Built once
        per config: a command asks for it at every step."""
        built = self.__dict__.get("_registry")
        if built is None:
            built = self._build_registry()
            object.__setattr__(self, "_registry", built)
        return built

    def _build_registry(self):
        from .venues import (
            build_registry,
            default_registry,
            venue_from_table,
            venues_from_toml,
        )

        if not self.venues and self.venues_file is None:
            return default_registry()
        extra = []
        if self.venues_file is not None:
            try:
                extra += venues_from_toml(self.venues_file.read_text("utf-8"))
            except (OSError, ValueError, KeyError) as error:
                raise InputError(f"cannot read venues: {error}", file=str(self.venues_file)) from None
        try:
            extra += [venue_from_table(table) for table in self.venues]
        except (ValueError, KeyError) as error:
            raise InputError(f"bad [tool.surveybib.venues] entry: {error}", file="pyproject.toml") from None
        return build_registry(extra)


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
        return _files_inside(Config.defaults(start))
    try:
        data = tomllib.loads(pyproject.read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InputError(str(error), file=str(pyproject)) from None
    table = data.get("tool", {}).get("surveybib", {})
    root = pyproject.parent
    known = {"bib", "list", "venues", "order", "latex", "latex_dir", "exports_dir", "export_profile", "check",
             "outdated_after_months", "site", "site_url"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise InputError(f"unknown [tool.surveybib] keys: {', '.join(unknown)}", file=str(pyproject))
    _check_table(table.get("check", {}), pyproject)
    defaults = Config.defaults(root)
    for key in ("bib", "list", "latex_dir", "exports_dir", "site"):
        if key in table:
            _inside_project(table, key, root, pyproject)
    venues = table.get("venues", {})
    config = Config(
        root,
        root / table["bib"] if "bib" in table else defaults.bib,
        root / table["list"] if "list" in table else defaults.list,
        tuple(venues.get("venue", ())),
        root / venues["file"] if "file" in venues else None,
        _choice(table, "order", ("curated", "newest", "venue"), "curated", pyproject),
        _choice(table, "latex", ("natbib", "biblatex"), "natbib", pyproject),
        root / table["latex_dir"] if "latex_dir" in table else None,
        root / table["exports_dir"] if "exports_dir" in table else None,
        _choice(table, "export_profile", ("full", "compact"), "full", pyproject),
        tuple(table.get("check", {}).get("select", ())),
        tuple(table.get("check", {}).get("ignore", ())),
        tuple(table.get("check", {}).get("severity", {}).items()),
        outdated_after_months=_months(table, pyproject),
        site=root / table["site"] if "site" in table else None,
        site_url=_site_url(table, pyproject),
    )
    return _files_inside(config)




def _check_table(check: dict, pyproject: Path) -> None:
    """``[tool.surveybib.check]``: known keys, lists of codes, severities that exist."""
    unknown = sorted(set(check) - {"select", "ignore", "severity"})
    if unknown:
        raise InputError(f"unknown [tool.surveybib.check] keys: {', '.join(unknown)}", file=str(pyproject))
    for key in ("select", "ignore"):
        value = check.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"[tool.surveybib.check] {key} must be a list of codes", file=str(pyproject))
        rule_codes(value, where=f"[tool.surveybib.check] {key}", file=str(pyproject))
    severity = check.get("severity", {})
    if not isinstance(severity, dict):
        raise InputError("[tool.surveybib.check] severity must be a table of CODE = \"error|warning|info\"",
                         file=str(pyproject))
    rule_codes(list(severity), where="[tool.surveybib.check] severity", file=str(pyproject), exact=True)
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise InputError(f"[tool.surveybib.check] severity of {code} is {level!r}; use one of "
                             f"{', '.join(SEVERITIES)}", file=str(pyproject))


def rule_codes(selectors: list[str] | tuple[str, ...], *, where: str, file: str | None = None,
               exact: bool = False) -> tuple[str, ...]:
    """The selectors, checked: each a rule code of check, or (unless ``exact``) a prefix of one."""
    if not selectors:
        return ()
    from .rules import selectable_codes

    known_codes = selectable_codes()
    for selector in selectors:
        known = selector in known_codes if exact else any(code.startswith(selector) for code in known_codes)
        if not known:
            raise InputError(f"{where}: {selector!r} is no rule code{'' if exact else ' or prefix'} of check "
                             f"(the codes: {', '.join(sorted(known_codes))})", file=file)
    return tuple(selectors)


def _files_inside(config: Config) -> Config:
    """The project's bib and list, read and written by every command, must be files of the
    project: a link that leads out of it (or makes the list the bib) is refused."""
    import os

    real_root = os.path.realpath(config.root)
    for path in (config.bib, config.list):
        real = os.path.realpath(path)
        if os.path.commonpath([real_root, real]) != real_root:
            raise InputError(f"resolves to {real}, outside the project {real_root}: surveybib reads and writes "
                             "only the project's own files", file=str(path))
    if os.path.realpath(config.bib) == os.path.realpath(config.list):
        raise InputError("the README list and the bib are the same file", file=str(config.list))
    return config


def _inside_project(table: dict, key: str, root: Path, pyproject: Path) -> None:
    """A configured path is relative and stays in the project (its files are written)."""
    value = table[key]
    if not isinstance(value, str) or not value:
        raise InputError(f"[tool.surveybib] {key} must be a path", file=str(pyproject))
    path = Path(value)
    if path.is_absolute() or ".." in path.parts:
        raise InputError(f"[tool.surveybib] {key} = {value!r} must be a path inside the project "
                         "(relative, without '..')", file=str(pyproject))


def _months(table: dict, pyproject: Path) -> int:
    value = table.get("outdated_after_months", 12)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InputError("[tool.surveybib] outdated_after_months must be a whole number of months (1 or more)",
                         file=str(pyproject))
    return value


def _choice(table: dict, key: str, choices: tuple[str, ...], default: str, pyproject: Path) -> str:
    value = table.get(key, default)
    if value not in choices:
        raise InputError(f"[tool.surveybib] {key} must be one of {', '.join(choices)}", file=str(pyproject))
    return value


def _site_url(table: dict, pyproject: Path) -> str | None:
    url = table.get("site_url")
    if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
        raise InputError("[tool.surveybib] site_url must be an http(s) URL", file=str(pyproject))
    return url
