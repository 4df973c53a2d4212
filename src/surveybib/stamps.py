"""A cheap O001: what a project's outputs were when they last matched its bib.

Rendering every output (README list, LaTeX lists, exports, the page) to compare it with the
files takes most of a ``check`` run. So when the outputs are known to match (after ``sync``
writes them, or after a check found them in sync), a stamp records a hash of everything
they are rendered from and a hash of each output file. While the inputs hash the same and
every output file still hashes as recorded, the outputs are in sync without rendering them.

The inputs are the bib, pyproject.toml, the project's venues file, whether the LaTeX and
export folders exist, the venue plugins installed, and surveybib's own code (file names,
sizes and times). Anything else changes
nothing the outputs show. A stamp lives in the user's cache folder, never in the project:
a pull request cannot plant one, and a fresh clone (CI) always renders.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

VERSION = 1


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "surveybib" / "stamps"


def _stamp_path(config) -> Path:
    root = os.path.realpath(config.root)
    return _folder() / (hashlib.sha256(root.encode()).hexdigest()[:32] + ".json")


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _code_hash() -> str:
    """surveybib's code and data as installed: names, sizes and modification times."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(package)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            status = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name}:{status.st_size}:{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _plugins() -> str:
    from .entrypoints import group

    return "\n".join(sorted(f"{p.name}={p.value}" for p in group("surveybib.venues")))


def inputs_key(config) -> str:
    """The hash of everything the outputs are rendered from."""
    digest = hashlib.sha256(f"stamp {VERSION}\n{_code_hash()}\n{_plugins()}\n".encode())
    for path in (config.bib, config.root / "pyproject.toml", config.venues_file):
        digest.update(f"{path}:{_file_hash(path) if path else None}\n".encode())
    for folder in (config.latex_dir, config.exports_dir):  # creating one adds outputs
        digest.update(f"{folder}:{bool(folder) and folder.is_dir()}\n".encode())
    return digest.hexdigest()


def in_sync(config) -> bool:
    """True when a stamp proves the outputs match the bib; False means: render to know."""
    try:
        stamp = json.loads(_stamp_path(config).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("inputs") != inputs_key(config):
        return False
    outputs = stamp.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return False
    return all(_file_hash(config.root / name) == digest for name, digest in outputs.items())


def record(config, outputs) -> None:
    """Record that ``outputs`` (the whole sync plan, each now as its file holds it) match the
    bib. A stamp that cannot be written is no error: the next check renders."""
    root = Path(os.path.realpath(config.root))
    hashes = {}
    for output in outputs:
        try:
            name = Path(os.path.realpath(output.path)).relative_to(root)
        except ValueError:
            return
        hashes[str(name)] = hashlib.sha256(output.new.encode("utf-8")).hexdigest()
    stamp = {"inputs": inputs_key(config), "outputs": hashes}
    path = _stamp_path(config)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(stamp), "utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
