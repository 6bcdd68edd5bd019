"""Every command's ``--help`` renders: no Rich markup accident, no reStructuredText left in the text."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from imnm.cli import app


def _command_paths(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group below ``group`` (Typer's groups are the ones with sub-commands)."""
    paths = [prefix]
    for name, command in group.commands.items():
        if getattr(command, "commands", None):
            paths += _command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


COMMANDS = _command_paths(typer.main.get_command(app))


def test_the_walk_finds_the_nested_commands():
    assert ("literature", "search") in COMMANDS and ("case", "add-visit") in COMMANDS and len(COMMANDS) > 20


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "imnm")
def test_help_renders_without_markup_accidents(path):
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, f"imnm {' '.join(path)} --help\n{result.output}\n{result.exception!r}"
    assert "``" not in result.output


def test_bracketed_help_is_shown_literally():
    """``YYYY[/MM[/DD]]`` is a date pattern, not Rich markup to be swallowed."""
    result = CliRunner().invoke(app, ["literature", "search", "--help"], terminal_width=200)
    assert "YYYY[/MM[/DD]]" in result.output


@pytest.mark.parametrize(("name", "title", "field"), [("case", "Case", "antibodies"), ("visit", "Visit", "cmas"),
                                                      ("course", "TreatmentCourse", "dose_unit")])
def test_schema_prints_the_models_json_schema(name, title, field):
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["title"] == title and field in schema["properties"]


def test_schema_of_an_unknown_model_is_one_clear_error():
    result = CliRunner().invoke(app, ["schema", "patient"])
    assert result.exit_code == 2 and "patient" in result.output
