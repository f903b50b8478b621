"""canonical_ids: what the Hub calls a repo now, asked through the test Hub server (never the internet)."""

from __future__ import annotations

import pytest

from license_scan.errors import NetworkError, OfflineMissError
from license_scan.source.hub import fetch_hub
from license_scan.source.project import canonical_ids
from license_scan.target import parse_target


def _no_sleep(seconds: float) -> None:
    pass


def test_a_legacy_model_id_answers_with_its_organisation(hub_env):
    assert canonical_ids(["gpt2"], sleep=_no_sleep) == {"gpt2": "openai-community/gpt2"}
    (request,) = hub_env.server.request_log
    assert request.path == "/api/models/gpt2" and request.query.get("expand") == ["sha"]


def test_a_legacy_dataset_id_is_asked_as_a_dataset(hub_env):
    assert canonical_ids(["squad"], kind="dataset", sleep=_no_sleep) == {"squad": "rajpurkar/squad"}
    assert canonical_ids(["squad"], sleep=_no_sleep) == {"squad": None}  # no model of that name


@pytest.mark.parametrize("given,answer", [
    ("acme/apache-model", "acme/apache-model"),  # already canonical
    ("ACME/Apache-Model", "acme/apache-model"),  # ids are case-insensitive: the Hub's spelling
    ("GPT2", "openai-community/gpt2"),
    ("acme/old-name", "acme/new-name"),  # renamed: the Hub redirects
    ("acme/gated-model", "acme/gated-model"),  # gated repos answer info requests
    ("acme/no-such-model", None),
    ("acme/private-model", None),  # private without a token: not found, as on the Hub
    ("no-such-legacy-id", None),
])
def test_each_id_is_answered(hub_env, given, answer):
    assert canonical_ids([given], sleep=_no_sleep) == {given: answer}


def test_each_distinct_id_is_asked_once_and_the_order_is_kept(hub_env):
    result = canonical_ids(["gpt2", "acme/apache-model", "gpt2"], sleep=_no_sleep)
    assert list(result) == ["gpt2", "acme/apache-model"]
    assert len(hub_env.server.requests) == 2


def test_a_server_error_is_retried(hub_env):
    hub_env.server.add_fault("/api/models/gpt2", 503, times=1)
    waits: list[float] = []
    assert canonical_ids(["gpt2"], sleep=waits.append) == {"gpt2": "openai-community/gpt2"}
    assert len(waits) == 1 and len(hub_env.server.requests) == 2


def test_an_unreachable_hub_raises_instead_of_saying_missing(hub_env):
    hub_env.server.add_fault("/api/models/gpt2", 503, times=None)
    with pytest.raises(NetworkError):
        canonical_ids(["gpt2"], sleep=_no_sleep)


def test_offline_answers_from_an_earlier_scan_or_raises(hub_env):
    with pytest.raises(OfflineMissError):
        canonical_ids(["gpt2"], offline=True)
    fetch_hub(parse_target("gpt2"))  # a scan of the legacy id records both ids in our metadata cache
    hub_env.server.reset()
    assert canonical_ids(["gpt2"], offline=True) == {"gpt2": "openai-community/gpt2"}
    assert hub_env.server.requests == []


def test_scanning_a_legacy_id_reads_the_canonical_repo(hub_env):
    snapshot = fetch_hub(parse_target("gpt2"))
    assert snapshot.repo_id == "openai-community/gpt2"
    assert any(f.code == "repo-renamed" for f in snapshot.findings)
