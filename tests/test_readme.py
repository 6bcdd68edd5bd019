"""Every ``imnm`` command in the README works as written, in a fresh registry, with the shipped examples.

Commands are read from the README's ``sh`` code blocks, so a command added there is tested here. A line
``NAME=$(imnm ...)`` runs the command and keeps its last printed line (as the shell would with
``| tail -n 1``) for later ``$NAME`` references.
"""

from __future__ import annotations

import itertools
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imnm.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
ASSIGNMENT = re.compile(r"^(?P<name>[A-Z_]+)=\$\((?P<command>imnm [^)]*?)(?:\s*\|\s*tail -n 1)?\)\s*(#.*)?$")

# Commands that reach the network cannot run in the test suite; the PubMed client is tested against a
# local E-utilities server in tests/literature/test_pubmed.py instead.
NEEDS_NETWORK = ("imnm literature search",)


def readme_commands() -> list[str]:
    """The ``imnm`` lines (and ``NAME=$(imnm ...)`` assignments) of the README's shell blocks, in order."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("imnm ") or ASSIGNMENT.match(line)]


def test_the_readme_has_commands_to_test():
    commands = readme_commands()
    assert len(commands) >= 20
    assert all("|" not in shlex.split(c, comments=True) for c in commands if not ASSIGNMENT.match(c)), (
        "a README command is a shell pipe or a list of alternatives; write one command per line"
    )


def test_every_readme_command_runs(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    variables: dict[str, str] = {}
    ran = 0
    for line in readme_commands():
        assignment = ASSIGNMENT.match(line)
        command = assignment["command"] if assignment else line
        for name, value in variables.items():
            command = command.replace(f'"${name}"', value).replace(f"${name}", value)
        argv = shlex.split(command, comments=True)
        if command.startswith(NEEDS_NETWORK) and "--help" not in argv:
            continue
        result = runner.invoke(app, argv[1:])
        assert result.exit_code == 0, f"{line}\n{result.output}\n{result.exception!r}"
        ran += 1
        if assignment:
            variables[assignment["name"]] = result.stdout.strip().splitlines()[-1]
    assert ran >= 20


def test_case_add_prints_the_new_id_last(tmp_path, monkeypatch):
    """The README says so, and ``ID=$(imnm case add ...)`` relies on it."""
    result = CliRunner().invoke(app, ["case", "add", str(ROOT / "examples" / "patient.json")])
    assert result.exit_code == 0, result.output
    new_id = result.stdout.strip().splitlines()[-1]
    assert result.output.strip().splitlines()[-1] == new_id
    shown = CliRunner().invoke(app, ["case", "show", new_id])
    assert shown.exit_code == 0 and new_id in shown.stdout


def test_the_readme_names_only_files_that_exist_or_that_it_writes():
    """Every ``examples/...`` file a README command reads is shipped."""
    named = {p for c in readme_commands() for p in re.findall(r"examples/[\w.*-]+", c)}
    assert {"examples/patient.json", "examples/visit.json", "examples/course.json", "examples/pubmed.xml"} <= named
    for name in named:
        assert list(ROOT.glob(name)), f"the README names {name}, which is not in the repository"


def _written_files() -> set[str]:
    """The files README commands write (``-o``/``--out``/``--output``); a PRISMA NAME gives NAME.svg/.png."""
    written: set[str] = set()
    for command in readme_commands():
        argv = shlex.split(command, comments=True)
        for flag, value in itertools.pairwise(argv):
            if flag in ("-o", "--out", "--output"):
                written |= {f"{value}.svg", f"{value}.png"} if "prisma" in argv else {value}
    return written


def test_files_the_readme_writes_are_git_ignored_in_the_checkout():
    import subprocess

    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    written = _written_files()
    assert {"t1.xlsx", "course.svg", "prisma.svg", "prisma.png", "out.jsonl"} <= written
    for name in sorted(written):
        ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT, check=False).returncode == 0
        assert ignored, f"{name}, written by a README command, would show up as untracked in the checkout"
