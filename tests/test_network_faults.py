"""The fault matrix: each network fault injected on the info request and on a file download.

Through the real huggingface_hub client against tests/hubserver.py, with the retry waits and the
timeout set tiny through the environment (LICENSE_SCAN_RETRY_BASE_WAIT, _RETRY_MAX_WAIT, _TIMEOUT).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from click.testing import CliRunner

from license_scan import limits
from license_scan.cli.main import cli
from license_scan.errors import UsageError
from license_scan.settings import NetworkSettings, hub_settings, network_settings
from license_scan.source.hub import fetch_hub
from license_scan.target import parse_target

APACHE = "acme/apache-model"
APACHE_SHA = "3684c5d1d9c822005d0d215636d4f221f9267497"
INFO = f"/api/models/{APACHE}"
LICENSE = f"/{APACHE}/resolve/{APACHE_SHA}/LICENSE"
BASE, MAX, TIMEOUT, STALL = 0.01, 2.0, 0.3, 1.0
H, HG = ["HEAD"], ["HEAD", "GET"]  # a download attempt: the HEAD the client asks first, then the GET


@pytest.fixture
def net_env(hub_env, monkeypatch):
    monkeypatch.setenv("LICENSE_SCAN_RETRY_BASE_WAIT", str(BASE))
    monkeypatch.setenv("LICENSE_SCAN_RETRY_MAX_WAIT", str(MAX))
    monkeypatch.setenv("LICENSE_SCAN_TIMEOUT", str(TIMEOUT))
    monkeypatch.setenv("LICENSE_SCAN_RETRIES", "3")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return hub_env


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@dataclass(frozen=True)
class Case:
    name: str
    where: str  # INFO or LICENSE
    fault: dict[str, Any] = field(default_factory=dict)
    sleeps: list[float] | None = None  # recovered: the waits asked for
    requests: int | None = None  # recovered: requests to `where`
    error: str | None = None  # the target's error type
    reason: str | None = None  # LICENSE unreadable for this reason (the scan incomplete: exit 3)
    methods: list[str] | None = None  # ... after these requests for it


CASES = [
    # the info request: transient faults are retried after our wait (Retry-After when given)
    Case("info-429-retry-after", INFO, dict(status=429, retry_after=1), sleeps=[1.0], requests=2),
    Case("info-500", INFO, dict(status=500), sleeps=[BASE], requests=2),
    Case("info-502", INFO, dict(status=502), sleeps=[BASE], requests=2),
    Case("info-503", INFO, dict(status=503), sleeps=[BASE], requests=2),
    Case("info-slow-body", INFO, dict(stall=STALL), sleeps=[BASE], requests=2),
    Case("info-connection-reset", INFO, dict(reset=True), sleeps=[BASE], requests=2),
    Case("info-truncated", INFO, dict(truncate=True), sleeps=[BASE], requests=2),
    # ... faults that last are the target's error; refusals are not retried
    Case("info-503-lasting", INFO, dict(status=503, times=None), error="network"),
    Case("info-429-longer-than-max", INFO, dict(status=429, retry_after=3600, times=None), error="network"),
    Case("info-reset-lasting", INFO, dict(reset=True, times=None), error="network"),
    Case("info-401", INFO, dict(status=401, times=None), error="not-found"),
    Case("info-403", INFO, dict(status=403, times=None), error="not-found"),
    Case("info-404", INFO, dict(status=404, times=None), error="not-found"),
    # a file download (the GET of LICENSE): transient faults are retried by our loop
    Case("file-429-retry-after", LICENSE, dict(status=429, retry_after=1, method="GET"), sleeps=[1.0], requests=4),
    Case("file-500", LICENSE, dict(status=500, method="GET"), sleeps=[BASE], requests=4),
    Case("file-502", LICENSE, dict(status=502, method="GET"), sleeps=[BASE], requests=4),
    Case("file-503", LICENSE, dict(status=503, method="GET"), sleeps=[BASE], requests=4),
    Case("file-503-head", LICENSE, dict(status=503, method="HEAD"), sleeps=[], requests=3),  # the client asks again
    Case("file-slow-body", LICENSE, dict(stall=STALL, method="GET"), sleeps=[BASE], requests=4),
    Case("file-connection-reset", LICENSE, dict(reset=True, method="GET"), sleeps=[BASE], requests=4),
    Case("file-truncated", LICENSE, dict(truncate=True, method="GET"), sleeps=[BASE], requests=4),
    # ... faults that last leave the file unreadable and the scan incomplete
    Case("file-503-lasting", LICENSE, dict(status=503, times=None), reason="network", methods=H * 6),
    Case("file-429-longer-than-max", LICENSE, dict(status=429, retry_after=3600, method="GET", times=None),
         reason="network", methods=HG),
    Case("file-slow-body-lasting", LICENSE, dict(stall=STALL, method="GET", times=None), reason="network",
         methods=HG * 3),
    Case("file-reset-lasting", LICENSE, dict(reset=True, times=None), reason="network", methods=H * 3),
    Case("file-truncated-lasting", LICENSE, dict(truncate=True, method="GET", times=None), reason="network",
         methods=HG * 3),
    Case("file-401", LICENSE, dict(status=401, times=None), reason="denied", methods=H),
    Case("file-403", LICENSE, dict(status=403, times=None), reason="denied", methods=H),
    Case("file-404", LICENSE, dict(status=404, times=None), reason="not-found", methods=H),
]


def scan_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["scan", "--format", "json", "--depth", "0", *args], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_fault_matrix(net_env, case: Case):
    server = net_env.server
    server.add_fault(case.where, **{"times": 1, **case.fault})
    if case.sleeps is not None:  # recovered after retry
        sleeps = Sleeps()
        snap = fetch_hub(parse_target(APACHE), sleep=sleeps)
        assert sleeps == case.sleeps
        assert len([p for _, p in server.requests if p == case.where]) == case.requests
        (license_file,) = snap.license_files
        assert license_file.unreadable_reason is None and "Apache License" in (license_file.text or "")
        assert snap.card is not None and snap.card.text and snap.config is not None
        return
    code, report = scan_json(APACHE)
    assert code == 3, report
    (target,) = report["results"]
    if case.error is not None:
        assert target["error"]["type"] == case.error
        if case.error == "network":
            assert len([p for _, p in server.requests if p == INFO]) == (1 if "longer" in case.name else 3)
        else:
            assert len(server.requests) == 1  # a refusal is not asked again
        return
    assert target["error"] is None
    text = json.dumps(report)
    assert f"LICENSE ({case.reason})" in text
    assert [m for m, p in server.requests if p == case.where] == case.methods
    asked_on = any(p.endswith("/config.json") for _, p in server.requests)
    assert asked_on == (case.reason == "not-found")  # after a network failure or a refusal, later files are not tried


def test_renamed_repo_redirect_is_followed_and_reported(net_env):
    code, report = scan_json("acme/old-name")
    (target,) = report["results"]
    assert code == 0 and target["error"] is None
    assert any(f["code"] == "repo-renamed" and "acme/new-name" in f["message"] for f in target["findings"])
    assert net_env.server.requests[:2] == [("GET", "/api/models/acme/old-name"), ("GET", "/api/models/acme/new-name")]


def test_one_failing_target_does_not_stop_the_others(net_env):
    net_env.server.add_fault("/api/models/acme/does-not-exist", 503, times=None)
    code, report = scan_json("acme/does-not-exist", APACHE)
    assert code == 3
    failed, read = report["results"]
    assert failed["error"]["type"] == "network" and "503" in failed["error"]["message"]
    assert read["error"] is None


def test_a_stalled_download_costs_the_timeout_not_minutes(net_env, monkeypatch):
    monkeypatch.setenv("LICENSE_SCAN_RETRIES", "1")
    net_env.server.add_fault(LICENSE, stall=5.0, method="GET", times=None)
    started = time.monotonic()
    snap = fetch_hub(parse_target(APACHE), sleep=Sleeps())
    assert time.monotonic() - started < 5.0 - 1.0  # one timeout (0.3 s), not the stall, nor the client's 10 s
    assert snap.license_files[0].unreadable_reason == "network"


def test_network_settings_from_the_environment():
    assert network_settings({}) == NetworkSettings(limits.HUB_INFO_RETRIES, limits.HUB_RETRY_BASE_WAIT_S,
                                                   limits.HUB_RETRY_MAX_WAIT_S, None)
    assert network_settings({}).info_timeout == limits.HUB_INFO_TIMEOUT_S
    assert network_settings({}).file_timeout == limits.HUB_ETAG_TIMEOUT_S
    env = {"LICENSE_SCAN_RETRIES": "5", "LICENSE_SCAN_RETRY_BASE_WAIT": "0.5",
           "LICENSE_SCAN_RETRY_MAX_WAIT": "4", "LICENSE_SCAN_TIMEOUT": "2.5"}
    net = network_settings(env)
    assert net == NetworkSettings(5, 0.5, 4.0, 2.5) and net.info_timeout == net.file_timeout == 2.5
    assert hub_settings(env).network == net
    for name, value in [("LICENSE_SCAN_RETRIES", "0"), ("LICENSE_SCAN_RETRIES", "1.5"),
                        ("LICENSE_SCAN_TIMEOUT", "0"), ("LICENSE_SCAN_RETRY_MAX_WAIT", "-1"),
                        ("LICENSE_SCAN_RETRY_BASE_WAIT", "soon"), ("LICENSE_SCAN_TIMEOUT", "inf")]:
        with pytest.raises(UsageError, match=name):
            network_settings({name: value})


def test_a_bad_network_setting_is_a_usage_error_before_any_request(hub_env, monkeypatch):
    from click.testing import CliRunner

    from license_scan.cli.main import cli

    monkeypatch.setenv("LICENSE_SCAN_RETRIES", "many")
    result = CliRunner().invoke(cli, ["scan", "acme/apache-model"])
    assert result.exit_code == 2 and "LICENSE_SCAN_RETRIES" in result.stderr
    assert hub_env.server.requests == []
