"""Switching from the original samocode, as its user would: a HOME laid out as the original's
install.sh leaves it (symlinks from ~/.claude into a checkout at ~/samocode, with its .env),
then `samocode doctor`, `samocode install`, `samocode install --replace-legacy`, `samocode run`.

The checkout is a stand-in with the original's layout and file names (its texts are ours);
a second run uses a copy of the real original when this machine has one."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from .conftest import Samocode
from .legacy_layout import install_sh, stand_in_checkout

PEER = Path("/work/shared/peers/samocode")  # the original, where this workplace keeps it
TOKEN = "123456:AAlegacy-telegram-TOKEN"


@pytest.fixture(params=["stand-in", "original"])
def old_install(request: pytest.FixtureRequest, home: Path, tmp_path: Path) -> list[Path]:
    """~/samocode (with its .env) and install.sh's links; returns the links."""
    checkout = home / "samocode"
    if request.param == "original":
        if not (PEER / "main.py").is_file():
            pytest.skip(f"no copy of the original samocode at {PEER} on this machine")
        shutil.copytree(PEER, checkout)
        for path in [checkout, *checkout.rglob("*")]:  # the copy is read-only, like the peer
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    else:
        stand_in_checkout(checkout)
    old_claude = tmp_path / "bin" / "claude-from-old-env"
    old_claude.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(tmp_path / 'old-claude-ran')!r}, 'a').write(json.dumps(sys.argv) + '\\n')\n"
        "sys.exit(1)\n"
    )
    old_claude.chmod(0o755)
    (checkout / ".env").write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nTELEGRAM_CHAT_ID=4242\nGIT_BRANCH_PREFIX=\n"
        f"CLAUDE_PATH={old_claude}\nCLAUDE_MAX_TURNS=120\n"
        "SESSIONS_DIR=~/old-sessions\n"
    )
    return install_sh(checkout, home)


def tree(root: Path) -> dict[str, str]:
    """Every path below `root`, with a symlink's target (the whole state install may touch)."""
    return {
        str(p.relative_to(root)): os.readlink(p) if p.is_symlink() else ""
        for p in sorted(root.rglob("*"))
    }


def test_doctor_names_each_item_and_says_what_to_do(
    samocode: Samocode, old_install: list[Path], project: Path, home: Path
) -> None:
    done = samocode("doctor", "--config", str(project), "--json")
    checks = json.loads(done.stdout)["checks"]
    (legacy,) = [c for c in checks if c["name"] == "legacy"]  # one checkout: one group
    first, *paths = legacy["message"].splitlines()
    assert (
        first
        == f"{len(old_install)} in ~/.claude: symlink into the original samocode at "
        + str(home / "samocode")
    )
    assert sorted(paths) == sorted(str(link) for link in old_install)  # each one named
    assert str(home / ".claude" / "skills" / "samocode-run") in paths
    assert legacy["level"] == "WARN"
    assert legacy["fix"].startswith("samocode install --replace-legacy")
    env_checks = [c for c in checks if c["name"] == "legacy .env"]
    read = next(c for c in env_checks if "read:" in c["message"])
    for name in ("CLAUDE_PATH", "CLAUDE_MAX_TURNS", "TELEGRAM_BOT_TOKEN", "TELEGRAM_CHAT_ID"):
        assert name in read["message"]
    assert "GIT_BRANCH_PREFIX" not in read["message"]  # blank: unset, as for the original
    (ignored,) = [c for c in env_checks if "ignored" in c["message"]]
    assert ignored["message"].endswith("SESSIONS_DIR is ignored")
    assert ignored["fix"] == "set SESSIONS=/path in the project's .samocode"
    telegram = next(c for c in checks if c["name"] == "telegram")
    assert telegram["level"] == "PASS"  # carried over from the old .env
    assert TOKEN not in done.stdout + done.stderr


def test_install_refuses_then_replace_legacy_moves_the_old_files_aside(
    samocode: Samocode, old_install: list[Path], home: Path
) -> None:
    before = tree(home)

    refused = samocode("install")

    assert refused.returncode == 1
    assert "nothing was changed" in refused.stdout
    for link in old_install:
        assert "~" + str(link)[len(str(home)) :] in refused.stdout
    assert "samocode install --replace-legacy" in refused.stdout
    assert tree(home) == before

    done = samocode("install", "--replace-legacy", "--json")

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {m["path"] for m in report["moved"]} == {str(link) for link in old_install}
    (backup,) = (home / ".claude" / "samocode-legacy-backup").iterdir()
    for link in old_install:
        kept = backup / link.parent.name / link.name
        assert kept.is_symlink() and os.readlink(kept) == os.path.normpath(before[
            str(link.relative_to(home))
        ])  # fmt: skip
        assert kept.exists(), "the moved link still reaches the old checkout"
    assert "samocode install --replace-legacy" in (backup / "README.txt").read_text()
    assert not os.path.lexists(home / ".claude" / "skills" / "samocode-run")
    ours = home / ".claude" / "agents" / "init-agent.md"
    assert ours.resolve().parent.parent.name == "assets", "our init-agent replaced the old one"
    assert (home / ".claude" / "skills" / "samocode" / "SKILL.md").is_file()
    assert (home / "samocode" / "main.py").is_file()  # the checkout itself is untouched

    again = samocode("install")
    assert again.returncode == 0, again.stdout
    doctor = json.loads(samocode("doctor", "--json").stdout)["checks"]
    assert not [c for c in doctor if c["name"] == "legacy"]
    assert [c for c in doctor if c["name"] == "legacy .env"], "its .env is still found"


def test_the_old_env_still_works_with_a_one_time_note(
    samocode: Samocode, old_install: list[Path], project: Path, home: Path, tmp_path: Path
) -> None:
    (project.parent / "samocode.yaml").write_text(
        "notifiers: [stdout]\nloop: {max_retries: 0, retry_delay: 0}\n"
    )
    args = ("run", "--config", str(project), "--session", "switch", "--once")

    first = samocode(*args)
    second = samocode(*args)

    ran = [json.loads(line) for line in (tmp_path / "old-claude-ran").read_text().splitlines()]
    assert len(ran) == 2, "each run used CLAUDE_PATH from the old .env"
    turns = ran[0].index("--max-turns")
    assert ran[0][turns + 1] == "120"  # CLAUDE_MAX_TURNS too
    note = f"from {home / 'samocode' / '.env'}, the original samocode's settings"
    assert note in first.stderr
    assert note not in second.stderr
    assert TOKEN not in first.stdout + first.stderr + second.stderr


def test_a_config_toml_is_named_with_each_ignored_key(samocode: Samocode, home: Path) -> None:
    toml = home / ".config" / "samocode" / "config.toml"
    toml.parent.mkdir(parents=True)
    toml.write_text('claude_model = "opus"\n[telegram]\nchat_id = "1"\n')
    checks = json.loads(samocode("doctor", "--json").stdout)["checks"]
    (found,) = [c for c in checks if c["name"] == "config.toml"]
    assert found["level"] == "WARN"
    assert found["message"].endswith("its keys are ignored: claude_model, telegram.chat_id")
    assert "config.yaml" in found["fix"]
