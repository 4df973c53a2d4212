"""The plans of a project: what each command would write, computed in memory from the
project's config and files, and the bib and list read from disk. Nothing here writes;
:func:`surveybib.project.write_all` writes a plan all or nothing.

:mod:`surveybib.api` holds the pure steps these plans are made of (survey in, survey and
findings out).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .api import (
    export,
    load_bib,
    parse_bib,
    read_text,
    render_list,
)
from .config import Config
from .errors import InputError
from .model import Finding, Source, Survey
from .project import Output, inside, read_existing
from .transforms.order import canonical_order
from .writers.bibtex import write_bibtex

SAFE_NEW_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_:.+/-]*$")

def _existing(path: Path) -> str | None:
    return read_text(path) if path.exists() else None


def _generated(path: Path) -> str | None:
    """A generated file's text now: damaged bytes only make it out of date (sync rewrites it)."""
    try:
        return read_existing(path)
    except OSError as error:
        raise InputError(error.strerror or str(error), file=str(path)) from None


def plan_list(config: Config, survey: Survey) -> list[Output]:
    """The README list (``[tool.surveybib] list``)."""
    template = _existing(config.list)
    if template is not None:
        _refuse_unaccounted(survey, template, config)
    from .site import readme_figures

    extra, figures = readme_figures(config, survey, template)
    text, findings = render_list(survey, template, registry=config.registry(), order=config.order,
                                 file=str(config.list), extra=extra)
    return [Output(config.list, template, text, tuple(findings))] + [
        Output(path, _generated(path), svg) for path, svg in figures.items()]


def _refuse_unaccounted(survey: Survey, template: str, config: Config) -> None:
    """Sync never deletes a line it did not render: a region holding one stops it (R020)."""
    from .transforms.region_guard import unaccounted_lines

    refused = unaccounted_lines(survey, template, file=str(config.list), registry=config.registry())
    if refused:
        first = refused[0]
        more = f" (and {len(refused) - 1} more: " + ", ".join(str(f.source.line) for f in refused[1:8]) + \
            ("..." if len(refused) > 8 else "") + ")" if len(refused) > 1 else ""
        raise InputError(f"R020 {first.message}{more}; nothing written", file=first.source.file, line=first.source.line)


def plan_latex(config: Config, survey: Survey, *, flavour: str | None = None,
               folder: Path | None = None) -> list[Output]:
    """``latex/generated/*.tex``: a reference list per section, and the setup and bibliography."""
    from .writers.latex import render_latex, uncitable

    folder = folder or config.latex_dir / "generated"
    bib_path = Path(os.path.relpath(config.bib, folder.parent)).as_posix()
    files = render_latex(survey, config.registry(), flavour=flavour or config.latex, bib_path=bib_path)
    findings = tuple(uncitable(survey.entries))
    outputs = [Output(_within(folder, name), _generated(folder / name), text) for name, text in sorted(files.items())]
    return [Output(o.path, o.old, o.new, findings if i == 0 else ()) for i, o in enumerate(outputs)]


def _within(folder: Path, name: str) -> Path:
    """``folder / name``, checked to stay in ``folder`` (a name made from a slug); the folder
    of generated files is a real folder, never a link to another one (bib/, latex/)."""
    path = folder / name
    if Path(name).name != name or name.startswith("."):
        raise InputError(f"generated file name {name!r} is not a plain file name; nothing was written",
                         file=str(folder))
    if folder.is_symlink():
        raise InputError("is a symbolic link; surveybib writes generated files only into a real folder",
                         file=str(folder))
    inside(path, folder, what="its folder")
    return path


def _no_clobber(config: Config, outputs: list[Output]) -> None:
    """No generated output is the bib, pyproject.toml, or the README list (but its own)."""
    protected = {os.path.realpath(config.bib): "the bib", os.path.realpath(config.root / "pyproject.toml"): "pyproject.toml"}
    for output in outputs:
        real = os.path.realpath(output.path)
        if real in protected or (output.path != config.list and real == os.path.realpath(config.list)):
            what = protected.get(real, "the README list")
            raise InputError(f"a generated file would overwrite {what} ({real}); nothing was written "
                             "(a section slug, a configured folder or a link points there)", file=str(output.path))


def plan_exports(config: Config, survey: Survey, *, texts: dict[tuple[str, str], str] | None = None) -> list[Output]:
    """``bib/exports/``: every format, for the whole survey (``all``) and for each section
    (``texts``: the export texts, when :func:`export_texts` made them already)."""
    from .writers.exports import FORMATS

    texts = texts or export_texts(config, survey)
    return [Output(path, _generated(path), texts[name, fmt])
            for (name, fmt), path in ((key, _within(config.exports_dir, f"{key[0]}{FORMATS[key[1]]}")) for key in texts)]


def export_texts(config: Config, survey: Survey, formats: tuple[str, ...] | None = None) -> dict[tuple[str, str], str]:
    """(``all`` or a section slug, format) -> the export text, for every format (or those named)."""
    from .writers.exports import FORMATS

    return {(name, fmt): export(survey, fmt, sections=sections, profile=config.export_profile)
            for name, sections in [("all", None)] + [(s.slug, [s.slug]) for s in survey.sections]
            for fmt in FORMATS if formats is None or fmt in formats}


def stale_outputs(config: Config, survey: Survey | None = None, *, stamped: bool = False) -> list[Finding]:
    """O001 for every output that derives from the project's bib and is out of date.

    With ``stamped`` (``survey`` must then be the bib as its file holds it), a stamp from
    the last time the outputs matched spares the rendering (:mod:`surveybib.stamps`).
    """
    from . import stamps

    if stamped and stamps.in_sync(config):
        return []
    outputs = plan_sync(config, survey)
    stale = [o for o in outputs if o.changed]
    if stamped and not stale:
        stamps.record(config, outputs)
    return [Finding("O001", f"{o.path.name} is out of sync with the bib (run surveybib sync)",
                    Source(str(o.path), 1), None) for o in stale]


def plan_sync(config: Config, survey: Survey | None = None) -> list[Output]:
    """Every output that derives from the bib (``survey``, when already read), rendered in
    memory; nothing is written."""
    if not config.bib.exists():
        raise InputError("no such file", file=str(config.bib))
    if survey is None:
        survey, _ = load_bib(config.bib)
    outputs = plan_list(config, survey)
    if config.latex_dir.is_dir():
        outputs += plan_latex(config, survey)
    texts = export_texts(config, survey) if config.exports_dir.is_dir() or config.site else None
    if config.exports_dir.is_dir():
        outputs += plan_exports(config, survey, texts=texts)
    if config.site is not None:
        from .site import plan_site

        outputs += plan_site(config, survey, exports=texts)
    _no_clobber(config, outputs)
    return outputs


def plan_rekey(config: Config, old: str, new: str) -> list[Output]:
    """The bib, the LaTeX sources and the README with ``old`` renamed ``new``; nothing written.

    The bib records ``old -> new`` among its retired keys, so that cite-check can say
    "OLD is now NEW" where a citation was missed.
    """
    if not SAFE_NEW_KEY.match(new):
        raise InputError(f"{new!r} is not a usable citation key")
    text = read_text(config.bib)
    survey, _ = parse_bib(text, file=str(config.bib))
    entry = survey.entry(old)
    if entry is None:
        raise InputError(f"no entry {old!r}", file=str(config.bib))
    if any(e.key.lower() == new.lower() for e in survey.entries if e is not entry):
        raise InputError(f"an entry {new!r} exists already (keys are compared ignoring case)", file=str(config.bib))
    renamed = []
    for item in survey.entries:
        item = item.replace()
        if item.key == old:
            item.key = new
        renamed.append(item)
    return _retire_key(config, text, survey, renamed, old, new)


def _retire_key(config: Config, text: str, survey: Survey, entries: list, old: str, new: str) -> list[Output]:
    """The outputs of a step that replaces key ``old`` by ``new`` (rekey, merge): the bib with
    ``entries`` (crossrefs followed) and ``old -> new`` retired, the LaTeX sources' citations
    and the README markers renamed. Only the files that change."""
    from .transforms.citations import rename_citations

    for item in entries:  # BibTeX matches crossref keys ignoring case
        if item.fields.get("crossref", "").lower() == old.lower() and item.key.lower() != new.lower():
            item.fields["crossref"] = new
    result = survey.with_entries(entries)
    result.retired = {o: (new if n == old else n) for o, n in survey.retired.items()}
    result.retired[old] = new
    outputs = [Output(config.bib, text, write_bibtex(canonical_order(result)))]
    sources = sorted(config.latex_dir.rglob("*.tex")) if config.latex_dir.is_dir() else []
    for path in sources:
        before = read_text(path)
        outputs.append(Output(path, before, rename_citations(before, old, new)))
    if config.list.exists():
        before = read_text(config.list)
        from .markers import marker_prefix

        outputs.append(Output(config.list, before, before.replace(marker_prefix(old), marker_prefix(new))))
    return [o for o in outputs if o.changed]


def plan_merge(config: Config, keep: str, other: str, *, take: tuple[str, ...] = ()):
    """The bib with entry ``other`` merged into ``keep``, the LaTeX sources citing ``keep``
    instead, and the README markers renamed; nothing written. Also returns what the merge
    did (:class:`surveybib.transforms.merge_entries.Combined`).

    ``keep`` keeps its key and fields; ``other`` fills what ``keep`` lacks and adds its
    links and sections (at its positions there); fields named in ``take`` come from ``other``.
    The bib records ``other -> keep`` among its retired keys, as ``rekey`` does.
    """
    from .transforms.merge_entries import combine

    text = read_text(config.bib)
    survey, _ = parse_bib(text, file=str(config.bib))
    kept, dropped = survey.entry(keep), survey.entry(other)
    for key, entry in ((keep, kept), (other, dropped)):
        if entry is None:
            raise InputError(f"no entry {key!r}", file=str(config.bib))
    if kept is dropped:
        raise InputError(f"cannot merge {keep!r} into itself", file=str(config.bib))
    merged, done = combine(kept, dropped, take, config.registry())
    entries = [merged if item is kept else item.replace() for item in survey.entries if item is not dropped]
    return _retire_key(config, text, survey, entries, other, keep), done


def plan_add(config: Config, inputs: list[str], *, section: str, **options):
    """Papers added to the project's bib from identifiers, a citation block, a title or a
    list line, and the outputs synced; nothing is written (see :mod:`surveybib.upkeep`)."""
    from .upkeep import plan_add as plan

    return plan(config, inputs, section=section, **options)




@dataclass
class CheckPlan:
    """What ``check`` found in its files and, with ``fix``, what it would write."""

    findings: list[Finding] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)  # the fixed bibs and (project bib) synced outputs
    diffs: list[str] = field(default_factory=list)  # unified diffs of the fixed bibs
    fixed: dict[str, int] = field(default_factory=dict)  # per file: how many findings the fixes remove


def check_files(config: Config, files: tuple[Path, ...] = (), *, select: tuple[str, ...] = (),
                ignore: tuple[str, ...] = (), fix: bool = False, today=None) -> CheckPlan:
    """The findings of ``check`` on each file (default: the project's bib), with the project's
    select, ignore and severity; on the project's bib, outputs out of sync (O001) too. With
    ``fix``, the safe fixes are applied first: the plan holds the fixed bibs (and, for the
    project's bib, the outputs synced to it) and reports what remains. Nothing is written.
    """
    from .api import check, filter_findings
    from .api import fix as fix_survey
    from .catalogue import codes
    from .rules import Project, chosen_rules, context, run_rules

    select, ignore = select or config.check_select, ignore or config.check_ignore
    chosen = {"select": select, "ignore": ignore}
    ages = {"today": today, "stale_months": config.outdated_after_months}
    project_rules = chosen_rules(select, ignore, scopes=("project",))
    fixable = {code.code for code in codes().values() if code.fix}
    plan = CheckPlan()
    for path in files or (config.bib,):
        if not path.exists():
            raise InputError("no such file", file=str(path))
        survey, read = load_bib(path)
        plan.findings += read  # the reader's warnings (B005): the bib's errors stop before here
        own = path.resolve() == config.bib.resolve()
        if fix:
            before = check(survey, registry=config.registry(), **chosen, **ages)
            fixed = fix_survey(survey, registry=config.registry(), **chosen)
            text, after = read_text(path), write_bibtex(canonical_order(fixed))
            if write_bibtex(canonical_order(survey)) != after:
                survey = fixed
                if after != text:
                    plan.outputs.append(Output(path, text, after))
                    plan.diffs.append(unified_diff(text, after, path))
            if own and project_rules:
                plan.outputs += [o for o in plan_sync(config, survey) if o.changed and o.path != path]
        found = check(survey, registry=config.registry(), **chosen, **ages)
        if fix:
            gone = Counter(f.code for f in before if f.code in fixable)
            gone.subtract(Counter(f.code for f in found if f.code in fixable))
            plan.fixed[str(path)] = sum(n for n in gone.values() if n > 0)
        if own and project_rules and not fix:
            found += run_rules(survey, project_rules, context(config.registry()), project=Project(config, survey, from_file=True),
                               **chosen)
        plan.findings += found
    plan.findings = filter_findings(plan.findings, **chosen, severity=dict(config.check_severity))
    return plan


def unified_diff(old: str, new: str, path: Path) -> str:
    """What writing ``new`` over ``old`` at ``path`` changes, as a unified diff."""
    import difflib

    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        f"{path}", f"{path} (new)"))
