"""Connecting to the cluster: a self-hosted one, Temporal Cloud, or `samocode dev-server`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from temporalio.client import Client
from temporalio.service import TLSConfig

from samocode.adapters.temporal.errors import ClusterUnreachable


@dataclass(frozen=True, slots=True)
class Cluster:
    address: str = "127.0.0.1:7233"
    namespace: str = "default"
    api_key: str | None = None  # held here only; never logged, never in a payload
    tls: bool | None = None  # None: on with an API key (Temporal Cloud), else off
    client_cert: Path | None = None
    client_key: Path | None = None
    server_ca_cert: Path | None = None
    server_name: str | None = None

    def describe(self) -> str:
        return f"{self.address} (namespace {self.namespace})"

    def tls_config(self) -> TLSConfig | bool:
        files = (self.client_cert, self.client_key, self.server_ca_cert)
        wanted = self.tls if self.tls is not None else bool(self.api_key) or any(files)
        if not wanted:
            return False
        if not any(files) and not self.server_name:
            return True
        return TLSConfig(
            client_cert=self.client_cert.read_bytes() if self.client_cert else None,
            client_private_key=self.client_key.read_bytes() if self.client_key else None,
            server_root_ca_cert=self.server_ca_cert.read_bytes() if self.server_ca_cert else None,
            domain=self.server_name,
        )


async def connect(cluster: Cluster) -> Client:
    try:
        return await Client.connect(
            cluster.address,
            namespace=cluster.namespace,
            api_key=cluster.api_key,
            tls=cluster.tls_config(),
        )
    except (RuntimeError, OSError) as exc:
        raise ClusterUnreachable(
            f"cannot reach the Temporal cluster at {cluster.describe()}: {_first_line(exc)}. "
            "Start one on this machine with `samocode dev-server`, or set temporal.address "
            "(TEMPORAL_ADDRESS)"
        ) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
