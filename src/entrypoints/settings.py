"""The settings schema: one pydantic model validates the merged configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, SecretStr, Tag

ProviderName = Literal["claude", "codex", "scripted"]
EngineName = Literal["local", "temporal"]
NotifierName = Literal["stdout", "desktop", "telegram", "apprise"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AppriseEntry(_Strict):
    """`{apprise: [URL, ...]}`: apprise URLs (Slack, Discord, ntfy, email, webhooks ...).
    They carry credentials, so they are secrets."""

    apprise: tuple[SecretStr, ...] = Field(min_length=1)

    def describe(self) -> str:
        return f"apprise ({len(self.apprise)} URL{'s' if len(self.apprise) > 1 else ''})"


class CommandEntry(_Strict):
    """`{command: [program, arg, ...]}`: a script given each event as JSON on stdin."""

    command: tuple[str, ...] = Field(min_length=1)

    def describe(self) -> str:
        return f"command ({Path(self.command[0]).name})"


def _notifier_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "name"
    if isinstance(value, AppriseEntry):
        return "apprise"
    if isinstance(value, CommandEntry):
        return "command"
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in ("apprise", "command") else None
    return None


NotifierEntry = Annotated[
    Annotated[NotifierName, Tag("name")]
    | Annotated[AppriseEntry, Tag("apprise")]
    | Annotated[CommandEntry, Tag("command")],
    Discriminator(
        _notifier_kind,
        custom_error_type="notifier",
        custom_error_message=(
            "a notifier is a name (stdout, desktop, telegram, apprise) or a one-key mapping "
            "{apprise: [URL, ...]} or {command: [program, arg, ...]}"
        ),
    ),
]


class ClaudeSettings(_Strict):
    path: str = "claude"
    model: str | None = None  # None: the model of the phase's profile
    timeout: float = Field(1800.0, gt=0)
    max_turns: int = Field(300, ge=1)
    extra_args: tuple[str, ...] = ()


class Prices(_Strict):
    """US dollars per million tokens, for CLIs that report tokens but no cost."""

    input: float = Field(ge=0)
    cached_input: float = Field(0.0, ge=0)
    output: float = Field(ge=0)


class CodexSettings(_Strict):
    path: str = "codex"
    model: str | None = None
    timeout: float = Field(1800.0, gt=0)
    extra_args: tuple[str, ...] = ()
    prices: dict[str, Prices] = {}


class ScriptedSettings(_Strict):
    script: Path | None = None  # None: the packaged demo script
    timeout: float = Field(120.0, gt=0)


class Providers(_Strict):
    claude: ClaudeSettings = ClaudeSettings()
    codex: CodexSettings = CodexSettings()
    scripted: ScriptedSettings = ScriptedSettings()


class ModelSpec(_Strict):
    model: str | None = None
    effort: str | None = None


class Profile(_Strict):
    claude: ModelSpec = ModelSpec()
    codex: ModelSpec = ModelSpec()


class PhaseOverride(_Strict):
    profile: str | None = None


class LoopSettings(_Strict):
    max_retries: int = Field(3, ge=0)
    retry_delay: float = Field(5.0, ge=0)
    retry_backoff: float = Field(2.0, ge=1)
    stall_timeout: float | None = Field(600.0, gt=0)
    max_usage_wait: float = Field(6 * 3600.0, ge=0)


class LimitSettings(_Strict):
    max_total_iterations: int | None = Field(None, ge=1)
    max_cost_usd: float | None = Field(None, gt=0)
    max_tokens: int | None = Field(None, ge=1)
    max_active_seconds: float | None = Field(None, gt=0)
    # Pause before the agent CLI is refused, when it reports its usage window this full
    # (0.9: 90% of Claude's 5-hour window); None: only wait after a refusal.
    pause_at_usage: float | None = Field(None, gt=0, le=1)


class TelegramSettings(_Strict):
    bot_token: SecretStr | None = None
    chat_id: str | None = None
    api_base: str | None = None


class AppriseSettings(_Strict):
    urls: tuple[SecretStr, ...] = ()  # APPRISE_URLS, for a bare `apprise` in `notifiers`


class NotifySettings(_Strict):
    progress: bool = False
    timeout: float = Field(10.0, gt=0)


class HumanSettings(_Strict):
    wait: bool = False
    poll_interval: float = Field(2.0, gt=0)


class PathSettings(_Strict):
    main_repo: Path | None = None
    worktrees: Path | None = None
    sessions: Path | None = None


class TemporalSettings(_Strict):
    """`engine: temporal`: where the cluster is, and this host's queue (DESIGN §11)."""

    address: str = "127.0.0.1:7233"
    namespace: str = "default"
    host_queue: str | None = Field(None, pattern=r"^[A-Za-z0-9._-]+$")  # None: <host>-<repo>
    api_key: SecretStr | None = None
    tls: bool | None = None  # None: on with an API key (Temporal Cloud), else off
    tls_client_cert: Path | None = None
    tls_client_key: Path | None = None
    tls_server_ca_cert: Path | None = None
    tls_server_name: str | None = None
    heartbeat_timeout: float = Field(10.0, gt=0)
    continue_as_new_after: int = Field(200, ge=1)


class Settings(_Strict):
    provider: ProviderName = "claude"
    notifiers: tuple[NotifierEntry, ...] = ("stdout",)
    providers: Providers = Providers()
    profiles: dict[str, Profile] = {}
    phases: dict[str, PhaseOverride] = {}
    workflow: Path | None = None  # a YAML workflow definition; None: the packaged default
    loop: LoopSettings = LoopSettings()
    limits: LimitSettings = LimitSettings()
    telegram: TelegramSettings = TelegramSettings()
    apprise: AppriseSettings = AppriseSettings()
    notify: NotifySettings = NotifySettings()
    human: HumanSettings = HumanSettings()
    paths: PathSettings = PathSettings()
    git_branch_prefix: str = ""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    engine: EngineName = "local"
    temporal: TemporalSettings = TemporalSettings()

    @property
    def timeout(self) -> float:
        return self.provider_settings().timeout

    def provider_settings(self) -> ClaudeSettings | CodexSettings | ScriptedSettings:
        return getattr(self.providers, self.provider)  # type: ignore[no-any-return]

    def notifier_names(self) -> tuple[str, ...]:
        """Each configured notifier in words, secrets left out: `apprise (2 URLs)`."""
        return tuple(n if isinstance(n, str) else n.describe() for n in self.notifiers)

    def apprise_urls(self) -> tuple[SecretStr, ...]:
        """Every apprise URL: those written in `notifiers`, and APPRISE_URLS when a bare
        `apprise` asks for them."""
        urls: list[SecretStr] = []
        for entry in self.notifiers:
            if isinstance(entry, AppriseEntry):
                urls.extend(entry.apprise)
            elif entry == "apprise":
                urls.extend(self.apprise.urls)
        return tuple(dict.fromkeys(urls))

    def secret_values(self) -> tuple[str, ...]:
        """Values never logged and never passed to the agent: the Telegram token, every
        apprise URL (configured or only present in APPRISE_URLS) and the Temporal API key."""
        token = self.telegram.bot_token
        values = [token.get_secret_value()] if token else []
        if self.temporal.api_key is not None:
            values.append(self.temporal.api_key.get_secret_value())
        urls = (*self.apprise_urls(), *self.apprise.urls)
        values.extend(url.get_secret_value() for url in urls)
        return tuple(dict.fromkeys(values))
