"""workflow/domain is pure Python: importing any of its modules pulls in neither Flask nor
SQLAlchemy (STYLE.md, "One rule of dependency").

`workflow/__init__.py` imports Flask for create_app, so each module is imported in a fresh
interpreter under a stub `workflow` package that skips that file.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "workflow" / "domain"
FORBIDDEN = ("flask", "sqlalchemy")

MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in DOMAIN.rglob("*.py")
)

IMPORT_UNDER_STUB = """
import importlib, sys, types
stub = types.ModuleType("workflow")
stub.__path__ = [sys.argv[1]]
sys.modules["workflow"] = stub
importlib.import_module(sys.argv[2])
forbidden = tuple(sys.argv[3:])
leaked = sorted(name for name in sys.modules if name.split(".")[0].startswith(forbidden))
assert not leaked, f"{sys.argv[2]} imports {leaked}"
"""


def test_the_domain_modules_are_found() -> None:
    assert {"workflow.domain.calendar", "workflow.domain.deadlines"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_domain_module_imports_neither_flask_nor_sqlalchemy(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_UNDER_STUB, str(ROOT / "workflow"), module, *FORBIDDEN],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
