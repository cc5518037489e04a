"""The engine and the Temporal settings, layered as every other setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.entrypoints.config_loader import load_settings
from samocode.entrypoints.engine_choice import chosen_engine
from samocode.entrypoints.errors import ConfigError
from samocode.entrypoints.temporal_config import host_queue_of, pace_of, run_flags


@pytest.fixture
def project(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    for folder in (repo, tmp_path / "sessions", tmp_path / "wt", tmp_path / "home"):
        folder.mkdir()
    samocode_file = repo / ".samocode"
    samocode_file.write_text(
        f"MAIN_REPO={repo}\nWORKTREES={tmp_path / 'wt'}\nSESSIONS={tmp_path / 'sessions'}\n"
    )
    return samocode_file


def env_for(project: Path, **extra: str) -> dict[str, str]:
    home = project.parent.parent / "home"
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), **extra}


def test_the_engine_is_local_unless_a_layer_says_otherwise(project: Path) -> None:
    env = env_for(project)
    assert chosen_engine(project, {}, env) == "local"
    (project.parent / "samocode.yaml").write_text("engine: temporal\n")
    assert chosen_engine(project, {}, env) == "temporal"
    assert chosen_engine(project, {}, {**env, "SAMOCODE_ENGINE": "local"}) == "local"
    assert chosen_engine(project, {"engine": "temporal"}, {**env, "SAMOCODE_ENGINE": "local"}) == (
        "temporal"
    )
    (project.parent / "samocode.yaml").write_text("loop: {max_retries: 1}\n")
    (project.parent / ".env").write_text("SAMOCODE_ENGINE=temporal\n")
    assert chosen_engine(project, {}, env) == "temporal"
    with pytest.raises(ConfigError, match="not one of local, temporal"):
        chosen_engine(project, {"engine": "nomad"}, env)


def test_temporal_settings_come_from_yaml_then_temporal_s_variables_then_flags(
    project: Path,
) -> None:
    (project.parent / "samocode.yaml").write_text(
        "engine: temporal\ntemporal: {address: 'yaml:7233', namespace: team, tls: true}\n"
    )
    env = env_for(
        project,
        TEMPORAL_ADDRESS="cloud.example:7233",
        TEMPORAL_API_KEY="key-123",
        TEMPORAL_TLS_CLIENT_CERT_PATH="/certs/c.pem",
    )
    settings = load_settings(samocode_file=project, env=env, flags={"host_queue": "box-1"})
    t = settings.temporal
    assert (settings.engine, t.address, t.namespace, t.tls) == (
        "temporal",
        "cloud.example:7233",
        "team",
        True,
    )
    assert t.api_key is not None and "key-123" in settings.secret_values()
    assert "key-123" not in repr(settings)
    assert (t.tls_client_cert, host_queue_of(settings)) == (Path("/certs/c.pem"), "box-1")


def test_a_host_queue_must_be_a_plain_name(project: Path) -> None:
    with pytest.raises(ConfigError, match=r"temporal\.host_queue"):
        load_settings(samocode_file=project, env=env_for(project), flags={"host_queue": "a/b"})


def test_the_pace_covers_every_attempt_and_backoff_of_an_iteration(project: Path) -> None:
    (project.parent / "samocode.yaml").write_text(
        "loop: {max_retries: 2, retry_delay: 5, retry_backoff: 2}\n"
        "temporal: {heartbeat_timeout: 4, continue_as_new_after: 50}\n"
    )
    settings = load_settings(samocode_file=project, env=env_for(project), flags={"timeout": 100})
    pace = pace_of(settings)
    assert pace.iteration_timeout_s == 3 * (100 + 300) + (5 + 10)
    assert (pace.heartbeat_s, pace.continue_after) == (4, 50)


def test_the_run_flags_a_worker_gets_hold_no_secret_and_an_absolute_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    flags = run_flags({"provider": "scripted", "script": "s.yaml", "engine": "temporal"})
    assert flags == {"provider": "scripted", "script": str(tmp_path / "s.yaml")}
