"""What every part of the API shares: the project, its settings (loaded on first use), the
session folder, the engine, and the container the loop runs from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from samocode.adapters.session_folder import SessionFolders, open_folders
from samocode.application.errors import ApplicationError
from samocode.application.queries.status import ReadStatus
from samocode.entrypoints.project import Project

if TYPE_CHECKING:
    # asyncio and the loop's modules load only when they are used: reading stays fast.
    import asyncio

    from samocode.application import AgentRunner, Clock, Notifier, ProgressSink, RunReport
    from samocode.application.ports import ForeignProcess
    from samocode.entrypoints.container import Container
    from samocode.entrypoints.settings import Settings
    from samocode.entrypoints.temporal_engine import TemporalEngine


class ApiBase:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        project: Project | None = None,
        flags: Mapping[str, Any] | None = None,
        runner: AgentRunner | None = None,
        notifier: Notifier | None = None,
        folders: SessionFolders | None = None,
        clock: Clock | None = None,
        progress: ProgressSink | None = None,
        engine: str | None = None,
    ) -> None:
        if settings is None and project is None:
            raise TypeError("Samocode needs settings, or a project (see Samocode.from_config)")
        self._settings = settings
        self._project = project or _project_of(settings)
        self._flags = dict(flags or {})
        self._overrides: dict[str, Any] = {
            "runner": runner,
            "notifier": notifier,
            "folders": folders,
            "clock": clock,
            "progress": progress,
        }
        self._folders = folders
        self._container: Container | None = None
        self._running: dict[str, asyncio.Task[RunReport]] = {}
        self._engine = engine
        self._temporal_engine: TemporalEngine | None = None

    @property
    def project(self) -> Project:
        return self._project

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from samocode.entrypoints.config_loader import load_settings

            self._settings = load_settings(
                samocode_file=self._project.config_file, flags=self._flags
            )
        return self._settings

    @property
    def folders(self) -> SessionFolders:
        if self._folders is None:
            self._folders = open_folders(self._project.sessions_dir, self._project.workflow)
        return self._folders

    @property
    def engine(self) -> str:
        """`local` or `temporal`: as given, else the settings' (`engine:`, SAMOCODE_ENGINE,
        `--engine`), read without loading them when they are not loaded yet."""
        if self._engine is None:
            if self._settings is not None and self._project.config_file is None:
                self._engine = self._settings.engine
            else:
                from samocode.entrypoints.engine_choice import chosen_engine

                self._engine = chosen_engine(self._project.config_file, self._flags)
        return self._engine

    def _temporal(self) -> TemporalEngine | None:
        """The Temporal engine when chosen (ConfigError saying what to install without it)."""
        if self.engine != "temporal":
            return None
        if self._temporal_engine is None:
            from samocode.entrypoints.engine_choice import require_temporal

            require_temporal()
            from samocode.entrypoints.temporal_engine import TemporalEngine

            workflow = self._project.workflow
            self._temporal_engine = TemporalEngine(self.settings, self.folders, workflow)
        return self._temporal_engine

    def _reader(self) -> ReadStatus:
        f = self.folders
        return ReadStatus(f.sessions, f.journal, f.notebook, self._project.workflow)

    def foreign_workers(self, session: str) -> list[ForeignProcess]:
        """The processes outside this samocode that drive the session now: a live worker
        of the original samocode, an agent CLI left running on it (Linux; none elsewhere)."""
        from samocode.adapters.foreign_workers import ProcForeignWorkers

        ref = self.folders.sessions.resolve(session, create=False)
        return list(ProcForeignWorkers(self._project.sessions_dir).find(ref))

    def container(self) -> Container:
        """The container the loop runs from, built (with the settings) on first use."""
        if self._container is None:
            from dependency_injector import providers

            from samocode.entrypoints.container import build_container

            container = build_container(self.settings, config_file=self._project.config_file)
            for name, value in self._overrides.items():
                if value is not None:
                    getattr(container, name).override(providers.Object(value))
            self._container = container
        return self._container

    async def close(self) -> None:
        """Close the notifiers' connections; call once when done with this object."""
        if self._container is not None:
            from samocode.entrypoints.container import shutdown

            await shutdown(self._container)


def _project_of(settings: Settings | None) -> Project:
    from samocode.entrypoints.workflow_file import load_workflow

    assert settings is not None
    sessions = settings.paths.sessions
    if sessions is None:
        raise ApplicationError("settings.paths.sessions is not set: where do sessions live?")
    return Project(None, sessions, load_workflow(settings.workflow))
