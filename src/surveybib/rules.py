"""The rules of ``surveybib check``, and the registry that chooses which of them run.

A rule declares the codes it reports and how it runs:

* ``entry``: ``run(entry, context)`` for each entry of the survey;
* ``survey``: ``run(survey, context)`` once, across entries (duplicates, shared links);
* ``project``: ``run(project, context)`` once, on a :class:`Project` (the config and the
  survey): the outputs of a project, which only the project's own bib has.

``--select`` and ``--ignore`` choose codes; a rule runs when one of its codes is chosen,
and only the chosen codes are reported. Other packages add rules through the entry point
group ``surveybib.rules``: the entry point loads to a :class:`Rule` (or a list of them)
whose codes are either in the catalogue already or given as
:class:`~surveybib.catalogue.Code` records, which the catalogue then holds (the README's
"Rules from other packages" shows a whole plugin).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from . import catalogue
from .catalogue import Code
from .errors import InputError
from .model import Finding, Survey

ENTRY_POINT_GROUP = "surveybib.rules"
SCOPES = ("entry", "survey", "project")


@dataclass(frozen=True)
class Rule:
    """One rule: a name, the codes it can report, its scope and the function that runs it."""

    name: str
    codes: tuple[str | Code, ...]
    scope: str
    run: Callable[..., Iterable[Finding]]

    def __post_init__(self):
        if self.scope not in SCOPES:
            raise ValueError(f"rule {self.name}: scope {self.scope!r} is not one of {', '.join(SCOPES)}")
        if not self.codes:
            raise ValueError(f"rule {self.name} declares no codes")

    @property
    def code_names(self) -> tuple[str, ...]:
        return tuple(c.code if isinstance(c, Code) else c for c in self.codes)


@dataclass(frozen=True)
class Project:
    """What a ``project`` rule reads: the project's config and its bib, read."""

    config: object
    survey: Survey
    from_file: bool = False  # the survey is the bib as its file holds it (a stamp may then answer)


def _stale_outputs(project: Project, context) -> list[Finding]:
    from .plans import stale_outputs

    return stale_outputs(project.config, project.survey, stamped=project.from_file)


def _builtin() -> list[Rule]:
    from .transforms import lint

    return [
        Rule("fields", ("F001", "F002"), "entry", lint.fields),
        Rule("identifiers", ("X001", "U001"), "entry", lint.identifiers),
        Rule("lowered-titles", ("T001",), "entry", lint.lowered_titles),
        Rule("characters", ("M001", "L002"), "entry", lint.characters),
        Rule("stale-preprints", ("P001",), "entry", lint.stale_preprints),
        Rule("venues", lint.VENUE_CODES, "entry", lint.venues),
        Rule("shared-links", ("V005", "V006"), "survey", lint.shared_links),
        Rule("duplicates", ("D001", "D002", "D003"), "survey", lint.duplicates),
        Rule("case-keys", ("K001",), "survey", lint.case_keys),
        Rule("outputs", ("O001",), "project", _stale_outputs),
    ]


def _from_entry_points() -> list[Rule]:
    from .entrypoints import group

    found = []
    for point in sorted(group(ENTRY_POINT_GROUP), key=lambda p: p.name):
        where = f"rule plugin {point.name!r} ({point.value})"
        try:
            loaded = point.load()
        except Exception as error:  # a broken plugin must not become a traceback
            raise InputError(f"{where} does not load: {type(error).__name__}: {error}") from None
        rules = loaded if isinstance(loaded, (list, tuple)) else [loaded]
        for rule in rules:
            if not isinstance(rule, Rule):
                raise InputError(f"{where} is not a surveybib.rules.Rule (or a list of them)")
            for code in rule.codes:
                if isinstance(code, Code):
                    try:
                        catalogue.register(code)
                    except ValueError as error:
                        raise InputError(f"{where}: {error}") from None
                elif code not in catalogue.codes():
                    raise InputError(f"{where}: code {code} is not in the catalogue; declare it as a Code")
            found.append(rule)
    return found


@functools.cache
def all_rules() -> tuple[Rule, ...]:
    """The built-in rules, then the installed plugins' rules (by entry point name)."""
    rules = _builtin() + _from_entry_points()
    seen: dict[str, str] = {}
    for rule in rules:
        for code in rule.code_names:
            if code in seen:
                raise InputError(f"rule {rule.name}: code {code} is already reported by rule {seen[code]}")
            seen[code] = rule.name
    return tuple(rules)


def check_codes() -> tuple[str, ...]:
    """Every code that ``check``'s rules can report, in rule order."""
    return tuple(code for rule in all_rules() for code in rule.code_names)


READER_CODES = ("B005",)  # warnings of reading the bib, which check reports with its rules'


def selectable_codes() -> tuple[str, ...]:
    """The codes ``--select``, ``--ignore`` and ``severity`` may name."""
    return check_codes() + READER_CODES


def wanted(select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> Callable[[str], bool]:
    """Whether a code is chosen: it starts with a ``select`` prefix (or none is given) and
    with no ``ignore`` prefix."""
    def chosen(code: str) -> bool:
        return (not select or code.startswith(select)) and not (ignore and code.startswith(ignore))

    return chosen


def chosen_rules(select: tuple[str, ...] = (), ignore: tuple[str, ...] = (), *,
                 scopes: tuple[str, ...] = SCOPES) -> list[Rule]:
    """The rules that report at least one chosen code, in registry order."""
    chosen = wanted(select, ignore)
    return [r for r in all_rules() if r.scope in scopes and any(chosen(c) for c in r.code_names)]


def run_rules(survey: Survey, rules: list[Rule], context, *, project: Project | None = None,
              select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> list[Finding]:
    """The chosen codes' findings of ``rules`` on a survey: entry rules entry by entry, then
    survey rules, then (given a ``project``) project rules."""
    chosen = wanted(select, ignore)
    per_entry = [r for r in rules if r.scope == "entry"]
    found: list[Finding] = []
    if per_entry:
        for entry in survey.entries:
            for rule in per_entry:
                found += rule.run(entry, context)
    for rule in rules:
        if rule.scope == "survey":
            found += rule.run(survey, context)
        elif rule.scope == "project" and project is not None:
            found += rule.run(project, context)
    return [f for f in found if chosen(f.code)]


def context(registry, *, today: date | None = None, stale_months: int | None = None):
    """The context rules read (:class:`surveybib.transforms.lint.Context`)."""
    from .transforms.lint import STALE_MONTHS, Context

    return Context(registry, today or date.today(), STALE_MONTHS if stale_months is None else stale_months)


def readme_tables() -> dict[str, tuple[str, ...]]:
    """The README's tables of codes, by name: which codes each shows (every code is in one)."""
    known = sorted(catalogue.codes())
    by_letter = {letter: tuple(c for c in known if c[0] in letter) for letter in ("V", "R", "IB", "S", "W")}
    return {
        "check": tuple(sorted(check_codes())),
        "normalize": by_letter["V"],
        "readme": by_letter["R"],
        "import": by_letter["IB"],
        "outdated": by_letter["S"],
        "latex": tuple(c for c in known if c[0] == "C" or c == "L001"),
        "site": by_letter["W"],
    }
