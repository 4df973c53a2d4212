"""Merge contributors' edits of a rendered README back into the bib: a three-way comparison.

Every line surveybib renders ends with ``<!-- surveybib KEY FINGERPRINT -->``, the
fingerprint of the line as rendered. For each bullet of the README:

* no marker (or the marker of a key the bib does not have): a new bullet. It merges
  into an entry with the same title, or becomes a new entry (keeping the marker's
  key), placed after the bullet before it in its section;
* the line still has its fingerprint: nobody edited it. Whatever the bib says now wins
  (a bib edit shows up in the README at the next ``sync``);
* the line was edited and the bib's entry still renders to the fingerprint: only the
  README changed, so its title, links, badge (venue, year) and section are applied;
* both changed: a conflict. It is reported field by field and the bib is kept.

An entry that a section of the bib holds but the README's section does not show is
reported as removed; only ``delete=True`` removes it (from that section, and the entry
when it is left in no section). The order of existing entries is the bib's; a
README that orders them differently is reported.

What a contributor's edit cannot do without saying so: a line under a region name
that names no section of the bib (a typo) is read in the section its entry has, with
a warning (R012), and moves nothing; a title that is empty or reads like the author
line (a hard-wrapped or half-deleted line) is not applied (R013); a marker whose key
could not be written back as a citation key is ignored (R014).
"""

from __future__ import annotations

from dataclasses import dataclass

from .markers import fingerprint
from .model import Entry, Finding, Survey
from .names import key_problem
from .names import shown as quoted
from .readers.markdown import ListItem, ParsedList
from .storage import UNPLACED  # a membership this import added; placed by _place_section
from .text.latex import plain_text
from .text.people import author_line
from .transforms.evidence import evidence_from_item
from .transforms.list_import import ImportRecord, merge_list
from .venues import Registry
from .venues.badges import badge
from .venues.decision import Claim, apply_claim
from .writers.markdown import badge_url, line_content


@dataclass
class _State:
    survey: Survey
    registry: Registry
    records: list[ImportRecord]
    touched: set[str]
    marked: set = frozenset()  # (key, section) of every marked line of the README


def merge_readme(
    survey: Survey, parsed: ParsedList, registry: Registry, *, delete: bool = False
) -> tuple[Survey, list[ImportRecord], set[str]]:
    """The bib with the README's edits applied; a record per bullet; the keys it changed."""
    result = survey.with_entries([e.replace() for e in survey.entries])
    state = _State(result, registry, [], set())
    fresh: list[ListItem] = []
    shown: dict[str, list[str]] = {}  # section -> keys in README order (None for new items)
    seen: set[tuple[str, str]] = set()
    known = {s.slug for s in survey.sections}
    state.marked = {(item.marker[0], item.section) for item in parsed.items if item.marker}
    for item in parsed.items:
        key = item.marker[0] if item.marker else None
        entry = survey_entry = result.entry(key) if key else None
        problem = key_problem(key) if key and entry is None else None
        if problem:  # a new entry would get this key: one no command could read back
            item.note("R014", f"marker ignored: {problem}; the line is read as a new bullet")
            key, item.marker = None, None
        if survey_entry is not None and item.section not in known and survey_entry.sections:
            _unknown_region(item, survey_entry)
        if key and (key, item.section) in seen:
            item.note("R011", f"a second line marked {key} in this section: read as a new bullet")
            key, item.marker = None, None
        entry = survey_entry if key else None
        if key and entry is None:
            item.note("R003", f"the bib has no entry {key}; the line is read as a new bullet with that key")
        if entry is None:
            if item.section is not None and item.section not in known:
                item.note("R012", f"region {quoted(item.section)} names no section of the bib; its new lines make "
                                  "a new section of that name (a typo of a region name?)")
            fresh.append(item)
            shown.setdefault(item.section, []).append(("new", item.source.line))
            continue
        seen.add((key, item.section))
        shown.setdefault(item.section, []).append(key)
        _bullet(state, item, entry)
    result, records = _add_fresh(state, fresh, parsed)
    records += _renamed_headings(survey, parsed)
    state.survey = result
    _membership(state, shown, records, delete)
    return state.survey, state.records + records, state.touched


def _renamed_headings(survey: Survey, parsed: ParsedList) -> list[ImportRecord]:
    """Headings are the bib's (its section table); a README that renames one is told so,
    since the next sync writes the bib's heading back."""
    records = []
    for section in parsed.sections:
        mine = survey.section(section.slug)
        if mine and " ".join(mine.heading.split()) != " ".join(section.heading.split()):
            finding = Finding("R015", f"the README renames section {section.slug} from {quoted(mine.heading)} to "
                                      f"{quoted(section.heading)}; headings come from the bib's section table, "
                                      "so sync restores it: rename it there")
            records.append(ImportRecord(0, None, "note", "", [finding]))
    return records


def _unknown_region(item: ListItem, entry: Entry) -> None:
    """A marked line under a region that names no section of the bib (a typo, a renamed
    region): read in the entry's own section, so that nothing moves; say so."""
    _, mark = item.marker
    home = next((s for s in entry.sections if fingerprint(item.content, s) == mark), next(iter(entry.sections)))
    item.note("R012", f"region {quoted(item.section or '')} names no section of the bib; the line is read "
                      f"in {home}, where {entry.key} is (rename the region to move it)")
    item.section = home


def _record(state: _State, item: ListItem, key: str | None, status: str, code: str | None = None,
            message: str = "") -> None:
    if code:
        item.note(code, message)
    state.records.append(ImportRecord(item.source.line, key, status, item.title, item.findings))


def _bullet(state: _State, item: ListItem, entry: Entry) -> None:
    """One bullet of an entry the bib has: unchanged, applied, moved or in conflict."""
    _, mark = item.marker
    if fingerprint(item.content, item.section) == mark:
        _record(state, item, entry.key, "unchanged")
        return
    rendered = line_content(entry, state.registry)
    moved_from = [s for s in entry.sections if fingerprint(item.content, s) == mark]
    if moved_from and item.section not in entry.sections:
        state.touched.add(entry.key)
        if (entry.key, moved_from[0]) in state.marked:  # the line is still in its section too
            entry.sections[item.section] = UNPLACED
            _record(state, item, entry.key, "applied", "R004",
                    f"copied from {moved_from[0]} to {item.section}: the entry is now in both sections")
            return
        _move(entry, moved_from[0], item.section)
        _record(state, item, entry.key, "applied", "R004", f"moved from {moved_from[0]} to {item.section}")
        return
    bib_unchanged = any(fingerprint(rendered, s) == mark for s in [item.section, *entry.sections])
    changes = _differences(item, entry, state.registry)
    if not changes:
        _record(state, item, entry.key, "unchanged")
    elif bib_unchanged:
        _apply(state, item, entry, changes)
        if item.section not in entry.sections:
            entry.sections[item.section] = UNPLACED
        _record(state, item, entry.key, "applied", "R005", "README edit applied: " + ", ".join(changes))
    else:
        described = "; ".join(f"{name}: README {new!r}, bib {old!r}" for name, (old, new) in changes.items())
        _record(state, item, entry.key, "conflict", "R006",
                f"the README line and the bib entry both changed since the last sync; bib kept ({described})")


def _differences(item: ListItem, entry: Entry, registry: Registry) -> dict[str, tuple[str, str]]:
    """What the README line says differently from the entry: title, links, venue/year."""
    changes: dict[str, tuple[str, str]] = {}
    old_title = plain_text(entry.fields.get("title", ""))
    if item.title != old_title and _title_usable(item, entry):
        changes["title"] = (old_title, item.title)
    old_links = " ".join(f"{l.label} {l.url}" for l in entry.links)
    new_links = " ".join(f"{l.label} {l.url}" for l in item.links)
    if new_links != old_links:
        changes["links"] = (old_links, new_links)
    old_badge = badge(entry, registry)
    if item.badges:
        new = item.badges[0]
        if not old_badge or badge_url(*old_badge) != badge_url(new.label, new.message, new.color):
            changes["badge"] = ("-".join(old_badge or ()), new.raw)
    return changes


def _title_usable(item: ListItem, entry: Entry) -> bool:
    """False (with R013) for a title that is empty or reads like the entry's author line:
    what a hard-wrapped line or a deleted title leaves in the title's place."""
    title = item.title.strip().strip("*_ ").strip()
    authors = author_line(entry.fields.get("author", ""))
    if not title:
        reason = "is empty"
    elif authors and (title == authors or title.startswith(authors)):
        reason = "reads like the author line"
    elif title.endswith(" et al.") or item.title.strip().startswith("*") or item.title.strip().endswith("*"):
        reason = "reads like an author line"
    else:
        return True
    item.note("R013", f"the line's title {reason} ({quoted(item.title[:80])}); the bib's title is kept "
                      "(a line wrapped before the authors, or a deleted title?)")
    return False


def _apply(state: _State, item: ListItem, entry: Entry, changes: dict) -> None:
    evidence = evidence_from_item(item, state.registry)
    if "title" in changes:
        entry.fields["title"] = evidence.title
    if "links" in changes:
        entry.links = list(evidence.links)
        for name, value in (("eprint", evidence.eprint), ("doi", evidence.doi)):
            if value:
                entry.fields[name] = value
        if evidence.eprint:
            entry.fields["archiveprefix"] = "arXiv"
    if "badge" in changes and evidence.venue:
        year = int(evidence.year) if evidence.year and evidence.year.isdigit() else None
        updated = apply_claim(entry, Claim(evidence.venue, year, "README badge"))
        entry.type, entry.fields = updated.type, updated.fields
    state.touched.add(entry.key)


def _move(entry: Entry, old: str, new: str) -> None:
    entry.sections.pop(old, None)
    entry.sections[new] = UNPLACED


def _add_fresh(state: _State, fresh: list[ListItem], parsed: ParsedList) -> tuple[Survey, list[ImportRecord]]:
    """New bullets: merged by title into existing entries, or new entries."""
    if not fresh:
        return state.survey, []
    before = {e.key for e in state.survey.entries}
    sub = ParsedList(parsed.sections, fresh, [])
    merged, records = merge_list(state.survey, sub, state.registry, place=False)
    state.touched |= {r.key for r in records if r.key}
    for record in records:
        if record.status == "new" and record.key in before:
            record.status = "merged"
    return merged, records


def _membership(state: _State, shown: dict, records: list[ImportRecord], delete: bool) -> None:
    """Positions of bullets new to a section; entries the README no longer shows."""
    survey = state.survey
    by_line = {r.line: r.key for r in records}
    for slug, shown_keys in shown.items():
        if slug is not None and survey.section(slug) is not None:
            keys = [by_line.get(k[1]) if isinstance(k, tuple) else k for k in shown_keys]
            _place_section(state, slug, [k for k in keys if k])
    for section in survey.sections:
        listed = {by_line.get(k[1]) if isinstance(k, tuple) else k for k in shown.get(section.slug, ())}
        for entry in survey.in_section(section.slug):
            if entry.key in listed:
                continue
            if delete:
                entry.sections.pop(section.slug)
                state.touched.add(entry.key)
                message = f"{entry.key} left {section.slug}: its line was deleted from the README (--delete)"
                status = "deleted"
            else:
                message = f"{entry.key} is in {section.slug} but not in the README; kept (--delete removes it)"
                status = "removed"
            finding = Finding("R007", message, None, entry.key)
            state.records.append(ImportRecord(0, entry.key, status, plain_text(entry.fields.get("title", "")), [finding]))
    if delete:
        survey.entries = [e for e in survey.entries if e.sections or e.key not in state.touched]


def _place_section(state: _State, slug: str, keys: list[str]) -> None:
    """Members keep the bib's order; an entry new to the section goes after the bullet before it."""
    survey = state.survey
    order = [e.key for e in survey.in_section(slug)]
    old = {e.key for e in survey.in_section(slug) if e.sections[slug] < UNPLACED}
    shown_old = [k for k in keys if k in old]
    if [k for k in order if k in shown_old] != shown_old:
        finding = Finding("R010", f"the README orders {slug} differently from the bib; the bib's order is kept")
        state.records.append(ImportRecord(0, None, "note", "", [finding]))
    placed = [k for k in order if k in old]
    for index, key in enumerate(keys):
        if key in old or key in placed:
            continue
        before = next((keys[i] for i in range(index - 1, -1, -1) if keys[i] in placed), None)
        placed.insert(placed.index(before) + 1 if before else 0, key)
    placed += [k for k in order if k not in placed]
    for position, key in enumerate(placed, start=1):
        survey.entry(key).sections[slug] = position
