"""Fuzzing the settings loader: whatever the files and the environment hold, the answer is
a Settings or a ConfigError that names the problem — never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samocode.entrypoints.config_loader import ENV_KEYS, load_settings
from samocode.entrypoints.errors import ConfigError
from samocode.entrypoints.settings import Settings

# Keys the schema knows (so the fuzz gets past "unknown key" often) and some it does not.
KNOWN = [
    "provider", "notifiers", "providers", "claude", "codex", "scripted", "path", "model",
    "timeout", "max_turns", "extra_args", "prices", "input", "output", "cached_input",
    "script", "profiles", "light", "standard", "strong", "max", "effort", "phases",
    "implementation", "profile", "workflow", "loop", "max_retries", "retry_delay",
    "retry_backoff", "stall_timeout", "max_usage_wait", "limits", "max_total_iterations",
    "max_cost_usd", "max_tokens", "max_active_seconds", "telegram", "bot_token", "chat_id",
    "api_base", "notify", "progress", "human", "wait", "poll_interval", "paths", "main_repo",
    "worktrees", "sessions", "git_branch_prefix", "log_level",
]  # fmt: skip
keys = st.sampled_from(KNOWN) | st.text(max_size=12)
# Values that once crashed a loader: a home folder that does not exist, NUL, odd numbers.
TRICKY = ["claude", "codex", "stdout", "~", "~nobody-here/x", "a\0b", "../x", "", "1e400", "-0"]
tricky_paths = st.fixed_dictionaries(
    {},
    optional={
        "workflow": st.sampled_from(TRICKY),
        "paths": st.fixed_dictionaries(
            {}, optional={"sessions": st.sampled_from(TRICKY), "main_repo": st.text(max_size=9)}
        ),
        "providers": st.fixed_dictionaries(
            {}, optional={"claude": st.fixed_dictionaries({"path": st.sampled_from(TRICKY)})}
        ),
    },
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(TRICKY)
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)
yaml_text = (documents | tricky_paths).map(
    lambda doc: yaml.safe_dump(doc, allow_unicode=True).encode("utf-8")
)
raw_bytes = st.binary(max_size=200)
samocode_lines = (
    st.lists(
        st.sampled_from(["MAIN_REPO", "WORKTREES", "SESSIONS", "export SESSIONS", "# c", "junk"])
        .flatmap(
            lambda key: st.tuples(st.just(key), st.text(max_size=20) | st.sampled_from(TRICKY))
        )
        .map(lambda pair: f"{pair[0]}={pair[1]}".encode("utf-8", "surrogatepass")),
        max_size=6,
    ).map(b"\n".join)
    | raw_bytes
)
environments = st.dictionaries(st.sampled_from(sorted(ENV_KEYS)), st.text(max_size=20))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    project=yaml_text | raw_bytes,
    user=st.none() | yaml_text,
    dotsamocode=samocode_lines,
    env=environments,
)
def test_any_configuration_loads_or_is_refused_with_a_config_error(
    project: bytes, user: bytes | None, dotsamocode: bytes, env: dict[str, str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("repo", "wt", "sessions"):
            (root / name).mkdir()
        samocode_file = root / "repo" / ".samocode"
        folders = f"MAIN_REPO={root}/repo\nWORKTREES={root}/wt\nSESSIONS={root}/sessions\n"
        samocode_file.write_bytes(folders.encode() + dotsamocode)
        (root / "repo" / "samocode.yaml").write_bytes(project)
        if user is not None:
            (root / "config" / "samocode").mkdir(parents=True)
            (root / "config" / "samocode" / "config.yaml").write_bytes(user)
        environment = {**env, "HOME": str(root), "XDG_CONFIG_HOME": str(root / "config")}
        try:
            loaded = load_settings(samocode_file=samocode_file, env=environment)
        except ConfigError as exc:
            assert str(exc).strip()
        else:
            assert isinstance(loaded, Settings)
            assert not any("\0" in str(path) for path in loaded.paths.model_dump().values())
