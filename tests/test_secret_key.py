"""The secret key: created private from the first byte, placeholders refused."""

import os
import re
import stat
from pathlib import Path

import pytest

from qa_app import config

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    monkeypatch.delenv("QA_SECRET_KEY", raising=False)
    old_umask = os.umask(0)  # the most permissive umask: the mode must not rely on it
    yield tmp_path
    os.umask(old_umask)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_key_file_is_private_from_the_start(instance, monkeypatch):
    modes_when_linked = []
    real_link = os.link

    def watching_link(source, target):
        modes_when_linked.append(_mode(Path(source)))
        return real_link(source, target)

    monkeypatch.setattr(os, "link", watching_link)
    key = config._secret_key()
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert modes_when_linked == [0o600]  # before its name appears, it is already 0600
    assert _mode(instance / "secret_key") == 0o600
    assert [p.name for p in instance.iterdir()] == ["secret_key"]  # no temporary left
    assert config._secret_key() == key  # kept, not replaced


def test_a_lax_key_file_is_tightened(instance):
    (instance / "secret_key").write_text("a" * 64)
    (instance / "secret_key").chmod(0o644)
    assert config._secret_key() == "a" * 64
    assert _mode(instance / "secret_key") == 0o600


def test_the_deploy_example_key_is_refused(instance, monkeypatch):
    example = (REPO / "deploy" / "qa_app.env.example").read_text()
    placeholder = re.search(r"^QA_SECRET_KEY=(.+)$", example, re.M).group(1)
    monkeypatch.setenv("QA_SECRET_KEY", placeholder)
    with pytest.raises(ValueError, match="placeholder"):
        config._secret_key()


@pytest.mark.parametrize("key", ["secret", "changeme", "CHANGE-ME-please-0123456789", "short-key"])
def test_weak_keys_are_refused(instance, monkeypatch, key):
    monkeypatch.setenv("QA_SECRET_KEY", key)
    with pytest.raises(ValueError, match="QA_SECRET_KEY"):
        config._secret_key()


def test_a_placeholder_in_the_key_file_is_refused_too(instance):
    (instance / "secret_key").write_text("change-me-to-64-random-hex-characters\n")
    with pytest.raises(ValueError, match="placeholder"):
        config._secret_key()
