"""Secrets stay where they are: the Telegram token and the Temporal API key never reach a
workflow payload (history, memo) nor the agent's environment; the agent is not told how to
reach the cluster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from google.protobuf.message import Message
from temporalio.api.common.v1 import Payload

from ..faults.conftest import PLAN
from .conftest import make_host
from .test_long_sessions import connect_to

TOKEN = "123:secret-token"  # the workspace's TELEGRAM_BOT_TOKEN
API_KEY = "temporal-secret-api-key"


def payloads(message: Message) -> list[bytes]:
    """Every payload's data in a history event, however deep."""
    if isinstance(message, Payload):
        return [message.data]
    found: list[bytes] = []
    for field, value in message.ListFields():
        if field.type != field.TYPE_MESSAGE:
            continue
        values: Any = value
        if field.message_type.GetOptions().map_entry:
            values = value.values()
        elif not field.is_repeated:
            values = [value]
        for item in values:
            if isinstance(item, Message):
                found += payloads(item)
    return found


async def test_no_secret_reaches_a_payload_or_the_agent(
    tmp_path: Path, temporal_address: str
) -> None:
    host = make_host(
        tmp_path,
        temporal_address,
        "hq-secrets",
        short=True,
        yaml="provider: claude\n",
        temporal=", tls: false",
    )
    host.ws.env.update(TEMPORAL_API_KEY=API_KEY, TELEGRAM_CHAT_ID="42")
    first = {**PLAN["a"][0], "argv_to": "agent-env.json"}
    host.ws.plan({**PLAN, "a": [first]})
    try:
        host.start_worker()
        run = host.samocode("run", "--engine", "temporal", *host.args())
        assert run.returncode == 0, run.stderr
    finally:
        host.stop_workers()
    seen = json.loads((host.ws.session_dir() / "agent-env.json").read_text())["env"]
    assert not [name for name in seen if name.startswith(("TEMPORAL_", "TELEGRAM_"))], seen

    client = await connect_to(temporal_address)
    wid = f"samocode/hq-secrets/{host.ws.session_dir().name}"
    history = await client.get_workflow_handle(wid).fetch_history()
    data = b"".join(p for event in history.events for p in payloads(event))
    assert b'"state"' in data and b"samocode" in data  # the payloads were found and read
    assert TOKEN.encode() not in data and API_KEY.encode() not in data
