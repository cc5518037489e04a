"""The composition root: the only place that knows every adapter."""

from __future__ import annotations

from dependency_injector import containers, providers

from samocode.adapters.agents.claude import ClaudeCliRunner
from samocode.adapters.agents.codex import CodexCliRunner
from samocode.adapters.agents.scripted import Script, ScriptedRunner
from samocode.adapters.clock import SystemClock
from samocode.adapters.git_workspace import GitWorkspace
from samocode.adapters.store.filesystem import FilesystemSessionStore
from samocode.application import (
    AgentRunner,
    Answer,
    Approve,
    Clock,
    Notifier,
    RunSession,
    SessionStore,
    Workspace,
)
from samocode.application.progress import ignore_progress
from samocode.entrypoints.settings import Settings
from samocode.entrypoints.wiring import (
    build_decisions,
    build_notifier,
    build_policy,
    load_prompts,
)
from samocode.entrypoints.workflow_file import load_workflow


def _codex_prices(settings: Settings) -> dict[str, tuple[float, float, float]]:
    return {
        model: (price.input, price.cached_input, price.output)
        for model, price in settings.providers.codex.prices.items()
    }


class Container(containers.DeclarativeContainer):
    """Build one per process (or per test): singletons stay bound to the loop that made them."""

    config = providers.Configuration(strict=True)
    settings = providers.Dependency(instance_of=Settings)

    workflow = providers.Singleton(load_workflow, config.workflow)
    prompts = providers.Singleton(load_prompts, workflow)
    policy = providers.Singleton(build_policy, settings, workflow)
    secret_values = providers.Callable(lambda s: s.secret_values(), settings)

    clock: providers.Provider[Clock] = providers.Singleton(SystemClock)
    store: providers.Provider[SessionStore] = providers.Singleton(
        FilesystemSessionStore, config.paths.sessions, workflow
    )
    runner: providers.Provider[AgentRunner] = providers.Selector(
        providers.Callable(lambda settings: settings.provider, settings),
        claude=providers.Singleton(
            ClaudeCliRunner,
            path=config.providers.claude.path,
            max_turns=config.providers.claude.max_turns,
            extra_args=config.providers.claude.extra_args,
            agents=prompts.provided.agents,
            secret_values=secret_values,
        ),
        codex=providers.Singleton(
            CodexCliRunner,
            path=config.providers.codex.path,
            extra_args=config.providers.codex.extra_args,
            prices=providers.Callable(_codex_prices, settings),
            secret_values=secret_values,
        ),
        scripted=providers.Singleton(
            ScriptedRunner,
            providers.Callable(Script.load_or_default, config.providers.scripted.script),
            secret_values=secret_values,
        ),
    )
    workspace: providers.Provider[Workspace] = providers.Singleton(
        GitWorkspace, secret_values=secret_values
    )
    notifier: providers.Provider[Notifier] = providers.Singleton(build_notifier, settings)
    progress = providers.Object(ignore_progress)
    decisions = providers.Singleton(build_decisions, settings, store, workflow)

    run_session = providers.Factory(
        RunSession,
        store,
        runner,
        notifier,
        clock,
        workflow,
        prompts,
        policy,
        progress=progress,
        decisions=decisions,
        workspace=workspace,
    )
    approve = providers.Factory(Approve, store, workflow, clock)
    answer = providers.Factory(Answer, store, workflow, clock)


def build_container(settings: Settings) -> Container:
    container = Container(settings=settings)
    container.config.from_dict(settings.model_dump())
    return container


async def shutdown(container: Container) -> None:
    """Close what the run opened (the notifiers' connections), in the loop that opened it."""
    notifier = container.notifier()
    close = getattr(notifier, "close", None)
    if close is not None:
        await close()
