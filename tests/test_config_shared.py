"""`[shared]` in `.vaultroad.toml`: read, and refused with the key and file named."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultroad.config import CONFIG_NAME, ConfigError, VaultConfig, load_config


def config(tmp_path: Path, text: str) -> VaultConfig:
    (tmp_path / CONFIG_NAME).write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def test_by_default_shared_topics_keep_their_own_status_and_nothing_is_mapped(
    tmp_path: Path,
) -> None:
    assert load_config(tmp_path).shared_status == "independent"
    assert load_config(tmp_path).shared_same == ()
    empty = config(tmp_path, "[shared]\n")
    assert (empty.shared_status, empty.shared_same) == ("independent", ())


def test_the_shared_table_is_read(tmp_path: Path) -> None:
    read = config(
        tmp_path,
        'stubs = false\n[shared]\nstatus = "linked"\n'
        'same = [["PostgreSQL", "Postgres"], ["JWT authentication", "JSON Web Tokens", "JWT"]]\n',
    )
    assert read.shared_status == "linked"
    assert read.shared_same == (
        ("PostgreSQL", "Postgres"),
        ("JWT authentication", "JSON Web Tokens", "JWT"),
    )
    assert read.stubs is False  # the other keys as before
    inline = config(tmp_path, 'shared = { status = "independent", same = [] }\n')
    assert (inline.shared_status, inline.shared_same) == ("independent", ())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('shared = "linked"\n', "shared must be a table with the keys status and same"),
        ('[shared]\nstatuses = "linked"\n', r"unknown key 'shared.statuses' \(known keys in"),
        ('[shared]\nstatus = "shared"\n', 'shared.status must be "independent" or "linked"'),
        ("[shared]\nstatus = true\n", "shared.status must be"),
        ('[shared]\nstatus = "Linked"\n', "shared.status must be"),
        ('[shared]\nsame = ["PostgreSQL", "Postgres"]\n', "shared.same must be a list of lists"),
        ('[shared]\nsame = "PostgreSQL"\n', "shared.same must be a list of lists"),
        ('[shared]\nsame = [["PostgreSQL"]]\n', r"two or more titles.*got \['PostgreSQL'\]"),
        ('[shared]\nsame = [["PostgreSQL", 3]]\n', "shared.same must be a list of lists"),
        ("[shared]\nsame = [[]]\n", "shared.same must be a list of lists"),
        ('[shared]\nsame = [["PostgreSQL", "—"]]\n', "shared.same: '—' names no topic"),
        ('[shared]\nsame = [["Docker", ""]]\n', "shared.same: '' names no topic"),
        ('[share]\nstatus = "linked"\n', "unknown key 'share'"),
    ],
)
def test_a_bad_shared_table_is_an_error_naming_the_key_and_file(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        config(tmp_path, text)
    assert caught.value.path == str(tmp_path / CONFIG_NAME)
