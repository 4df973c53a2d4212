"""The ``surveybib`` command line: a thin layer of click commands over :mod:`surveybib.api`.

Exit codes: 0 ok, 1 findings or changes needed, 2 unusable input.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from . import api, plans, project
from .config import load_config
from .errors import InputError
from .names import json_safe, terminal_safe
from .project import Output
from .writers import findings as findings_out

FORMATS = click.Choice(["text", "json"])


def echo_json(data) -> None:
    """JSON on stdout: exact data (characters a terminal would obey are \\u escapes, which
    every JSON reader decodes back), never altered text."""
    click.echo(json_safe(json.dumps(data, indent=2, ensure_ascii=False)))


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """click.echo for text that may hold user data: control and direction characters
    (ESC, OSC, NUL, RLO...) are shown as escapes, never sent to the terminal raw."""
    click.echo(terminal_safe(message), err=err, nl=nl)


def handle_input_errors(command):
    """Unusable input: ``file:line: message`` on stderr and exit 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as error:
            echo(f"error: {error}", err=True)
            sys.exit(2)
        except OSError as error:  # a file the command had to read or write: not usable
            where = f"{error.filename}: " if error.filename else ""
            echo(f"error: {where}{error.strerror or error}", err=True)
            sys.exit(2)

    return wrapper


def writes_project(command):
    """The command reads, changes and writes the project's files holding its lock (see
    :func:`surveybib.project.locked`), unless it only previews (--check, --diff, --dry-run)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        if any(kwargs.get(flag) for flag in ("check", "diff", "dry_run")) or kwargs.get("fix") is False:
            return command(*args, **kwargs)
        with project.locked(load_config().root) as notes:
            for note in notes:
                echo(f"note: {note}", err=True)
            return command(*args, **kwargs)

    return wrapper


def _root_for(config, *paths: Path):
    """The project root (journaled writes, every path checked to resolve inside it) when a
    path lies in the project as written; None for files the user named outside it, which
    are written where they said. So a symlink in the project never leads a write out of it."""
    import os

    root = Path(os.path.abspath(config.root))
    if any(root in Path(os.path.abspath(p)).parents for p in paths):
        return config.root
    return None


def _existing_text(path: Path) -> str | None:
    return api.read_text(path) if path.exists() else None


def comma_list(value: str) -> tuple[str, ...]:
    """``"a, b,,c"`` -> ``("a", "b", "c")``: the comma-separated options."""
    return tuple(part.strip() for part in value.split(",") if part.strip())


def bib_option(command):
    return click.option(
        "--bib",
        "bib_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The canonical .bib file (default: [tool.surveybib] bib, or bib/survey.bib).",
    )(command)


def _default_bib(bib_path: Path | None) -> Path:
    return bib_path or load_config().bib


@click.group()
@click.version_option(package_name="surveybib")
def main() -> None:
    """Keep a survey's paper list, its .bib and its readers' exports in sync."""
    _tune_collector()


def _tune_collector() -> None:
    """A command is one short process that builds large acyclic data (a 100k-entry bib is
    millions of strings and dicts, none in a reference cycle). CPython's cycle collector
    would still walk the growing heap again and again (a third of the time of parsing
    100k entries), so the CLI, and only the CLI, makes full collections rare: the objects
    alive after imports are frozen out of it, and a collection of the youngest objects
    waits for 50,000 allocations. Reference counting frees everything as usual. The
    library leaves the interpreter's settings alone."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


@main.command("import")
@click.argument("list_path", metavar="LIST.md", type=click.Path(dir_okay=False, path_type=Path))
@bib_option
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the bib would change.")
@click.option("--delete", is_flag=True, help="Remove entries whose lines were deleted from a rendered README.")
@click.option("--strict", is_flag=True,
              help="Exit 1 on any warning too (an unrecognized line, an unknown region, a title that reads like authors...).")
@handle_input_errors
@writes_project
def import_command(list_path: Path, bib_path: Path | None, fmt: str, check: bool, delete: bool, strict: bool) -> None:
    """Merge a markdown paper list into the bib and report every item.

    Each bullet (or table row, or block) is reported as new, merged into KEY, or
    malformed with the reason. Existing entries are never overwritten. A README that
    surveybib rendered is merged three-way: edited lines are applied (or reported as
    conflicts), deleted lines reported (removed only with --delete). Every other block of
    a list section is reported with its kind (prose, toc, news, resource, pseudo-heading,
    reference, table-header) or as unrecognized. Exit 1 when an item is malformed, in
    conflict, or has an error-level finding; with --strict, also when an item has a
    warning (an unrecognized line carries one).

    Example: surveybib import README.md --bib bib/survey.bib
    """
    config = load_config()
    bib = bib_path or config.bib
    old = _existing_text(bib)
    survey, _ = api.parse_bib(old or "", file=str(bib))
    text = api.read_text(list_path)
    merged, records = api.import_list(
        survey, text, file=str(list_path), registry=config.registry(), delete=delete
    )
    new = api.write_bibtex(merged)
    if fmt == "json":
        echo_json([r.as_dict() for r in records])
    else:
        for record in records:
            where = f"{list_path}:{record.line}"
            what = f"{record.status} {record.key}" if record.key else record.status
            echo(f"{where}: {what}")
            for finding in record.findings:
                echo("    " + findings_out.brief_line(finding))
        echo(import_summary(records), err=True)
    if check:
        if new != (old or ""):
            echo(f"{bib} would change", err=True)
            sys.exit(1)
    elif new != (old or ""):
        project.write_all([Output(bib, old, new)], root=_root_for(config, bib))
        echo(f"wrote {bib} ({len(merged.entries)} entries)", err=True)
    failing = ("error", "warning") if strict else ("error",)
    failed = any(
        r.status in ("malformed", "conflict") or any(f.severity in failing for f in r.findings)
        or (strict and r.status == "unrecognized")
        for r in records
    )
    sys.exit(1 if failed else 0)


def import_summary(records) -> str:
    """``259 items: 246 new, 13 merged, 0 malformed; 5 notes; 12 other blocks: 3 toc, 9 prose``."""
    statuses = ("new", "merged", "unchanged", "applied", "conflict", "stale", "removed", "deleted", "malformed")
    counts = {s: sum(r.status == s for r in records) for s in statuses}
    items = sum(counts.values())
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n or s in ("new", "merged", "malformed"))
    notes = sum(r.status == "note" for r in records)
    line = f"{items} items: {summary}; {notes} notes"
    others = [r for r in records if r.status in ("skipped", "unrecognized")]
    if others:
        kinds: dict[str, int] = {}
        for record in others:
            kinds[record.kind] = kinds.get(record.kind, 0) + 1
        line += f"; {len(others)} other blocks: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    return line


@main.command("fmt")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print a unified diff of the changes.")
@handle_input_errors
@writes_project
def fmt_command(files: tuple[Path, ...], check: bool, diff: bool) -> None:
    """Rewrite .bib files in canonical form (default: the project's bib).

    Fields in a fixed order, two-space indent, braced values, entries in section
    order. Unknown fields, comments, @string and @preamble are kept. Formatting a
    formatted file changes nothing.

    Example: surveybib fmt --check bib/survey.bib
    """
    config = load_config()
    changed = False
    for path in files or (config.bib,):
        old = api.read_text(path)
        output = Output(path, old, api.format_bib(old, file=str(path)))
        changed |= apply_outputs([output], check, diff, root=_root_for(config, path), done="reformatted",
                                 would="would reformat", exit_on_change=False)
    sys.exit(1 if changed and (check or diff) else 0)


@main.command("codes")
@click.argument("selectors", nargs=-1, metavar="[CODE_OR_PREFIX]...")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_input_errors
def codes_command(selectors: tuple[str, ...], fmt: str) -> None:
    """Explain finding codes: severity, what each means, how to fix it, and the check rule
    that reports it (default: every code, plugins' included).

    Example: surveybib codes V004 D
    """
    from .catalogue import codes
    from .rules import all_rules

    owners = {code: rule.name for rule in all_rules() for code in rule.code_names}
    known = codes()
    chosen = [c for c in sorted(known) if not selectors or c.startswith(selectors)]
    unknown = [s for s in selectors if not any(c.startswith(s) for c in known)]
    if unknown:
        raise InputError(f"no finding code starts with {', '.join(map(repr, unknown))}")
    items = [{"code": c, "severity": known[c].severity, "summary": known[c].summary, "hint": known[c].hint,
              "fix": known[c].fix, "rule": owners.get(c)} for c in chosen]
    if fmt == "json":
        echo_json(items)
        return
    for item in items:
        rule = f" (check rule {item['rule']}{', check --fix repairs it' if item['fix'] else ''})" if item["rule"] else ""
        echo(f"{item['code']} [{item['severity']}] {item['summary']}{rule}")
        if item["hint"]:
            echo(f"    fix: {item['hint']}")


@main.command("stats")
@click.argument("bib_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_input_errors
def stats_command(bib_file: Path | None, fmt: str) -> None:
    """Count entries per section, per venue and per year.

    Example: surveybib stats bib/survey.bib --format json
    """
    path = _default_bib(bib_file)
    if not path.exists():
        raise InputError("no such file", file=str(path))
    survey, _ = api.load_bib(path)
    numbers = api.stats(survey, registry=load_config().registry())
    if fmt == "json":
        echo_json({"entries": len(survey.entries), **numbers})
        return
    echo(f"{path}: {len(survey.entries)} entries")
    for title, table in (("per section", "sections"), ("per venue", "venues"), ("per year", "years")):
        echo(f"\n{title}:")
        width = max((len(k) for k in numbers[table]), default=0)
        for name, count in numbers[table].items():
            echo(f"  {name:<{width}}  {count:>4}")


def print_findings(findings, fmt: str) -> None:
    """The one way findings are printed: text (with hints), json or GitHub annotations."""
    if fmt == "json":
        echo_json(findings_out.json_items(findings))
    else:
        _echo_lines(findings_out.github_lines(findings) if fmt == "github" else findings_out.text_lines(findings))


@main.command("normalize")
@click.argument("bib_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the bib would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print a unified diff of the changes.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_input_errors
@writes_project
def normalize_command(bib_file: Path | None, check: bool, diff: bool, fmt: str) -> None:
    """Give every entry its canonical venue and year, and report the evidence.

    Precedence: venueoverride in the bib, then a proceedings/publisher URL or DOI,
    then the venue the bib names, then the arXiv id. Disagreements and implausible
    years are reported. Keys never change.

    Example: surveybib normalize --diff bib/survey.bib
    """
    config = load_config()
    path = bib_file or config.bib
    old = api.read_text(path)
    survey, _ = api.parse_bib(old, file=str(path))
    normalized, findings = api.normalize_bib(survey, registry=config.registry())
    new = api.write_bibtex(api.canonical_order(normalized))
    print_findings(findings, fmt)
    changed = apply_outputs([Output(path, old, new)], check, diff, root=_root_for(config, path), done="normalized",
                            would="would normalize", exit_on_change=False)
    sys.exit(max(findings_out.exit_code(findings), int(changed and (check or diff))))


@main.command("venue")
@click.argument("inputs", nargs=-1, required=True, metavar="TEXT_OR_URL...")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input.")
@handle_input_errors
def venue_command(inputs: tuple[str, ...], as_json: bool) -> None:
    """Resolve venue text or a URL to the canonical venue and year.

    Text may be misspelled (NeulIPS 2024), abbreviated (NIPS'17) or a proceedings
    title (Proc. of the 40th International Conference on Machine Learning). Exit 1
    when an input names no known venue.

    Example: surveybib venue --json "NeulIPS 2024" https://proceedings.mlr.press/v202/x.html
    """
    registry = load_config().registry()
    results = [api.resolve_venue(text, registry=registry) for text in inputs]
    if as_json:
        echo_json(results)
    else:
        for result in results:
            if result["venue"] is None:
                echo(f"{result['input']}: no known venue")
                continue
            year = f" {result['year']}" if result["year"] else ""
            echo(f"{result['input']}: {result['venue']}{year} ({result['name']}, {result['kind']})")
            for line in result["evidence"]:
                echo(f"    {line}")
    sys.exit(1 if any(r["venue"] is None for r in results) else 0)


def apply_outputs(outputs: list[Output], check: bool, diff: bool, *, root: Path | None, done: str = "updated",
                  would: str = "would update", exit_on_change: bool = True) -> bool:
    """The one way a command ends: write the outputs that changed, all in one step, or with
    --check/--diff show them (and exit 1 unless ``exit_on_change`` is off). ``root``: the
    project they must stay inside (None: a folder the user named). True when any changed."""
    stale = [o for o in outputs if o.changed]
    for output in outputs:
        print_findings(output.findings, "text")
    for output in stale:
        if diff:
            echo(plans.unified_diff(output.old or "", output.new, output.path), nl=False)
        if check or diff:
            echo(f"{would} {output.path}", err=True)
    if stale and not (check or diff):
        project.write_all(stale, root=root)
        for output in stale:
            echo(f"{done} {output.path}", err=True)
    if exit_on_change and (check or diff) and stale:
        sys.exit(1)
    return bool(stale)


@main.command("sync")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if an output is out of date.")
@click.option("--diff", is_flag=True, help="Write nothing; print a unified diff of each out-of-date output.")
@handle_input_errors
@writes_project
def sync_command(check: bool, diff: bool) -> None:
    """Regenerate every output that derives from the bib.

    The README list ([tool.surveybib] list) and, when latex/ exists, the LaTeX
    reference lists in latex/generated/; the exports when bib/exports/ exists, and
    the readers' page when [tool.surveybib] site is set. In the README only the regions between
    <!-- surveybib:begin NAME --> and <!-- surveybib:end --> are written.

    Example: surveybib sync --check
    """
    config = load_config()
    outputs = plans.plan_sync(config)
    apply_outputs(outputs, check, diff, root=config.root)
    if not (check or diff):
        from . import stamps

        stamps.record(config, outputs)  # the outputs now match the bib: check need not render them


@main.command("latex")
@click.option("--flavour", type=click.Choice(["natbib", "biblatex"]), help="Default: [tool.surveybib] latex.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), help="Folder (default: latex/generated).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is out of date.")
@click.option("--diff", is_flag=True, help="Write nothing; print a unified diff of each out-of-date file.")
@handle_input_errors
@writes_project
def latex_command(flavour: str | None, output: Path | None, check: bool, diff: bool) -> None:
    """Write the LaTeX reference list of every section (latex/generated/<slug>.tex).

    natbib: a \\cite list and a table (title, venue, year, citation) per section and
    one bibliography; biblatex: the same, and per section
    \\printbibliography[keyword=<slug>, heading=subbibliography].

    Example: surveybib latex --flavour biblatex
    """
    config = load_config()
    if not config.bib.exists():
        raise InputError("no such file", file=str(config.bib))
    survey, _ = api.load_bib(config.bib)
    apply_outputs(plans.plan_latex(config, survey, flavour=flavour, folder=output), check, diff,
                  root=config.root if output is None else None)


@main.command("site")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder (default: [tool.surveybib] site, else site/).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is out of date.")
@click.option("--diff", is_flag=True, help="Write nothing; print a unified diff of each out-of-date file.")
@handle_input_errors
@writes_project
def site_command(output: Path | None, check: bool, diff: bool) -> None:
    """Write the survey's page for readers: one self-contained index.html and downloads/.

    Search as you type, filters (section, venue, years, kind), sorts, copy BibTeX,
    the BibTeX/RIS/CSL-JSON exports of the survey and of each section, COinS for the
    Zotero Connector, and the figures of the field's evolution. It needs no network
    and works opened from file://; publish the folder on GitHub Pages.

    Example: surveybib site -o site
    """
    from .site import plan_site

    config = load_config()
    if not config.bib.exists():
        raise InputError("no such file", file=str(config.bib))
    survey, _ = api.load_bib(config.bib)
    apply_outputs(plan_site(config, survey, folder=output), check, diff,
                  root=config.root if output is None else _root_for(config, output))


@main.command("init-readme")
@click.argument("list_path", metavar="LIST.md", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Where to write (default: [tool.surveybib] list).")
@handle_input_errors
@writes_project
def init_readme_command(list_path: Path, output: Path | None) -> None:
    """Turn an existing paper-list README into a surveybib template.

    Its paper sections and its table of contents become generated regions; the
    rest (introduction, figures, citation) stays the authors'. Run `surveybib sync`
    afterwards to fill the regions from the bib.

    Example: surveybib init-readme README.md -o bib/README.md
    """
    config = load_config()
    target = output or config.list
    if target.exists():
        raise InputError("exists already; remove it or choose another -o", file=str(target))
    text, findings = api.readme_template(api.read_text(list_path), file=str(list_path))
    print_findings(findings, "text")
    project.write_all([Output(target, None, text)], root=_root_for(config, target))
    echo(f"wrote {target}", err=True)


@main.command("init")
@click.argument("list_path", metavar="LIST.md", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@handle_input_errors
def init_command(list_path: Path) -> None:
    """Make a survey project here from its paper list, in one step.

    Writes [tool.surveybib] to pyproject.toml (creating it if needed), imports the list
    into bib/survey.bib, makes bib/README.md from it, scaffolds latex/ (main.tex with a
    part per top-level section, latexmkrc, the generated lists), .pre-commit-config.yaml
    and .github/workflows/surveybib.yml. Overwrites nothing: exit 2 if a file exists.

    Example: surveybib init README.md
    """
    from .scaffold import NEXT_STEPS, plan_init

    outputs, records, findings = plan_init(Path.cwd(), list_path)
    echo(import_summary(records), err=True)
    print_findings(findings, "text")
    project.write_all(outputs, root=Path.cwd())
    for output in outputs:
        echo(f"wrote {output.path.relative_to(Path.cwd())}", err=True)
    echo(NEXT_STEPS, nl=False)


@main.command("cite-check")
@click.argument("latex_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--main", "main_file", default="main.tex", show_default=True, help="The file LaTeX starts from.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@handle_input_errors
def cite_check_command(latex_dir: Path | None, main_file: str, fmt: str) -> None:
    """Check the LaTeX source's citations against the bib, section by section.

    Reports keys cited but missing from the bib (saying "OLD is now NEW" for keys
    that rekey retired), papers of a section its text never cites, papers cited in a
    section they do not belong to, and keys that differ only by case. The generated
    lists are not counted as citations. Exit 1 on errors.

    Example: surveybib cite-check latex --format json
    """
    config = load_config()
    folder = latex_dir or config.latex_dir
    survey, _ = api.load_bib(_must_exist(config.bib))
    findings = api.cite_check(survey, folder / main_file)
    if fmt == "json":
        print_findings(findings, "json")
    else:
        by_section: dict[str, list] = {}
        for finding in findings:
            by_section.setdefault(_section_of(finding, survey), []).append(finding)
        for section, found in by_section.items():
            echo(f"{section}:")
            _echo_lines(findings_out.text_lines(found, hints=False, indent="  "))
        echo(findings_out.summary(findings), err=True)
    sys.exit(findings_out.exit_code(findings))


def _must_exist(path: Path) -> Path:
    if not path.exists():
        raise InputError("no such file", file=str(path))
    return path


def _section_of(finding, survey) -> str:
    words = finding.message.split()
    for section in survey.sections:
        if section.slug in words:
            return section.slug
    return "(whole document)"


@main.command("extract")
@click.option("--aux", "aux_path", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .aux file of a LaTeX run.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .bib to write.")
@bib_option
@handle_input_errors
def extract_command(aux_path: Path, output: Path, bib_path: Path | None) -> None:
    """Write the minimal bib of what a document cites (for an arXiv submission).

    Reads \\citation (BibTeX) and \\abx@aux@cite (biblatex) from the .aux and the
    .aux files it includes; adds crossref parents, the @string macros they use and
    the preambles. Exit 1 when a cited key is not in the bib.

    Example: surveybib extract --aux latex/main.aux -o refs.bib
    """
    bib = _must_exist(_default_bib(bib_path))
    survey, _ = api.load_bib(bib)
    extracted, missing = api.extract_cited(survey, api.read_text(aux_path), aux_folder=aux_path.parent)
    project.write_atomic(output, api.write_bibtex(extracted))
    for key in missing:
        echo(f"{aux_path}: {key} is cited but not in {bib}", err=True)
    echo(f"wrote {output} ({len(extracted.entries)} entries)", err=True)
    sys.exit(1 if missing else 0)


@main.command("rekey")
@click.argument("old")
@click.argument("new")
@click.option("--dry-run", is_flag=True, help="Show the changes; write nothing.")
@handle_input_errors
@writes_project
def rekey_command(old: str, new: str, dry_run: bool) -> None:
    """Rename a citation key in the bib, every \\cite of latex/, and the README markers.

    All files are written in one step (each to a temporary file, then renamed), and
    the bib records OLD -> NEW so that cite-check can explain a citation of OLD.

    Example: surveybib rekey denoising2020diffusion song2021ddim
    """
    config = load_config()
    outputs = plans.plan_rekey(config, old, new)
    for output in outputs:
        if dry_run:
            echo(plans.unified_diff(output.old or "", output.new, output.path), nl=False)
    if not dry_run:
        project.write_all(outputs, root=_root_for(config, *(o.path for o in outputs)))
        for output in outputs:
            echo(f"updated {output.path}", err=True)


@main.command("merge")
@click.argument("keep")
@click.argument("other")
@click.option("--take", default="", help="Fields to take from OTHER where both entries have them, comma-separated.")
@click.option("--dry-run", is_flag=True, help="Show the changes; write nothing.")
@handle_input_errors
@writes_project
def merge_command(keep: str, other: str, take: str, dry_run: bool) -> None:
    """Merge entry OTHER into KEEP: one paper, one entry (what check's D rules ask for).

    KEEP keeps its key and its fields; OTHER fills the fields KEEP lacks and adds its
    links and sections. Where both have a field with different values, KEEP's value
    stays (--take names the fields to take from OTHER) and the difference is reported.
    Citations of OTHER in latex/ become citations of KEEP, the README markers follow,
    and the bib records OTHER -> KEEP so that cite-check can explain an old citation.
    All files are written in one step. Run surveybib sync afterwards.

    Example: surveybib merge truncated2022diffusion truncated2023diffusion --dry-run
    """
    config = load_config()
    outputs, done = plans.plan_merge(config, keep, other, take=comma_list(take))
    for output in outputs:
        if dry_run:
            echo(plans.unified_diff(output.old or "", output.new, output.path), nl=False)
    for line in _merge_report(keep, other, done):
        echo(line, err=True)
    if not dry_run:
        project.write_all(outputs, root=_root_for(config, *(o.path for o in outputs)))
        for output in outputs:
            echo(f"updated {output.path}", err=True)


def _merge_report(keep: str, other: str, done) -> list[str]:
    lines = [f"filled {keep}.{name} from {other}" for name in done.filled]
    lines += [f"took {keep}.{name} from {other}" for name in done.taken]
    lines += [f"kept {keep}.{name} {mine!r}; {other} had {theirs!r} (--take {name} to take it)"
              for name, mine, theirs in done.kept]
    if done.type:
        lines.append(f"type {done.type[0]} -> {done.type[1]}, with {other}'s venue")
    lines += [f"dropped {what}" for what in done.dropped]
    lines += [f"added section {slug}" for slug in done.sections]
    lines += [f"added link {url}" for url in done.links]
    lines.append(f"{other} merged into {keep}; {other} is retired (-> {keep})")
    return lines


@main.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(["bibtex", "biblatex", "csljson", "ris"]))
@click.option("--section", "sections", multiple=True, help="A section slug (repeatable); default: every entry.")
@click.option("--profile", type=click.Choice(["full", "compact"]), help="Default: [tool.surveybib] export_profile.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: standard output.")
@bib_option
@handle_input_errors
def export_command(fmt: str, sections: tuple[str, ...], profile: str | None, output: Path | None,
                   bib_path: Path | None) -> None:
    """Export the survey, whole or by section, for reference managers.

    BibTeX, BibLaTeX (date, journaltitle, eprint/eprinttype), CSL-JSON (Zotero,
    pandoc, citeproc) or RIS (EndNote, Mendeley, Zotero). Sections travel as
    keywords (tags in Zotero). The full profile keeps every field; compact keeps
    what a camera-ready bibliography needs.

    Example: surveybib export --format csljson --section part-5-efficient-sampling-and-inference -o part5.json
    """
    config = load_config()
    bib = bib_path or config.bib
    if not bib.exists():
        raise InputError("no such file", file=str(bib))
    survey, _ = api.load_bib(bib)
    text = api.export(survey, fmt, sections=list(sections), profile=profile or config.export_profile)
    if output:
        project.write_atomic(output, text)
        echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)  # data, exactly as the export writes it to a file


@main.command("enrich")
@bib_option
@click.option("--from", "sources", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A BibTeX, BibLaTeX or CSL-JSON file to take metadata from (repeatable).")
@click.option("--fields", default="author,doi,eprint,venue", show_default=True,
              help="Fields to fill, comma-separated; venue is the published version, title the title as published.")
@click.option("--overwrite", default="", help="Fields that may replace a value the bib has, comma-separated.")
@click.option("--online", default="", help="Also ask these services: arxiv,crossref,dblp,semanticscholar,openreview (never by default).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where online answers are cached (default: ~/.cache/surveybib).")
@click.option("--dry-run", is_flag=True, help="Print the diff and the report; write nothing.")
@handle_input_errors
@writes_project
def enrich_command(bib_path: Path | None, sources: tuple[Path, ...], fields: str, overwrite: str,
                   online: str, cache_dir: Path | None, dry_run: bool) -> None:
    """Add authors, DOIs and published versions to the bib, from other bibliographies.

    Matches by arXiv id, then DOI, then normalized title; a match needs agreeing
    titles and, when both sides name authors, a shared author. Fills missing fields,
    upgrades arXiv-only entries that were published (keeping the eprint), never
    overwrites a field unless --overwrite names it, never changes a key. Every run
    ends with a report: filled, upgraded, conflicts, skipped and why.
    With title in --fields, a source's title is taken only when it is the bib's
    title written as published (case, punctuation, hyphens, spacing, a dropped
    name); other wording is reported as a conflict.

    Example: surveybib enrich --online semanticscholar,openreview --fields title,venue --dry-run
    """
    from .online.http import Client, OnlineError

    bib = _default_bib(bib_path)
    if not sources and not online:
        raise InputError("nothing to enrich from: give --from FILE or --online SOURCES")
    text = api.read_text(bib)
    survey, _ = api.parse_bib(text, file=str(bib))
    client = Client(cache_dir or _cache_dir()) if online else None
    try:
        with click.progressbar(length=len(survey.entries), label="asking online sources",
                               file=sys.stderr, hidden=not online) as bar:
            enriched, report = api.enrich_bib(
                survey, list(sources), fields=comma_list(fields), overwrite=comma_list(overwrite),
                registry=load_config().registry(), online=comma_list(online), client=client, progress=bar.update,
            )
    except OnlineError as error:
        echo(f"error: {error}; nothing was written", err=True)
        sys.exit(2)
    new = api.write_bibtex(api.canonical_order(enriched))
    if dry_run:
        echo(plans.unified_diff(text, new, bib), nl=False)
    for change in report.filled:
        echo(f"filled {change.key}.{change.field} from {change.source} ({change.how}, {change.score:.2f})")
    for change in report.upgraded:
        echo(f"upgraded {change.key} to {change.new} from {change.source} ({change.how}); eprint kept")
    for change in report.conflicts:
        echo(f"conflict {change.key}.{change.field}: bib {change.old!r}, {change.source} {change.new!r} (bib kept)")
    for key, source, reason in report.skipped:
        echo(f"skipped {key}: {source}: {reason}")
    keys = {c.key for c in report.filled + report.upgraded}
    echo(f"{len(keys)} entries enriched, {len(report.upgraded)} upgraded, {len(report.conflicts)} conflicts, "
               f"{len(report.skipped)} matches refused, {len(report.unmatched)} entries without a match", err=True)
    if not dry_run and new != text:
        project.write_all([Output(bib, text, new)], root=_root_for(load_config(), bib))
        echo(f"wrote {bib}", err=True)


def _cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "surveybib"


@main.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@click.option("--select", default="", help="Only these codes or prefixes, comma-separated (e.g. D,V004).")
@click.option("--ignore", default="", help="Skip these codes or prefixes, comma-separated.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes (V001, V002, V010, M001, U001; O001 by syncing), then report what remains.")
@click.option("--diff", is_flag=True, help="Print the diff that --fix would make to the bib; write nothing; exit 1 if there is one.")
@handle_input_errors
@writes_project
def check_command(files: tuple[Path, ...], fmt: str, select: str, ignore: str, fix: bool, diff: bool) -> None:
    """Lint survey bibliographies: duplicates, venues, identifiers, URLs, fields, sync.

    Rules have stable codes (see the README's rule table); [tool.surveybib.check]
    sets select, ignore and severity. On the project's own bib, outputs out of sync
    (README list, LaTeX lists, exports) are findings too. Exit 0 clean, 1 findings at
    error level, 2 unusable input. --fix applies the fixes that have one right answer
    (the bib is written in canonical form, as fmt writes it) and syncs the outputs;
    everything else stays a finding for a person to decide.

    Example: surveybib check bib/survey.bib --format github --ignore F002
    """
    from .config import rule_codes

    config = load_config()
    plan = plans.check_files(config, files, select=rule_codes(comma_list(select), where="--select"),
                             ignore=rule_codes(comma_list(ignore), where="--ignore"), fix=fix or diff)
    if diff:
        for text in plan.diffs:
            echo(text, nl=False)
        sys.exit(1 if plan.diffs else 0)
    if fix and plan.outputs:
        project.write_all(plan.outputs, root=_root_for(config, *(o.path for o in plan.outputs)))
        for output in plan.outputs:
            echo(f"updated {output.path}", err=True)
    for path, count in plan.fixed.items():
        echo(f"fixed {count} findings in {path}", err=True)
    print_findings(plan.findings, fmt)
    if fmt == "text":
        done = f"{sum(plan.fixed.values())} fixed, " if fix else ""
        echo(f"{done}{findings_out.summary(plan.findings)}", err=True)
    sys.exit(findings_out.exit_code(plan.findings))


def _echo_lines(lines, batch: int = 4096) -> None:
    """Print lines a batch at a time: one write per line costs more than the rules on big bibs."""
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == batch:
            echo("\n".join(chunk))
            chunk = []
    if chunk:
        echo("\n".join(chunk))


@main.command("add")
@click.argument("inputs", nargs=-1, metavar="ID_OR_URL...")
@click.option("--section", required=True, help="The section slug the papers join.")
@click.option("--after", help="Place them after this entry of the section (default: at its end).")
@click.option("--bibtex", "citation", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="A citation block (BibTeX, e.g. from the paper's README); - reads standard input.")
@click.option("--title", help="The paper's title (plain text), when no citation block gives it.")
@click.option("--line", help="A list line: 'Title, <ins>Venue, Year</ins> [[pdf](link)] [[other resources](link)].'")
@click.option("--online", default="", help="Ask these services for title, authors and published version: arxiv,crossref,dblp.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where online answers are cached (default: ~/.cache/surveybib).")
@click.option("--dry-run", is_flag=True, help="Show the new entries and lines; write nothing.")
@handle_input_errors
@writes_project
def add_command(inputs: tuple[str, ...], section: str, after: str | None, citation, title: str | None,
                line: str | None, online: str, cache_dir: Path | None, dry_run: bool) -> None:
    """Add papers to the bib from an arXiv id, a DOI, a paper's URL, a citation block or a list line.

    URLs of arXiv, doi.org, OpenReview, the ACL Anthology, CVF open access, PMLR and
    NeurIPS proceedings are understood; the venue and year come from the URL rules.
    Offline, the title (and authors) come from --bibtex or --title; with --online the
    services fill them. A paper whose arXiv id, DOI, URL or title is in the bib already
    is reported and not added. The bib and the synced outputs are written in one step.
    Exit 0 when every paper was added, 1 when one was refused (duplicate, no title,
    unknown to the services), 2 on unusable input (nothing is written).

    Example: surveybib add 2312.00858 --section part-5-efficient-sampling-and-inference --online arxiv
    """
    from .online.http import Client, OnlineError

    config = load_config()
    sources = comma_list(online)
    client = Client(cache_dir or _cache_dir()) if sources else None
    text = name = None
    if citation is not None:
        name = "<stdin>" if str(citation) == "-" else citation.name
        text = _stdin_text() if str(citation) == "-" else api.read_text(citation)
    try:
        plan = plans.plan_add(config, list(inputs), section=section, after=after, citation=text,
                            citation_file=name or "-", title=title, line=line, online=sources, client=client)
    except OnlineError as error:
        echo(f"error: {error}; nothing was written", err=True)
        sys.exit(2)
    for note in plan.notes:
        echo(note, err=True)
    for outcome in plan.outcomes:
        what = f"{outcome.status} {outcome.key}" if outcome.status == "added" else f"{outcome.status} {outcome.label}"
        echo(f"{what}: {outcome.message}", err=True)
        for finding in outcome.findings:
            echo("    " + findings_out.brief_line(finding), err=True)
    for outcome in plan.outcomes:
        if outcome.status == "added":
            _show_added(plan, config, outcome.key)
    if plan.outputs and not dry_run:
        project.write_all(plan.outputs, root=_root_for(config, *(o.path for o in plan.outputs)))
    for output in plan.outputs:
        echo(f"{'would update' if dry_run else 'updated'} {output.path}", err=True)
    sys.exit(0 if all(o.status == "added" for o in plan.outcomes) else 1)


def _stdin_text() -> str:
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (byte {error.start})", file="<stdin>") from None


def _show_added(plan, config, key: str) -> None:
    """The new entry as the bib holds it, and its line in the README list."""
    import re

    bib = next(o.new for o in plan.outputs if o.path == config.bib)
    block = re.search(rf"^@\w+\{{{re.escape(key)},\n.*?^\}}$", bib, re.MULTILINE | re.DOTALL)
    echo(block.group(0) if block else key)
    readme = next((o.new for o in plan.outputs if o.path == config.list), None)
    readme = readme if readme is not None else (api.read_text(config.list) if config.list.exists() else "")
    from .markers import marker_prefix

    lines = [x for x in readme.splitlines() if marker_prefix(key) in x]
    if lines:
        echo(f"{config.list.name}: {lines[0]}")


@main.command("outdated")
@bib_option
@click.option("--online", default="", help="Ask these services: arxiv,crossref,dblp (never by default).")
@click.option("--links/--no-links", default=True, show_default=True, help="With --online, also check every link.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="The date to measure ages from (default: today).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where online answers are cached (default: ~/.cache/surveybib).")
@handle_input_errors
def outdated_command(bib_path: Path | None, online: str, links: bool, fmt: str, today, cache_dir: Path | None) -> None:
    """Report what has gone stale: old preprints, published versions, renamed papers, dead links.

    Offline: the preprints older than [tool.surveybib] outdated_after_months (default
    12). With --online: the preprints a service knows as published (with the evidence
    and the enrich command that applies it), arXiv ids whose title changed, and links
    that answer 404 or redirect elsewhere (asked politely, cached). --format github
    prints workflow annotations. Exit 1 when something is outdated.

    Example: surveybib outdated --online arxiv,dblp --format github
    """
    from .online.http import Client, OnlineError

    config = load_config()
    bib = bib_path or config.bib
    if not bib.exists():
        raise InputError("no such file", file=str(bib))
    survey, _ = api.load_bib(bib)
    sources = comma_list(online)
    client = Client(cache_dir or _cache_dir()) if sources else None
    try:
        from .transforms.outdated import preprints

        with click.progressbar(length=len(preprints(survey)) * len(sources), label="asking online sources",
                               file=sys.stderr, hidden=not sources) as bar:
            found = api.outdated(survey, registry=config.registry(), months=config.outdated_after_months,
                                 today=today.date() if today else None, online=sources, client=client,
                                 links=links, progress=bar.update)
    except OnlineError as error:
        echo(f"error: {error}", err=True)
        sys.exit(2)
    found = [_relative(s) for s in found]
    if fmt == "json":
        echo_json([s.as_dict() for s in found])
    elif fmt == "github":
        from .writers.annotations import annotation

        _echo_lines(annotation("warning", f"{s.key}: {s.message}" + (f" (fix: {s.fix})" if s.fix else ""),
                               file=s.source.file if s.source else None, line=s.source.line if s.source else None,
                               title=s.code) for s in found)
    else:
        for s in found:
            echo(f"{s.source}: {s.code} {s.key}: {s.message}" if s.source else f"{s.code} {s.key}: {s.message}")
            for line in s.evidence:
                echo(f"    evidence: {line}")
            if s.fix:
                echo(f"    fix: {s.fix}")
        echo(f"{len(found)} outdated", err=True)
    sys.exit(1 if found else 0)


def _relative(stale):
    """A finding whose file is relative to the working directory, when it is below it."""
    import dataclasses
    import os

    if stale.source is None or not os.path.isabs(stale.source.file):
        return stale
    path = Path(stale.source.file)
    try:
        shown = path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return stale
    return dataclasses.replace(stale, source=dataclasses.replace(stale.source, file=shown))
