"""Writing a project's files: all of a command's files in one step, one writer at a time,
nothing outside the project.

* :func:`write_all` stages every new text in a temporary file beside its target, then
  renames them all into place. With a ``root`` it first records the renames in a
  journal (``.surveybib-journal`` in the root), so that a run killed half-way through
  the renames is completed by the next run (:func:`recover`), and a run killed while
  staging leaves nothing behind. Before the renames, every target is read again: a
  file that changed since the command read it is not overwritten (nothing is written).
* :func:`locked` holds the project's lock (``flock`` on its folder) for a command's
  whole read-change-write, so that two commands never lose each other's update.
* Every path is checked to resolve inside the project (symlinks followed), and OS
  errors become :class:`InputError` naming the file: exit 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Finding

JOURNAL = ".surveybib-journal"
TMP_TAG = ".surveybib-"
LOCK_WAIT = 60.0  # seconds a command waits for another one that holds the project


@dataclass(frozen=True)
class Output:
    """A file a command writes: its path, the text it had when read (None: no file), the new text."""

    path: Path
    old: str | None
    new: str
    findings: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        return self.old != self.new


def inside(path: Path, root: Path) -> Path:
    """``path`` with symlinks resolved; an InputError unless it lies inside ``root``."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if real != real_root and real_root not in real.parents:
        raise InputError(f"resolves to {real}, outside the project {real_root}; nothing was written",
                         file=str(path))
    return real


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _read_current(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return "\0unreadable"


def _os_error(error: OSError, path: Path | str) -> InputError:
    where = error.filename if isinstance(error.filename, str) else str(path)
    return InputError(f"{error.strerror or error}; nothing was written", file=where)


def write_all(outputs: list[Output], *, root: Path | None = None, verify: bool = True) -> None:
    """Write every output's new text in one step, or nothing.

    ``root``: the project folder; every target must resolve inside it, and the renames
    are journaled there. ``verify``: refuse (InputError) when a target no longer holds
    the ``old`` text it was read with. New files get the user's umask; existing files
    keep their mode; a file without write permission is refused.
    """
    targets = []
    for output in outputs:
        target = inside(output.path, root) if root is not None else Path(os.path.realpath(output.path))
        targets.append(target)
    mode_new = 0o666 & ~_umask()
    token = secrets.token_hex(4)
    staged = [(target.parent / f".{target.name}{TMP_TAG}{token}.tmp", target) for target in targets]
    journal = Path(root) / JOURNAL if root is not None else None
    try:
        if journal is not None:
            _write_journal(journal, "staging", staged)
        for (tmp, target), output in zip(staged, outputs, strict=True):
            mode = _mode_for(target, mode_new)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(output.new)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
        if verify:
            for target, output in zip(targets, outputs, strict=True):
                if _read_current(target) != output.old:
                    raise InputError("changed since surveybib read it (another program wrote it); "
                                     "nothing was written, run the command again", file=str(output.path))
        if journal is not None:
            _write_journal(journal, "commit", staged)
    except BaseException as error:
        _remove([tmp for tmp, _ in staged] + ([journal] if journal is not None else []))
        if isinstance(error, OSError):
            raise _os_error(error, error.filename or "") from None
        raise
    _commit(staged, outputs, journal)


def _mode_for(target: Path, mode_new: int) -> int:
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return mode_new
    if not mode & 0o222:
        raise InputError("is read-only; nothing was written (make it writable to let surveybib update it)",
                         file=str(target))
    return mode


def _commit(staged: list[tuple[Path, Path]], outputs: list[Output], journal: Path | None) -> None:
    done: list[tuple[Path, Output]] = []
    try:
        for (tmp, target), output in zip(staged, outputs, strict=True):
            os.replace(tmp, target)
            done.append((target, output))
    except BaseException as error:  # put back what the others replaced, drop the rest
        _remove([tmp for tmp, _ in staged])
        for target, output in done:
            with contextlib.suppress(OSError):
                if output.old is None:
                    target.unlink(missing_ok=True)
                else:
                    write_all([Output(target, None, output.old)], verify=False)
        _remove([journal] if journal is not None else [])
        if isinstance(error, OSError):
            raise _os_error(error, error.filename or "") from None
        raise
    if journal is not None:
        journal.unlink(missing_ok=True)


def _remove(paths: list[Path]) -> None:
    """Remove temporary files, whatever state their folders are in."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _write_journal(journal: Path, state: str, staged: list[tuple[Path, Path]]) -> None:
    data = {"state": state, "renames": [[str(tmp), str(target)] for tmp, target in staged]}
    tmp = journal.with_name(journal.name + ".tmp")
    tmp.unlink(missing_ok=True)  # never write through a link someone left in its place
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, journal)


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write one file so that readers see the old or the new text, never half of it."""
    write_all([Output(Path(path), None, text)], verify=False)


def recover(root: Path) -> list[str]:
    """Finish or undo what a killed run left in the project; what was done, as sentences.

    A journal in state ``commit`` means every new text was staged in full: its renames
    are completed. In state ``staging`` the run died before changing any file: its
    temporary files are removed. Call it holding the lock (:func:`locked` does).
    """
    journal = Path(root) / JOURNAL
    notes: list[str] = []
    with contextlib.suppress(FileNotFoundError):
        journal.with_name(journal.name + ".tmp").unlink()
    try:
        data = json.loads(journal.read_text("utf-8"))
        renames = [(Path(tmp), Path(target)) for tmp, target in data["renames"]]
        state = data["state"]
    except FileNotFoundError:
        return notes
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)
        return [f"{journal}: unreadable journal of an interrupted run removed"]
    for tmp, target in renames:  # a journal could come with a pull request: check it like any input
        problem = _journal_problem(Path(root), tmp, target)
        if problem:
            journal.unlink(missing_ok=True)
            return [f"{journal}: not a journal surveybib wrote ({problem}); removed, nothing done"]
    if state == "commit":
        finished = 0
        for tmp, target in renames:
            if tmp.exists():
                os.replace(tmp, target)
                finished += 1
        notes.append(f"completed an interrupted write: {finished} of {len(renames)} files renamed into place")
    else:
        removed = 0
        for tmp, _ in renames:
            if tmp.exists():
                tmp.unlink()
                removed += 1
        if removed:
            notes.append(f"removed {removed} temporary files of an interrupted run; no file had been changed")
    journal.unlink(missing_ok=True)
    return notes


_TMP_NAME = re.compile(r"^\.(.+)\.surveybib-[0-9a-f]{8}\.tmp$")


def _journal_problem(root: Path, tmp: Path, target: Path) -> str | None:
    """Why a journal's rename is not one surveybib would make (None when it is): the
    temporary file must be named after its target, beside it, and the target must be a
    file of the project outside any hidden folder (never .git/hooks, never .github)."""
    real_root = Path(os.path.realpath(root))
    real_target = Path(os.path.realpath(target.parent)) / target.name
    if real_root not in real_target.parents:
        return f"{target} is outside the project"
    if any(part.startswith(".") for part in real_target.relative_to(real_root).parts):
        return f"{target} is in a hidden folder or is hidden"
    match = _TMP_NAME.match(tmp.name)
    if tmp.parent != target.parent or not match or match.group(1) != target.name:
        return f"{tmp} is not the temporary file of {target.name}"
    return None


@contextlib.contextmanager
def locked(root: Path, *, wait: float = LOCK_WAIT) -> Iterator[list[str]]:
    """Hold the project's lock while the block reads, changes and writes its files.

    Another surveybib command that writes the same project waits up to ``wait``
    seconds, then gives up with an InputError. Yields what :func:`recover` did.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): journal and re-read checks still hold
        yield recover(root)
        return
    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError as error:
        raise _os_error(error, root) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise InputError(f"another surveybib command has been writing this project for {wait:.0f} s; "
                                     "nothing was written, try again", file=str(root)) from None
                time.sleep(0.05)
        try:
            yield recover(root)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
