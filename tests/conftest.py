import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEED = DATA / "seed" / "efficient-diffusion-readme.md"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``surveybib`` as a user would: a separate process, real exit code and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "surveybib", *map(str, args)],
        capture_output=True, text=True, cwd=cwd or ROOT,
    )


@pytest.fixture(autouse=True, scope="session")
def _state_home(tmp_path_factory):
    """Write journals go to the user's state folder: during the tests, a scratch one."""
    old = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
    yield
    if old is None:
        os.environ.pop("XDG_STATE_HOME", None)
    else:
        os.environ["XDG_STATE_HOME"] = old


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_import(seed_text):
    """The seed list imported into an empty survey: (survey, records)."""
    from surveybib import Survey, import_list

    return import_list(Survey(), seed_text, file=SEED.name)
