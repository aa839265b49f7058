"""The files the docs name are the files there are: beside the database, the files the code
makes (issue #22.10: security.md named ``<db>.users.json`` and ``<db>.secret``, the code
writes ``<stem>.users.json`` and ``<stem>.secret``); in the repository, the modules and folders
the README and docs/*.md name (issue #18: modules moved into sub-packages)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from chainmap.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("docs/security.md", "docs/reliability.md", "docs/app.md", "README.md")


def _named(stem_pattern: str) -> str:
    """A docs pattern such as ``<stem>.users.json`` made into the name for chainmap.duckdb."""
    return stem_pattern.replace("<stem>", "chainmap").replace("<db>", "chainmap.duckdb")


def test_the_files_beside_the_database_are_named_as_the_code_names_them():
    settings = Settings(db_path=Path("/srv/data/chainmap.duckdb"))
    made = {settings.users_path.name, settings.secret_key_path.name,
            settings.login_state_path.name}
    assert made == {"chainmap.users.json", "chainmap.secret", "chainmap.logins.sqlite"}
    text = "\n".join((ROOT / doc).read_text("utf-8") for doc in DOCS)
    named = set(re.findall(r"`(<(?:stem|db)>\.(?:users\.json|secret|logins\.sqlite))`", text))
    assert {"<stem>.users.json", "<stem>.secret", "<stem>.logins.sqlite"} <= named
    wrong = {n for n in named if _named(n) not in made}
    assert not wrong, f"the docs name files the code does not make: {sorted(wrong)}"


# a repository path as the docs write it: `chainmap/render/export.py`, tests/etl/test_resume.py,
# `chainmap/analytics/`; not the tail of a longer path (data/… or a URL)
MODULE_PATH = re.compile(r"(?<![\w/.-])((?:chainmap|chainmap_cli|chainmap_web|etl|layouts|bench"
                         r"|tests|scripts)(?:/\w+)*(?:\.(?:py|sh)\b|/(?![\w.])))")


def _docs_with_paths() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_the_modules_the_docs_name_exist():
    missing = [f"{doc.relative_to(ROOT)}:{n}: {path}"
               for doc in _docs_with_paths()
               for n, line in enumerate(doc.read_text("utf-8").splitlines(), start=1)
               for path in MODULE_PATH.findall(line)
               if not (ROOT / path).exists()]
    assert not missing, "the docs name modules that are not there:\n" + "\n".join(missing)


def test_the_path_check_sees_a_moved_module():
    named = MODULE_PATH.findall("see `chainmap/geo.py`, layouts/_i18n.py, tests/etl/ and "
                                "data/etl/x.py or https://x/chainmap/a.py")
    assert named == ["chainmap/geo.py", "layouts/_i18n.py", "tests/etl/"]
    assert not (ROOT / "chainmap/geo.py").exists() and not (ROOT / "layouts/_i18n.py").exists()


# a module or a name in one as the docs write it: `python -m bench.classify_eval`,
# `chainmap.geo.classes.count_breaks`; not the files beside the database (chainmap.duckdb …)
DOTTED = re.compile(r"(?<![\w/.-])((?:chainmap|chainmap_cli|chainmap_web|etl|layouts|bench)"
                    r"(?:\.\w+)+)")
BESIDE_THE_DATABASE = ("chainmap.duckdb", "chainmap.users", "chainmap.secret", "chainmap.logins")


def _module_file(parts: list[str]) -> Path | None:
    path = ROOT.joinpath(*parts)
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _top_names(module: Path) -> set[str]:
    """The names a module has at its top: its functions, classes, constants and imports."""
    names: set[str] = set()
    for node in ast.parse(module.read_text("utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _exists(dotted: str) -> bool:
    """A module, or a name at the top of its module (a function, class, constant or import)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module = _module_file(parts[:cut])
        if module is not None:
            return cut == len(parts) or parts[cut] in _top_names(module)
    return False


def test_the_module_names_the_docs_give_exist():
    missing = [f"{doc.relative_to(ROOT)}:{n}: {dotted}"
               for doc in _docs_with_paths()
               for n, line in enumerate(doc.read_text("utf-8").splitlines(), start=1)
               for dotted in DOTTED.findall(line)
               if not dotted.startswith(BESIDE_THE_DATABASE) and not _exists(dotted)]
    assert not missing, "the docs name modules or names that are not there:\n" + "\n".join(missing)


def test_the_name_check_sees_a_moved_name():
    assert _exists("chainmap.config.load_settings") and _exists("chainmap.config")
    assert _exists("chainmap.config.Settings") and _exists("chainmap.config.TILE_CRS")
    assert not _exists("chainmap.config.no_such_name") and not _exists("chainmap.geo_old")


# a module named by its file alone (`render.py`, `diagram_svg.py`): some module of that name
BARE_MODULE = re.compile(r"(?<![\w/.-])(\w+\.py)\b")
FOLDERS = ("chainmap", "chainmap_cli", "chainmap_web", "etl", "layouts", "bench", "scripts",
           "tests")


def test_the_modules_the_docs_name_by_file_alone_exist():
    there = {"app.py", "vulture_whitelist.py"} | {
        path.name for folder in FOLDERS for path in (ROOT / folder).rglob("*.py")}
    missing = [f"{doc.relative_to(ROOT)}:{n}: {name}"
               for doc in _docs_with_paths()
               for n, line in enumerate(doc.read_text("utf-8").splitlines(), start=1)
               for name in BARE_MODULE.findall(line) if name not in there]
    assert not missing, "the docs name modules no folder has:\n" + "\n".join(missing)
