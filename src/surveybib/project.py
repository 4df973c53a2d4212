"""Writing a project's files: all of a command's files in one step, one writer at a time,
nothing outside the project.

* :func:`write_all` stages every new text in a temporary file beside its target, then
  renames them all into place. With a ``root`` it first records the renames in a
  journal, so that a run killed half-way through the renames is completed by the next
  run (:func:`recover`), and a run killed while staging leaves nothing behind. The
  journal lives in the user's state folder (``$XDG_STATE_HOME/surveybib``, else
  ``~/.local/state/surveybib``), never in the project, so a pull request cannot bring
  one; it records a hash of every target's text before and after, so a roll-forward
  never overwrites a file that changed since (an edit, a checkout). Before the
  renames, every target is read again: a file that changed since the command read it
  is not overwritten (nothing is written).
* :func:`locked` holds the project's lock (``flock`` on its folder) for a command's
  whole read-change-write, so that two commands never lose each other's update.
* Every path is checked to resolve inside the project (symlinks followed), and OS
  errors become :class:`InputError` naming the file: exit 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Finding

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


def inside(path: Path, root: Path, *, what: str = "the project") -> Path:
    """``path`` with symlinks resolved; an InputError unless it lies inside ``root``."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if real != real_root and real_root not in real.parents:
        raise InputError(f"resolves to {real}, outside {what} {real_root}; nothing was written", file=str(path))
    return real


def journal_path(root: Path) -> Path | None:
    """Where the journal of the project at ``root`` lives (None: no usable state folder)."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    name = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    folder = Path(base) / "surveybib" / "journals"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / f"{name}.json"


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _bytes_of(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_existing(path: Path) -> str | None:
    """A file's text as a command compares it (None: no file). Bytes that are not UTF-8
    read as U+FFFD, so a damaged generated file is simply out of date, never unreadable."""
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None


def _read_current(path: Path) -> str | None:
    try:
        return read_existing(path)
    except OSError:
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
    if len(set(targets)) < len(targets):
        twice = next(t for t in targets if targets.count(t) > 1)
        raise InputError("two outputs of one command would be the same file; nothing was written", file=str(twice))
    mode_new = 0o666 & ~_umask()
    token = secrets.token_hex(4)
    staged = [(target.parent / f".{target.name}{TMP_TAG}{token}.tmp", target) for target in targets]
    journal = journal_path(root) if root is not None else None
    hashes = [(_digest(_bytes_of(target)), _digest(output.new.encode("utf-8")))
              for target, output in zip(targets, outputs, strict=True)] if journal is not None else []
    try:
        if journal is not None:
            _write_journal(journal, "staging", staged, hashes)
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
            _write_journal(journal, "commit", staged, hashes)
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


def _write_journal(journal: Path, state: str, staged: list[tuple[Path, Path]], hashes: list) -> None:
    data = {"state": state, "renames": [[str(tmp), str(target), old, new]
                                        for (tmp, target), (old, new) in zip(staged, hashes, strict=True)]}
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
    """Finish or undo what a killed run left behind; what was done, as sentences.

    A journal in state ``commit`` means every new text was staged in full: each rename
    is completed if its target still holds the text it held then (nothing changed it
    since), and skipped if it already holds the new text. If any target changed in
    between (an edit, a checkout), the rest is abandoned: nothing newer is overwritten.
    In state ``staging`` the run died before changing any file: its temporary files
    are removed. Call it holding the lock (:func:`locked` does).
    """
    journal = journal_path(root)
    if journal is None:
        return []
    _remove([journal.with_name(journal.name + ".tmp")])
    try:
        data = json.loads(journal.read_text("utf-8"))
        state = data["state"]
        renames = [(Path(tmp), Path(target), old, new) for tmp, target, old, new in data["renames"]]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError):
        _remove([journal])
        return [f"{journal}: unreadable journal of an interrupted run removed"]
    notes = _roll_forward(renames) if state == "commit" else _roll_back(renames)
    _remove([journal])
    return notes


def _roll_back(renames: list) -> list[str]:
    removed = [tmp for tmp, _, _, _ in renames if _is_plain_file(tmp)]
    _remove(removed)
    return [f"removed {len(removed)} temporary files of an interrupted run; no file had been changed"] if removed else []


def _roll_forward(renames: list) -> list[str]:
    finished, stale = 0, None
    for tmp, target, old, new in renames:
        current = _digest(_bytes_of(target))
        if current == new:
            continue  # renamed before the run was killed
        staged = _bytes_of(tmp) if _is_plain_file(tmp) else None
        if stale is None and current == old and staged is not None and _digest(staged) == new:
            try:
                os.replace(tmp, target)
                finished += 1
                continue
            except OSError as error:
                stale = f"{target}: {error.strerror or error}"
        stale = stale or f"{target} changed since"
    _remove([tmp for tmp, _, _, _ in renames if _is_plain_file(tmp)])
    if stale:
        return [f"an interrupted write was abandoned after {finished} of {len(renames)} files ({stale}); "
                "nothing newer was overwritten: run the command again (surveybib sync regenerates outputs)"]
    return [f"completed an interrupted write: {finished} of {len(renames)} files renamed into place"]


def _is_plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


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
