"""Settings: a bad value in the environment is a one-line message naming the variable."""

from __future__ import annotations

import pytest

from assistant.cli import main
from assistant.errors import ConfigError
from assistant.settings import load_settings


def test_bad_values_name_their_variables_and_what_was_given(monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "localhost:11434")
    monkeypatch.setenv("ASSISTANT_TOP_K", "0")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert "ASSISTANT_LLM_BASE_URL: must start with http:// or https://" in message
    assert "'localhost:11434'" in message
    assert "ASSISTANT_TOP_K" in message and "greater than or equal to 1" in message


def test_the_cli_prints_one_line_and_exits_2_on_a_bad_setting(monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_PORT", "not-a-port")
    assert main(["ask", "Hur mycket pengar fördelades?"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Bad setting: ASSISTANT_PORT") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_good_values_load(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", " ")  # blank means unset
    settings = load_settings()
    assert settings.data_dir == tmp_path and settings.llm_base_url is None
