"""Shared pytest fixtures. Each group below is independent; add new groups as separate functions."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

# --- before anything imports huggingface_hub: it reads these once, at import time -------
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"  # else the first request is GET /api/agent-harnesses
os.environ.pop("HF_HUB_OFFLINE", None)  # an offline developer shell must not make the whole session offline
os.environ.pop("TRANSFORMERS_OFFLINE", None)
# A test that forgets hub_env must fail fast on a closed local port, never reach huggingface.co.
os.environ["HF_ENDPOINT"] = "http://127.0.0.1:9"

from hubserver import HubServer  # noqa: E402  (tests/ is on sys.path: rootdir conftest)

# --- the local Hub server ------------------------------------------------------------------


@pytest.fixture(scope="session")
def hub_server() -> Iterator[HubServer]:
    """A Hub-compatible server on 127.0.0.1 serving fixtures/hub/, for the whole session."""
    server = HubServer().start()
    yield server
    server.stop()


@dataclass(frozen=True)
class HubEnv:
    server: HubServer
    url: str
    home: Path  # HF_HOME
    cache: Path  # HF_HUB_CACHE


@pytest.fixture
def hub_env(hub_server: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubEnv]:
    """Point the Hub client at the local server with an empty cache and no token; clean request log.

    Every test starts cold; a test that calls the scanner twice with this env is warm the second time.
    """
    import huggingface_hub.constants as hf_constants

    home = tmp_path / "hf_home"
    cache = home / "hub"
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE",
                 "HUGGINGFACE_HUB_CACHE", "HF_HUB_DISABLE_IMPLICIT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_ENDPOINT", hub_server.url)
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setattr(hf_constants, "HF_HUB_DISABLE_TELEMETRY", True)
    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", False)
    hub_server.reset()
    yield HubEnv(hub_server, hub_server.url, home, cache)
    hub_server.reset()


# --- a fresh text-index cache for the modules that measure the matcher from cold -------------


@pytest.fixture(scope="module")
def fresh_text_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The reference index built into a temporary folder for one test module (use it with
    `pytestmark = pytest.mark.usefixtures("fresh_text_cache")`)."""
    from license_scan.settings import TEXT_CACHE_ENV

    old = os.environ.get(TEXT_CACHE_ENV)
    os.environ[TEXT_CACHE_ENV] = str(tmp_path_factory.mktemp("license-scan-cache"))
    yield
    if old is None:
        os.environ.pop(TEXT_CACHE_ENV, None)
    else:
        os.environ[TEXT_CACHE_ENV] = old


# --- accuracy tables: printed at the end of every run, so CI logs show them ----------------

_ACCURACY_TABLES: list[str] = []


@pytest.fixture
def accuracy_report() -> "Callable[[str], None]":
    """Tests that measure accuracy hand their confusion table here; it is printed after the run."""
    return _ACCURACY_TABLES.append


def pytest_terminal_summary(terminalreporter: "pytest.TerminalReporter") -> None:
    if _ACCURACY_TABLES:
        terminalreporter.section("accuracy")
        for table in _ACCURACY_TABLES:
            terminalreporter.write_line(table)
