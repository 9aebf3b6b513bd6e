"""Every setting has a help text and appears in docs/settings.md (datasette-style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.settings import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_settings_every_setting_has_help() -> None:
    for name, _default, help_text in Settings.help_table():
        assert len(help_text) > 15, name


def test_settings_every_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name, _, _ in Settings.help_table() if f"`{name}`" not in text]
    assert not missing, f"undocumented settings in docs/settings.md: {missing}"


def test_settings_environment_overrides_are_typed() -> None:
    env = {"EVENTWIRE_BATCH_SIZE": "8", "EVENTWIRE_LANGUAGES": "en, es", "EVENTWIRE_FETCH_DELAY_S": "0.5"}
    settings = Settings.from_env(env)
    assert settings.batch_size == 8
    assert settings.languages == ("en", "es")
    assert settings.fetch_delay_s == 0.5


def test_settings_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match="EVENTWIRE_BATCH_SIZE"):
        Settings.from_env({"EVENTWIRE_BATCH_SIZE": "many"})


def test_settings_boolean_from_environment() -> None:
    assert (
        Settings.from_env({"EVENTWIRE_PARSE_WEAK_ACTOR_SENTENCES": "yes"}).parse_weak_actor_sentences is True
    )
    assert (
        Settings.from_env({"EVENTWIRE_PARSE_WEAK_ACTOR_SENTENCES": "off"}).parse_weak_actor_sentences is False
    )
    with pytest.raises(ValueError, match="EVENTWIRE_PARSE_WEAK_ACTOR_SENTENCES"):
        Settings.from_env({"EVENTWIRE_PARSE_WEAK_ACTOR_SENTENCES": "maybe"})
