"""The command shells reach the registry only through :mod:`imnm.services` (issue 17): no function of
``cli.py`` or of a ``commands.py`` imports :mod:`imnm.store`, except the shell concerns listed here."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "imnm"

#: (file, function) -> why that function may import the store itself.
SHELL_CONCERNS = {
    ("shell.py", "_registry_where"): "names the registry in a database error line",
    ("shell.py", "_report"): "the shared error policy maps the store's exceptions to exit codes",
    ("shell.py", "registry"): "opens the registry every command works on (IMNM_DATABASE_URL)",
}
#: Store imports still to move onto services by the literature commands' own issue-17 item.
PENDING = {
    ("literature/commands.py", "screen_cmd"),
    ("literature/commands.py", "search_cmd"),
    ("literature/commands.py", "extract_cmd"),
}


def shells() -> list[Path]:
    return [SRC / "cli.py", SRC / "shell.py", *sorted(SRC.glob("*/commands.py"))]


def store_imports(path: Path) -> list[tuple[str, str, int]]:
    """(enclosing function or <module>, module imported, line) of every import of imnm.store in ``path``."""
    found = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            inside = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else where
            modules: list[str] = []
            if isinstance(child, ast.Import):
                modules = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                modules = [child.module] + [f"{child.module}.{a.name}" for a in child.names]
            for module in modules:
                if module == "imnm.store" or module.startswith("imnm.store."):
                    found.append((where, module, child.lineno))
                    break
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8")), "<module>")
    return found


def test_the_scan_finds_a_store_import_where_there_is_one(tmp_path):
    sample = tmp_path / "commands.py"
    sample.write_text("import imnm.store\n\ndef f():\n    from imnm import store\n    from imnm.store.cases import get_case\n"
                      "\ndef g():\n    from imnm.services.cases import get_case\n", encoding="utf-8")
    assert [(where, line) for where, _, line in store_imports(sample)] == [("<module>", 1), ("f", 4), ("f", 5)]


def test_no_command_imports_the_store_except_the_listed_shell_concerns():
    assert len(shells()) >= 6  # cli.py, shell.py and the capabilities' commands.py
    offending = []
    for path in shells():
        name = path.relative_to(SRC).as_posix()
        for where, module, line in store_imports(path):
            if (name, where) not in SHELL_CONCERNS and (name, where) not in PENDING:
                offending.append(f"{name}:{line} {where}() imports {module}; call a function of imnm.services")
    assert offending == []
