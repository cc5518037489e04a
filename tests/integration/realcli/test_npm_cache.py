"""The npm cache installs once, even with parallel test processes, and reports failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from npm_cache import (
    CLAUDE_CODE_VERSIONS,
    CODEX_VERSION,
    MARKER,
    NPM_MISSING,
    NpmInstallError,
    NpmNotFoundError,
    claude_versions_to_test,
    codex_version_to_test,
    ensure_real_clis,
)

pytestmark = pytest.mark.real_cli

# Stands in for npm: makes the package's executable under --prefix and counts its installs.
FAKE_NPM = """#!/bin/sh
while [ "$1" != "--prefix" ]; do shift; done
prefix="$2"
package="$5"
echo "$package" >> "$(dirname "$0")/installs"
sleep 0.5
mkdir -p "$prefix/node_modules/.bin"
case "$package" in *claude-code*) name=claude ;; *) name=codex ;; esac
version="${package##*@}"
printf '#!/bin/sh\\necho "%s %s"\\n' "$name" "$version" > "$prefix/node_modules/.bin/$name"
chmod +x "$prefix/node_modules/.bin/$name"
"""

FAILING_NPM = """#!/bin/sh
for i in $(seq 1 100); do echo "npm log line $i"; done
echo "npm error 404 Not Found - @anthropic-ai/claude-code@9.9.9"
exit 1
"""


def _script(path: Path, text: str) -> str:
    path.write_text(text)
    path.chmod(0o755)
    return str(path)


def test_missing_npm_is_reported_so_the_tests_can_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(NpmNotFoundError, match="npm not found"):
        ensure_real_clis(cache_dir=tmp_path / "cache")
    assert NPM_MISSING.startswith("npm not found: the real-CLI end-to-end tests need Node.js")


def test_a_failed_install_raises_with_the_tail_of_npm_output(tmp_path: Path) -> None:
    npm = _script(tmp_path / "npm", FAILING_NPM)
    with pytest.raises(NpmInstallError) as caught:
        ensure_real_clis(cache_dir=tmp_path / "cache", npm=npm)
    message = str(caught.value)
    assert "exited 1" in message
    assert "npm error 404 Not Found" in message
    assert "npm log line 100" in message
    assert "npm log line 1\n" not in message  # only the tail


def test_parallel_processes_install_once_and_agree_on_the_paths(tmp_path: Path) -> None:
    npm = _script(tmp_path / "npm", FAKE_NPM)
    cache = tmp_path / "cache"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from npm_cache import ensure_real_clis;"
        "from pathlib import Path;"
        "print(ensure_real_clis(cache_dir=Path(sys.argv[2]), npm=sys.argv[3]).claude)"
    )
    here = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, here, str(cache), npm],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(4)
    ]
    outputs = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(outputs) == 1
    assert Path(outputs.pop()).name == "claude"
    installs = (tmp_path / "installs").read_text().splitlines()
    assert sorted(installs) == ["@anthropic-ai/claude-code@2.1.197", "@openai/codex@0.169.0"]
    # Later calls take the fast path: no npm at all.
    assert ensure_real_clis(cache_dir=cache, npm=str(tmp_path / "absent")).codex.exists()


def test_another_claude_version_installs_beside_the_others(tmp_path: Path) -> None:
    npm = _script(tmp_path / "npm", FAKE_NPM)
    cache = tmp_path / "cache"
    old = ensure_real_clis(cache_dir=cache, npm=npm)
    new = ensure_real_clis(cache_dir=cache, npm=npm, claude_version="2.1.332")
    assert new.codex == old.codex and new.claude != old.claude
    assert "2.1.332" in subprocess.run([new.claude], capture_output=True, text=True).stdout
    assert len((tmp_path / "installs").read_text().splitlines()) == 3


def test_an_install_of_both_clis_in_one_prefix_is_reused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    prefix = cache / "anthropic-ai-claude-code-2.1.197+openai-codex-0.169.0"
    (prefix / "node_modules" / ".bin").mkdir(parents=True)
    for name in ("claude", "codex"):
        _script(prefix / "node_modules" / ".bin" / name, "#!/bin/sh\n")
    packages = ["@anthropic-ai/claude-code@2.1.197", "@openai/codex@0.169.0"]
    (prefix / MARKER).write_text(json.dumps({"packages": packages}))
    clis = ensure_real_clis(cache_dir=cache, npm=str(tmp_path / "absent"))
    assert clis.claude.parent == clis.codex.parent == prefix / "node_modules" / ".bin"


def test_variables_choose_the_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMOCODE_TEST_CLAUDE_VERSIONS", raising=False)
    monkeypatch.delenv("SAMOCODE_TEST_CODEX_VERSION", raising=False)
    assert claude_versions_to_test() == CLAUDE_CODE_VERSIONS
    assert codex_version_to_test() == CODEX_VERSION
    monkeypatch.setenv("SAMOCODE_TEST_CLAUDE_VERSIONS", " 2.1.400, 2.1.197 ,")
    monkeypatch.setenv("SAMOCODE_TEST_CODEX_VERSION", "0.170.0")
    assert claude_versions_to_test() == ("2.1.400", "2.1.197")
    assert codex_version_to_test() == "0.170.0"
