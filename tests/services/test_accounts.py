"""Password hashing: production argon2id parameters unless the test suite asks for cheap ones."""

from __future__ import annotations

import pytest

from imnm.model import InvalidInput
from imnm.services import accounts


def test_production_hashes_use_the_rfc_9106_low_memory_parameters(monkeypatch):
    monkeypatch.delenv(accounts.ENV_HASH_COST, raising=False)
    hashed = accounts.hash_password("a long test password")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_test_cost_is_cheap_and_still_verifies_production_hashes(monkeypatch):
    monkeypatch.delenv(accounts.ENV_HASH_COST, raising=False)
    strong = accounts.hash_password("a long test password")
    monkeypatch.setenv(accounts.ENV_HASH_COST, "test")
    cheap = accounts.hash_password("a long test password")
    assert cheap.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert accounts.password_hasher().verify(strong, "a long test password")


def test_an_unknown_cost_is_refused_naming_the_setting(monkeypatch):
    monkeypatch.setenv(accounts.ENV_HASH_COST, "fast")
    with pytest.raises(InvalidInput, match="IMNM_PASSWORD_HASH_COST: got 'fast'; expected production or test"):
        accounts.hash_password("a long test password")
