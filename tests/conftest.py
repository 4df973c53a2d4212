import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEED = DATA / "seed" / "efficient-diffusion-readme.md"
PROJECT = DATA / "project"  # a small survey project; tests/data/make-project.sh made it

# hypothesis keeps its examples in the repository's .hypothesis/, though the tests run elsewhere
settings.register_profile("surveybib", database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")))
# In CI the examples are derived from the tests themselves: a run of a commit is the same
# run every time (a failure reproduces; a pass is not luck). Locally they stay random.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "surveybib")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``surveybib`` as a user would: a separate process, real exit code and stderr.

    Without ``cwd`` it runs in the tests' working folder, an empty one outside any project
    (see ``_outside_any_project``), so that no test reads this repository's survey unawares.
    """
    return subprocess.run(
        [sys.executable, "-m", "surveybib", *map(str, args)],
        capture_output=True, text=True, cwd=cwd,
    )


@pytest.fixture(autouse=True, scope="session")
def _state_home(tmp_path_factory):
    """Write journals go to the user's state folder, sync stamps and online answers to the
    cache folder: during the tests, scratch ones."""
    names = ("XDG_STATE_HOME", "XDG_CACHE_HOME")
    old = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ[name] = str(tmp_path_factory.mktemp(name.lower()))
    yield
    for name, value in old.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True, scope="session")
def _outside_any_project(tmp_path_factory):
    """Run every test in an empty folder with no pyproject.toml above it.

    A command run without a project (``surveybib sync``, ``CliRunner().invoke``) then finds
    none, instead of finding this repository's own survey and config. Checks of that survey
    (tests/project_data/) say ``cwd=ROOT`` where they mean it.
    """
    old = Path.cwd()
    os.chdir(tmp_path_factory.mktemp("outside"))
    yield
    os.chdir(old)


@pytest.fixture(scope="session")
def _synced_project(tmp_path_factory):
    """tests/data/project with every output ``surveybib sync`` generates, made once a session."""
    root = tmp_path_factory.mktemp("synced") / "survey"
    shutil.copytree(PROJECT, root)
    (root / "bib" / "exports").mkdir()  # sync writes the exports where this folder exists
    done = run_cli("sync", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def survey_project(tmp_path, _synced_project) -> Path:
    """A copy of the small survey project (13 papers in 4 sections), its outputs in sync:
    pyproject.toml, bib/ (survey.bib, README.md, exports/, figures/), latex/ and site/."""
    target = tmp_path / "survey"
    shutil.copytree(_synced_project, target)
    return target


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_import(seed_text):
    """The seed list imported into an empty survey: (survey, records)."""
    from surveybib import Survey, import_list

    return import_list(Survey(), seed_text, file=SEED.name)
