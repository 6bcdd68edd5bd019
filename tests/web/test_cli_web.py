"""``imnm user add``: the password from stdin, hashed; bad input one clear line."""

from __future__ import annotations

from typer.testing import CliRunner

from imnm.cli import app
from imnm.services.accounts import sign_in
from imnm.store import open_registry


def test_user_add_reads_the_password_from_stdin():
    runner = CliRunner()
    result = runner.invoke(app, ["user", "add", "admin", "--role", "admin", "--password-stdin"],
                           input="a long admin password\n")
    assert result.exit_code == 0, result.output
    _, principal = sign_in(open_registry(), "admin", "a long admin password", "127.0.0.1")
    assert principal.role == "admin"
    again = runner.invoke(app, ["user", "add", "admin", "--role", "admin", "--password-stdin"],
                          input="a long admin password\n")
    assert again.exit_code == 2
    assert "already taken" in again.output


def test_user_add_refuses_a_short_password_and_no_stdin():
    runner = CliRunner()
    short = runner.invoke(app, ["user", "add", "bob", "--role", "clinician", "--password-stdin"], input="short\n")
    assert short.exit_code == 2 and "password: got 5 characters" in short.output
    assert runner.invoke(app, ["user", "add", "bob", "--role", "clinician"]).exit_code == 2
