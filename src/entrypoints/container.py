"""The composition root: the only place that knows every adapter and wires the use cases."""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path

from dependency_injector import containers, providers

from samocode.adapters.agents.claude import ClaudeCliRunner
from samocode.adapters.agents.codex import CodexCliRunner
from samocode.adapters.agents.containment import RecordedLeftovers
from samocode.adapters.agents.scripted import Script, ScriptedRunner
from samocode.adapters.clock import SystemClock
from samocode.adapters.foreign_workers import ProcForeignWorkers
from samocode.adapters.git_workspace import GitWorkspace
from samocode.adapters.session_folder import SessionFolders, open_folders
from samocode.application import (
    AgentRunner,
    Answer,
    Approve,
    Clock,
    ForeignWorkers,
    Gates,
    Notifier,
    ProgressSink,
    ReadStatus,
    RunPolicy,
    RunSession,
    Workspace,
)
from samocode.application.gates.human_wait import HumanWait
from samocode.application.loop.announce import Announcer
from samocode.application.loop.attempts import AttemptRunner
from samocode.application.loop.iteration import IterationStep
from samocode.application.loop.judge import IterationJudge
from samocode.application.loop.progress import ignore_progress
from samocode.application.ports import Leftovers
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
    # The `.samocode` file, named in the commands printed for people.
    config_file: providers.Provider[Path | None] = providers.Object(None)

    workflow = providers.Singleton(load_workflow, config.workflow)
    prompts = providers.Singleton(load_prompts, workflow)
    policy = providers.Singleton(build_policy, settings, workflow, config_file)
    secret_values = providers.Callable(lambda s: s.secret_values(), settings)

    clock: providers.Provider[Clock] = providers.Singleton(SystemClock)
    folders: providers.Provider[SessionFolders] = providers.Singleton(
        open_folders, config.paths.sessions, workflow
    )
    sessions = providers.Callable(attrgetter("sessions"), folders)
    journal = providers.Callable(attrgetter("journal"), folders)
    notebook = providers.Callable(attrgetter("notebook"), folders)
    signals = providers.Callable(attrgetter("signals"), folders)

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
    foreign: providers.Provider[ForeignWorkers] = providers.Singleton(
        ProcForeignWorkers, config.paths.sessions
    )
    workspace: providers.Provider[Workspace] = providers.Singleton(
        GitWorkspace, secret_values=secret_values
    )
    leftovers: providers.Provider[Leftovers] = providers.Singleton(RecordedLeftovers)
    notifier: providers.Provider[Notifier] = providers.Singleton(
        build_notifier, settings, config_file
    )
    progress = providers.Object(ignore_progress)
    decisions = providers.Singleton(build_decisions, settings, sessions, config_file)

    gates = providers.Factory(Gates, journal, notebook, workflow)
    approve = providers.Factory(Approve, sessions, journal, notebook, workflow)
    answer = providers.Factory(Answer, sessions, journal, notebook, workflow)
    read_status = providers.Factory(ReadStatus, sessions, journal, notebook, workflow)


def iteration_step(
    container: Container,
    sink: ProgressSink,
    *,
    runner: AgentRunner | None = None,
    policy: RunPolicy | None = None,
) -> IterationStep:
    """One iteration, wired: the local loop's, and the Temporal worker's (with its own
    `runner` around the container's and its own `policy`)."""
    policy = policy or container.policy()
    folders = container.folders()
    clock = container.clock()
    workflow = container.workflow()
    attempts = AttemptRunner(
        folders.signals,
        folders.journal,
        runner or container.runner(),
        container.notifier(),
        clock,
        policy,
        sink,
    )
    return IterationStep(
        folders.signals,
        folders.journal,
        folders.notebook,
        attempts,
        IterationJudge(workflow, container.workspace()),
        clock,
        workflow,
        container.prompts(),
        policy,
        sink,
        leftovers=container.leftovers(),
    )


def run_session(container: Container, progress: ProgressSink | None = None) -> RunSession:
    """The loop, wired; `progress` (else the container's) sees every step of this run."""
    sink: ProgressSink = progress or container.progress()
    policy = container.policy()
    folders = container.folders()
    notifier = container.notifier()
    clock = container.clock()
    workflow = container.workflow()
    gates = container.gates()
    step = iteration_step(container, sink, policy=policy)
    human = HumanWait(
        folders.sessions,
        folders.journal,
        gates,
        clock,
        workflow,
        container.decisions(),
        poll_s=policy.human_poll_s,
    )
    return RunSession(
        folders.sessions,
        folders.journal,
        gates,
        step,
        human,
        Announcer(notifier, folders.notebook, policy),
        notifier,
        workflow,
        policy,
        sink,
        foreign=container.foreign(),
    )


def build_container(settings: Settings, *, config_file: Path | None = None) -> Container:
    container = Container(settings=settings)
    container.config.from_dict(settings.model_dump())
    if config_file is not None:
        container.config_file.override(providers.Object(config_file))
    return container


async def shutdown(container: Container) -> None:
    """Close what the run opened (the notifiers' connections), in the loop that opened it."""
    notifier = container.notifier()
    close = getattr(notifier, "close", None)
    if close is not None:
        await close()


__all__ = [
    "Answer",
    "Approve",
    "Container",
    "build_container",
    "iteration_step",
    "run_session",
    "shutdown",
]
