"""The contracts that keep the house in its rooms (issue #18): small modules, import-linter's
layers with no ignored imports, and tests that mirror the code they test."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
# the folders whose Python modules are held to MAX_LINES
CODE = ("chainmap", "chainmap_cli", "chainmap_web", "etl", "layouts", "bench", "scripts")
# tests/<folder>/ -> the package its tests mirror (tests/chainmap/geo/ tests chainmap/geo/)
MIRRORS = {"chainmap": "chainmap", "cli": "chainmap_cli", "web": "chainmap_web",
           "etl": "etl", "layouts": "layouts"}
# tests/<folder>/ that mirror no package: the browser tests (the whole app in Chromium) and
# the inputs tests read
NOT_MIRRORS = {"browser", "corpus", "data"}


def _modules() -> list[Path]:
    return sorted(path for folder in CODE for path in (ROOT / folder).rglob("*.py")
                  if "__pycache__" not in path.parts)


def test_no_module_is_over_400_lines():
    sizes = {path.relative_to(ROOT).as_posix(): len(path.read_text("utf-8").splitlines())
             for path in _modules()}
    assert len(sizes) > 100  # the folders were found
    over = {path: n for path, n in sizes.items() if n > MAX_LINES}
    assert not over, (f"modules over {MAX_LINES} lines (split them by purpose): "
                      + ", ".join(f"{path} ({n} lines)" for path, n in sorted(over.items())))


def test_the_import_contracts_hold_with_no_ignored_imports():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    contracts = config["contracts"]
    assert {c["type"] for c in contracts} >= {"layers", "forbidden", "acyclic_siblings"}
    ignoring = [c["name"] for c in contracts if c.get("ignore_imports")]
    assert not ignoring, f"contracts that ignore imports (move the module instead): {ignoring}"
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True,
                         text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def test_the_tests_mirror_the_code():
    folders = {p.name for p in (ROOT / "tests").iterdir()
               if p.is_dir() and p.name != "__pycache__" and not p.name.startswith(".")}
    assert not folders - set(MIRRORS) - NOT_MIRRORS, (
        f"tests/ folders that mirror no package: {sorted(folders - set(MIRRORS) - NOT_MIRRORS)}")
    unmatched = []
    for tests, package in MIRRORS.items():
        for folder in sorted((ROOT / "tests" / tests).rglob("*/")):
            if not folder.is_dir() or "__pycache__" in folder.parts:
                continue
            code = ROOT / package / folder.relative_to(ROOT / "tests" / tests)
            if not (code / "__init__.py").is_file():
                unmatched.append(f"{folder.relative_to(ROOT).as_posix()}/ "
                                 f"(no package {code.relative_to(ROOT).as_posix()}/)")
    assert not unmatched, f"test folders that name no package: {unmatched}"
