"""The doctor's notifier checks: Telegram, desktop, apprise and commands, each offline unless
`--online` (only Telegram's getMe is ever contacted: a test message would reach the team)."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Mapping

from samocode.entrypoints.doctor_report import Check
from samocode.entrypoints.settings import AppriseEntry, CommandEntry, Settings

TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
CHAT_SHAPE = re.compile(r"^(-?\d+|@\w+)$")


def notifier_checks(
    settings: Settings, env: Mapping[str, str], *, online: bool, timeout: float
) -> list[Check]:
    checks = [_telegram(settings, online=online, timeout=timeout)]
    if "desktop" in settings.notifiers:
        checks.append(_desktop(env))
    checks.extend(_apprise(settings))
    checks.extend(
        _command(entry, env) for entry in settings.notifiers if isinstance(entry, CommandEntry)
    )
    return checks


def _telegram(settings: Settings, *, online: bool, timeout: float) -> Check:
    token = settings.telegram.bot_token
    chat = settings.telegram.chat_id
    wanted = "telegram" in settings.notifiers
    if not wanted:
        if bool(token) != bool(chat):
            missing = "TELEGRAM_CHAT_ID" if token else "TELEGRAM_BOT_TOKEN"
            return Check("WARN", "telegram", f"off: {missing} is not set", f"set {missing} too")
        return Check("INFO", "telegram", "off")
    fix = "set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID (or telegram.* in YAML)"
    if token is None or not chat:
        return Check("FAIL", "telegram", "configured, but the token or the chat id is missing", fix)
    secret = token.get_secret_value()
    if not TOKEN_SHAPE.match(secret):
        return Check("FAIL", "telegram", "the bot token is malformed", "copy it from @BotFather")
    if not CHAT_SHAPE.match(chat.strip()):
        return Check("FAIL", "telegram", f"chat id {chat!r} is not a number or @name", fix)
    if not online:
        return Check("PASS", "telegram", "token and chat id set (not contacted; --online checks)")
    return _get_me(secret, settings.telegram.api_base, timeout=timeout)


def _get_me(token: str, api_base: str | None, *, timeout: float) -> Check:
    from samocode.adapters.notifiers.errors import redact
    from samocode.adapters.notifiers.telegram_bot import make_bot

    async def call() -> str:
        async with asyncio.timeout(timeout), make_bot(token, api_base, timeout_s=timeout) as bot:
            me = await bot.get_me()
        return f"@{me.username}" if me.username else str(me.id)

    where = api_base or "api.telegram.org"
    try:
        name = asyncio.run(call())
    except TimeoutError:
        return Check("FAIL", "telegram", f"getMe at {where}: no answer within {timeout:g} s")
    except Exception as exc:  # any failure is the check's result, never a crash
        message = redact(f"getMe at {where} failed: {exc}", token)
        fix = "check the token (@BotFather), the network and telegram.api_base"
        return Check("FAIL", "telegram", message, fix)
    return Check("PASS", "telegram", f"bot {name} answers at {where}")


def _desktop(env: Mapping[str, str]) -> Check:
    if not sys.platform.startswith("linux"):
        return Check("PASS", "desktop", f"system notifications ({sys.platform})")
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        return Check("PASS", "desktop", "D-Bus session bus present")
    fix = "run samocode from a desktop session, or drop desktop from notifiers"
    return Check("WARN", "desktop", "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset)", fix)


def _apprise(settings: Settings) -> list[Check]:
    """Whether the extra is installed and apprise understands each URL; nothing is sent."""
    wanted = any(isinstance(e, AppriseEntry) or e == "apprise" for e in settings.notifiers)
    if not wanted:
        if settings.apprise.urls:
            fix = "add apprise to notifiers (notifiers: [stdout, apprise]) to use them"
            return [Check("WARN", "apprise", "off, though APPRISE_URLS is set", fix)]
        return []
    urls = settings.apprise_urls()
    if not urls:
        fix = "set APPRISE_URLS, or write the URLs in YAML: notifiers: [{apprise: [URL, ...]}]"
        return [Check("FAIL", "apprise", "named in notifiers, but no URL is given", fix)]
    try:
        from samocode.adapters.notifiers.apprise_notifier import AppriseNotifier
    except ImportError:
        fix = 'pip install "samocode[apprise]" (into the environment samocode runs from)'
        return [Check("FAIL", "apprise", "configured, but the apprise extra is not installed", fix)]
    try:
        notifier = AppriseNotifier([url.get_secret_value() for url in urls])
    except ValueError as exc:  # names the URL's position and scheme only
        fix = "see https://github.com/caronc/apprise/wiki for each service's URL format"
        return [Check("FAIL", "apprise", str(exc), fix)]
    services = ", ".join(notifier.labels)
    return [Check("PASS", "apprise", f"{services} understood (not contacted: no test message)")]


def _command(entry: CommandEntry, env: Mapping[str, str]) -> Check:
    from samocode.entrypoints.doctor_checks import resolve_cli

    program = entry.command[0]
    found, problem = resolve_cli(program, env)
    if found is None:
        fix = "give the full path of an executable script, or put it on PATH"
        return Check("FAIL", "command", f"notifier command {problem}", fix)
    return Check("PASS", "command", f"notifier command {found} (gets each event as JSON)")
