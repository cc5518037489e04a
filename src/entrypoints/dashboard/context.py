"""What every handler needs, kept on the aiohttp application: the API, the hub, the access
settings, the templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from aiohttp import web

from samocode.entrypoints.api import Samocode
from samocode.entrypoints.dashboard.hub import Hub
from samocode.entrypoints.dashboard.markup import Redactor
from samocode.entrypoints.dashboard.security import Access

KEY: web.AppKey[Context] = web.AppKey("samocode.dashboard")


def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("samocode.entrypoints.dashboard", "templates"),
        autoescape=True,  # everything is escaped unless it was sanitized into Markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@dataclass(frozen=True, slots=True)
class Context:
    api: Samocode
    hub: Hub
    access: Access
    redact: Redactor
    config: str | None
    env: jinja2.Environment

    @staticmethod
    def of(request: web.Request) -> Context:
        return request.app[KEY]

    def render(self, template: str, **values: Any) -> str:
        return self.env.get_template(template).render(csrf=self.access.csrf, **values)

    def page(self, template: str, *, status: int = 200, **values: Any) -> web.Response:
        return web.Response(
            text=self.render(template, **values), status=status, content_type="text/html"
        )
