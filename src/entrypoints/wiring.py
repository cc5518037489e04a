"""Builders the container calls: settings turned into the values and adapters it wires."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from samocode.application import (
    DecisionSource,
    ModelChoice,
    Notifier,
    Prompts,
    RunPolicy,
    Sessions,
)
from samocode.domain import Limits, Workflow
from samocode.entrypoints.errors import ConfigError
from samocode.entrypoints.settings import AppriseEntry, CommandEntry, Settings


def assets_dir() -> Path:
    return Path(str(files("samocode.assets")))


def load_prompts(workflow: Workflow) -> Prompts:
    """The iteration protocol and every phase agent the workflow names, from the assets."""
    root = assets_dir()
    agents = {}
    for rule in workflow.phases:
        path = root / "agents" / f"{rule.agent}.md"
        agents[rule.agent] = path.read_text(encoding="utf-8") if path.is_file() else ""
    return Prompts(protocol=(root / "workflow.md").read_text(encoding="utf-8"), agents=agents)


def build_policy(
    settings: Settings, workflow: Workflow, config_file: Path | None = None
) -> RunPolicy:
    sessions = settings.paths.sessions
    main_repo = settings.paths.main_repo or (sessions.parent if sessions else Path.cwd())
    provider = settings.provider
    models: dict[str, ModelChoice] = {}
    forced = getattr(settings.provider_settings(), "model", None)
    for name, profile in settings.profiles.items():
        spec = getattr(profile, provider, None)
        model = forced or (spec.model if spec else None)
        models[name] = ModelChoice(profile=name, model=model, effort=spec.effort if spec else None)
    for phase, override in settings.phases.items():
        if phase not in workflow:
            raise ConfigError(
                f"phases.{phase}: no such phase in the workflow ({', '.join(workflow.names)})"
            )
        if override.profile and override.profile not in settings.profiles:
            raise ConfigError(f"phases.{phase}.profile: unknown profile {override.profile!r}")
    limits = settings.limits
    return RunPolicy(
        main_repo=main_repo,
        worktrees=settings.paths.worktrees,
        branch_prefix=settings.git_branch_prefix,
        timeout_s=settings.timeout,
        stall_timeout_s=settings.loop.stall_timeout,
        max_retries=settings.loop.max_retries,
        retry_delay_s=settings.loop.retry_delay,
        retry_backoff=settings.loop.retry_backoff,
        max_usage_wait_s=settings.loop.max_usage_wait,
        pause_at_usage=settings.limits.pause_at_usage,
        notify_timeout_s=settings.notify.timeout,
        notify_progress=settings.notify.progress,
        wait_for_human=settings.human.wait,
        human_poll_s=settings.human.poll_interval,
        limits=Limits(
            max_total_iterations=limits.max_total_iterations,
            max_cost_usd=limits.max_cost_usd,
            max_tokens=limits.max_tokens,
            max_active_seconds=limits.max_active_seconds,
        ),
        models=models,
        phase_profiles={p: o.profile for p, o in settings.phases.items() if o.profile},
        config_file=config_file,
    )


def build_notifier(settings: Settings, config_file: Path | None = None) -> Notifier:
    """The configured notifiers behind one fan-out. Heavy adapters are imported only if named."""
    from samocode.adapters.notifiers.fanout import FanOutNotifier

    # Each notifier bounds its own work a little inside the fan-out's bound, so its own
    # message ("killed after 8s") is logged rather than the fan-out's "did not finish".
    inner_timeout = settings.notify.timeout * 0.8
    chosen: list[Notifier] = []
    for entry in dict.fromkeys(settings.notifiers):
        if isinstance(entry, AppriseEntry) or entry == "apprise":
            chosen.append(_apprise(settings, entry, inner_timeout))
        elif isinstance(entry, CommandEntry):
            from samocode.adapters.notifiers.command import CommandNotifier

            chosen.append(
                CommandNotifier(
                    entry.command, timeout_s=inner_timeout, secrets=settings.secret_values()
                )
            )
        elif entry == "stdout":
            from samocode.adapters.notifiers.stdout import StdoutNotifier

            chosen.append(StdoutNotifier())
        elif entry == "desktop":
            from samocode.adapters.notifiers.desktop import DesktopNotifier

            chosen.append(DesktopNotifier())
        elif entry == "telegram":
            token, chat = settings.telegram.bot_token, settings.telegram.chat_id
            if token is None or not chat:
                raise ConfigError(
                    "notifiers: telegram needs TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID "
                    "(or telegram.chat_id in YAML)"
                )
            from samocode.adapters.notifiers.telegram import TelegramNotifier
            from samocode.entrypoints.telegram_desk import announcer

            chosen.append(
                TelegramNotifier(
                    token.get_secret_value(),
                    chat,
                    api_base=settings.telegram.api_base,
                    interactive=settings.human.wait,
                    on_waiting=announcer(settings, config_file) if settings.human.wait else None,
                )
            )
    return FanOutNotifier(chosen, timeout_s=settings.notify.timeout)


APPRISE_MISSING = (
    "notifiers: apprise is an optional extra that is not installed here: "
    'pip install "samocode[apprise]" (or pip install apprise in the same environment)'
)


def _apprise(settings: Settings, entry: AppriseEntry | str, timeout_s: float) -> Notifier:
    if isinstance(entry, AppriseEntry):
        urls = entry.apprise
    else:
        urls = settings.apprise.urls
        if not urls:
            raise ConfigError(
                "notifiers: a bare `apprise` takes its URLs from APPRISE_URLS, which is not set; "
                "set it, or write them in YAML: notifiers: [stdout, {apprise: [URL, ...]}]"
            )
    try:
        from samocode.adapters.notifiers.apprise_notifier import AppriseNotifier
    except ImportError:
        raise ConfigError(APPRISE_MISSING) from None
    try:
        return AppriseNotifier([u.get_secret_value() for u in urls], timeout_s=timeout_s)
    except ValueError as exc:  # the message names the URL's position and scheme, never the URL
        raise ConfigError(f"notifiers: {exc}") from None


def build_decisions(
    settings: Settings, sessions: Sessions, config_file: Path | None = None
) -> DecisionSource | None:
    """Telegram answers gates only when the loop waits for people and Telegram is set up."""
    telegram = settings.telegram
    if not settings.human.wait or telegram.bot_token is None or not telegram.chat_id:
        return None
    if "telegram" not in settings.notifiers:
        return None
    from samocode.entrypoints.telegram_desk import TelegramDecisions

    return TelegramDecisions(settings, sessions, config_file)
