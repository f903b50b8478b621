"""source.hub through the real huggingface_hub client against tests/hubserver.py."""

from __future__ import annotations

import hashlib
import socket
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from license_scan import limits
from license_scan.errors import TargetError
from license_scan.settings import hub_settings
from license_scan.source.hub import EXPAND, fetch_hub
from license_scan.source.retry import retry_wait
from license_scan.source.snapshot import Snapshot
from license_scan.target import parse_target

APACHE = "acme/apache-model"
APACHE_SHA = "3684c5d1d9c822005d0d215636d4f221f9267497"
GATED_SHA = "593c2f7847517d36588319e767e1e7c29a244a45"
CORPUS_LLAMA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "licenses" / "008-llama3_1-license.txt"


class Sleeps(list):
    """Records requested waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetch(raw: str, revision: str | None = None, **kwargs) -> Snapshot:
    kwargs.setdefault("sleep", Sleeps())
    return fetch_hub(parse_target(raw, revision), **kwargs)


def resolve(repo: str, sha: str, path: str, prefix: str = "") -> list[tuple[str, str]]:
    url = f"{prefix}/{repo}/resolve/{sha}/{path}"
    return [("HEAD", url), ("GET", url)]


def served(hub_env, repo: str, path: str, kind: str = "model") -> bytes:
    found = hub_env.server.find_repo(kind, repo)
    return found.files(found.resolve(None))[path]


def write_repo(root: Path, repo_id: str, files: dict[str, str], **yaml_fields: object) -> None:
    folder = root / "models" / repo_id
    (folder / "files").mkdir(parents=True)
    lines = [f"sha: {hashlib.sha1(repo_id.encode()).hexdigest()}"] + [f"{k}: {v}" for k, v in yaml_fields.items()]
    (folder / "repo.yaml").write_text("\n".join(lines) + "\n")
    for path, text in files.items():
        (folder / "files" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "files" / path).write_text(text)


# --- request counts ------------------------------------------------------------------------

def test_cold_fetch_makes_exactly_the_needed_requests(hub_env):
    snap = fetch(APACHE)
    assert hub_env.server.requests == [
        ("GET", f"/api/models/{APACHE}"),
        *resolve(APACHE, APACHE_SHA, "README.md"),
        *resolve(APACHE, APACHE_SHA, "LICENSE"),
        *resolve(APACHE, APACHE_SHA, "config.json"),
    ]
    assert hub_env.server.request_log[0].query["expand"] == list(EXPAND)
    assert snap.revision == APACHE_SHA and snap.requested_revision is None
    assert snap.kind == "model" and snap.repo_id == APACHE and snap.offline is False
    assert snap.files == ("LICENSE", "README.md", "config.json", "model.safetensors")
    assert snap.card_data == {"license": "apache-2.0", "library_name": "transformers",
                              "pipeline_tag": "text-classification"}
    assert snap.tags == ("transformers", "text-classification", "license:apache-2.0")
    assert snap.gated is None
    assert snap.card is not None and snap.card.text is not None and snap.card.text.startswith("---\nlicense: apache-2.0")
    (license_file,) = snap.license_files
    body = served(hub_env, APACHE, "LICENSE")
    assert license_file.path == "LICENSE" and "Apache License" in (license_file.text or "")
    assert license_file.sha256 == hashlib.sha256(body).hexdigest() and license_file.size == len(body)
    assert snap.config == {"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_size": 8}
    assert snap.findings == ()


def test_warm_fetch_costs_one_info_request(hub_env):
    cold = fetch(APACHE)
    hub_env.server.reset()
    warm = fetch(APACHE)
    assert hub_env.server.requests == [("GET", f"/api/models/{APACHE}")]
    assert warm == cold


@pytest.mark.parametrize("how", ["flag", "env"])
def test_offline_after_warm_makes_no_request_and_gives_the_same_snapshot(hub_env, monkeypatch, how):
    online = fetch(APACHE)
    hub_env.server.reset()
    if how == "env":
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    offline = fetch(APACHE, offline=(how == "flag"))
    assert hub_env.server.requests == []
    assert offline.offline is True
    assert replace(offline, offline=False) == online


def test_offline_cold_is_an_offline_miss(hub_env):
    with pytest.raises(TargetError) as info:
        fetch(APACHE, offline=True)
    assert info.value.type == "offline-miss"
    assert "run once without --offline" in str(info.value) and APACHE in str(info.value)
    assert hub_env.server.requests == []


def test_offline_miss_for_a_revision_never_fetched(hub_env):
    fetch("acme/tagged-model")
    with pytest.raises(TargetError) as info:
        fetch("acme/tagged-model", "v1.0", offline=True)
    assert info.value.type == "offline-miss"


# --- gated, private, missing ---------------------------------------------------------------

def test_gated_repo_gives_metadata_and_unreadable_files(hub_env):
    snap = fetch("acme/gated-model")
    assert snap.gated == "manual"
    assert snap.card_data is not None and snap.card_data["license"] == "llama3.1"
    assert snap.card is not None and snap.card.text is None and snap.card.unreadable_reason == "gated"
    assert snap.license_files and all(f.unreadable_reason == "gated" and f.text is None for f in snap.license_files)
    assert "USE_POLICY.md" in [f.path for f in snap.license_files]
    assert {f.path for f in snap.unreadable} >= {"README.md", "USE_POLICY.md"}
    # after the first 401 the other files are not asked for
    assert hub_env.server.requests == [("GET", "/api/models/acme/gated-model"),
                                       ("HEAD", f"/acme/gated-model/resolve/{GATED_SHA}/README.md")]


def test_gated_repo_with_a_wrong_token_is_still_gated(hub_env, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_wrong")
    snap = fetch("acme/gated-model")
    assert snap.card is not None and snap.card.unreadable_reason == "gated"
    assert hub_env.server.request_log[-1].authorization == "Bearer hf_wrong"


def test_gated_repo_with_an_accepted_token_is_read(hub_env, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_test_gated_ok")
    snap = fetch("acme/gated-model")
    assert snap.card is not None and snap.card.text is not None and "license: llama3.1" in snap.card.text
    policy = {f.path: f for f in snap.license_files}["USE_POLICY.md"]
    assert policy.text is not None and "Acceptable use" in policy.text
    if CORPUS_LLAMA.is_file():
        assert "Llama 3.1" in ({f.path: f for f in snap.license_files}["LICENSE"].text or "")


def test_token_saved_by_login_is_used(hub_env):
    (hub_env.home / "token").parent.mkdir(parents=True, exist_ok=True)
    (hub_env.home / "token").write_text("hf_test_gated_ok\n")
    assert hub_settings().token == "hf_test_gated_ok"
    snap = fetch("acme/gated-model")
    assert snap.card is not None and snap.card.text is not None


def test_gated_offline_repeats_the_gated_reasons(hub_env):
    online = fetch("acme/gated-model")
    hub_env.server.reset()
    offline = fetch("acme/gated-model", offline=True)
    assert hub_env.server.requests == []
    assert replace(offline, offline=False) == online


def test_missing_repo_is_not_found(hub_env):
    with pytest.raises(TargetError) as info:
        fetch("acme/does-not-exist")
    assert info.value.type == "not-found"
    assert "not found on the Hub" in info.value.message and "HF_TOKEN" in info.value.message
    assert len(hub_env.server.requests) == 1  # a 404 is not retried


def test_private_repo_without_token_is_not_found(hub_env):
    with pytest.raises(TargetError) as info:
        fetch("acme/private-model")
    assert info.value.type == "not-found" and "set HF_TOKEN" in info.value.message


def test_private_repo_with_token_is_read(hub_env, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_test_private_ok")
    snap = fetch("acme/private-model")
    assert snap.card_data == {"license": "mit"}
    assert snap.license_files[0].text is not None and "Permission is hereby granted" in snap.license_files[0].text


# --- revisions -----------------------------------------------------------------------------

def test_tag_revision_resolves_to_its_commit(hub_env):
    v1 = "e97e40bc547e8c47ff310c9262479e662a871bb7"
    snap = fetch("acme/tagged-model", "v1.0")
    assert snap.revision == v1 and snap.requested_revision == "v1.0"
    assert snap.card_data == {"license": "cc-by-nc-4.0"} and snap.files == ("README.md",)
    assert hub_env.server.requests == [("GET", "/api/models/acme/tagged-model/revision/v1.0"),
                                       *resolve("acme/tagged-model", v1, "README.md")]
    hub_env.server.reset()
    assert replace(fetch("acme/tagged-model", "v1.0", offline=True), offline=False) == snap
    main = fetch("acme/tagged-model")
    assert main.revision != v1 and main.card_data == {"license": "apache-2.0"}


def test_full_sha_revision_offline_needs_no_ref(hub_env):
    online = fetch(APACHE, APACHE_SHA)
    assert hub_env.server.requests[0] == ("GET", f"/api/models/{APACHE}/revision/{APACHE_SHA}")
    assert replace(fetch(APACHE, APACHE_SHA, offline=True), offline=False) == online


def test_missing_revision_is_revision_not_found(hub_env):
    with pytest.raises(TargetError) as info:
        fetch(APACHE, "no-such-branch")
    assert info.value.type == "revision-not-found" and "no-such-branch" in info.value.message


# --- retries and network -------------------------------------------------------------------

def test_429_with_retry_after_is_retried_after_that_wait(hub_env):
    hub_env.server.add_fault(f"/api/models/{APACHE}", 429, retry_after=2, times=1)
    sleeps = Sleeps()
    snap = fetch(APACHE, sleep=sleeps)
    assert sleeps == [2.0]
    assert snap.revision == APACHE_SHA
    assert hub_env.server.requests[:2] == [("GET", f"/api/models/{APACHE}")] * 2


def test_retry_after_longer_than_the_cap_gives_up_at_once(hub_env):
    hub_env.server.add_fault(f"/api/models/{APACHE}", 429, retry_after=3600, times=None)
    sleeps = Sleeps()
    with pytest.raises(TargetError) as info:
        fetch(APACHE, sleep=sleeps)
    assert info.value.type == "network" and "429" in info.value.message
    assert sleeps == [] and len(hub_env.server.requests) == 1


def test_5xx_until_retries_run_out_is_a_network_error(hub_env):
    hub_env.server.add_fault(f"/api/models/{APACHE}", 503, times=None)
    sleeps = Sleeps()
    with pytest.raises(TargetError) as info:
        fetch(APACHE, sleep=sleeps)
    assert info.value.type == "network" and "503" in info.value.message
    assert len(hub_env.server.requests) == limits.HUB_INFO_RETRIES
    assert sleeps == [limits.HUB_RETRY_BASE_WAIT_S * 2 ** i for i in range(limits.HUB_INFO_RETRIES - 1)]


def test_unreachable_endpoint_is_a_network_error(hub_env, monkeypatch):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    sleeps = Sleeps()
    with pytest.raises(TargetError) as info:
        fetch(APACHE, sleep=sleeps)
    assert info.value.type == "network" and "cannot reach" in info.value.message
    assert len(sleeps) == limits.HUB_INFO_RETRIES - 1


def test_retry_wait_reads_seconds_dates_and_caps():
    assert retry_wait({"Retry-After": "3"}, 1) == 3.0
    assert retry_wait({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 1) == 0.0  # in the past
    assert retry_wait({"Retry-After": str(int(limits.HUB_RETRY_MAX_WAIT_S) + 1)}, 1) is None
    assert retry_wait({}, 2) == limits.HUB_RETRY_BASE_WAIT_S * 2


def test_truncated_download_is_resumed_by_the_client(hub_env):
    hub_env.server.add_fault(f"/{APACHE}/resolve/{APACHE_SHA}/LICENSE", truncate=True, method="GET")
    snap = fetch(APACHE)
    assert snap.license_files[0].sha256 == hashlib.sha256(served(hub_env, APACHE, "LICENSE")).hexdigest()
    gets = [p for m, p in hub_env.server.requests if m == "GET" and p.endswith("/LICENSE")]
    assert len(gets) == 2  # the cut answer, then the resumed one


def test_download_failure_marks_files_and_stops_asking(hub_env, monkeypatch):
    from huggingface_hub.utils import _http

    monkeypatch.setattr(_http, "time", SimpleNamespace(sleep=lambda s: None, time=time.time))  # skip client backoff
    hub_env.server.add_fault("/resolve/", 503, times=None)
    snap = fetch(APACHE)
    assert snap.card is not None and snap.card.unreadable_reason == "network"
    assert [f.unreadable_reason for f in snap.license_files] == ["network"]
    assert snap.config is None and codes(snap) == ["files-unreadable"]
    assert "README.md (network), LICENSE (network), config.json (network)" in snap.findings[0].message
    assert not any("/LICENSE" in path for _, path in hub_env.server.requests)


# --- repo shapes ---------------------------------------------------------------------------

def test_renamed_repo_follows_the_redirect(hub_env):
    snap = fetch("acme/old-name")
    assert snap.repo_id == "acme/new-name" and snap.target == "acme/old-name"
    assert snap.card_data == {"license": "mit"}
    (renamed,) = [f for f in snap.findings if f.code == "repo-renamed"]
    assert renamed.severity == "info" and "acme/old-name" in renamed.message and "acme/new-name" in renamed.message
    assert hub_env.server.requests[:2] == [("GET", "/api/models/acme/old-name"), ("GET", "/api/models/acme/new-name")]
    assert not any(p.startswith("/acme/old-name/resolve") for _, p in hub_env.server.requests)
    hub_env.server.reset()
    assert replace(fetch("acme/old-name", offline=True), offline=False) == snap
    by_new_name = fetch("acme/new-name", offline=True)  # cached under the canonical id too
    assert by_new_name.repo_id == "acme/new-name" and by_new_name.license_files == snap.license_files
    assert hub_env.server.requests == []


def test_dataset_repo(hub_env):
    sha = "d78b99faad7b591a42549e03303b5505ac99b3a2"
    snap = fetch("datasets/acme/cc-dataset")
    assert snap.kind == "dataset" and snap.repo_id == "acme/cc-dataset"
    assert snap.card_data is not None and snap.card_data["license"] == "cc-by-4.0"
    assert snap.license_files[0].text is not None and "Attribution 4.0" in snap.license_files[0].text
    assert hub_env.server.requests == [("GET", "/api/datasets/acme/cc-dataset"),
                                       *resolve("acme/cc-dataset", sha, "README.md", "/datasets"),
                                       *resolve("acme/cc-dataset", sha, "LICENSE", "/datasets")]


def test_license_link_relative_path_is_read_once(hub_env):
    snap = fetch("acme/other-license")
    assert [f.path for f in snap.license_files] == ["LICENSE.md"]
    assert "ACME MODEL LICENSE" in (snap.license_files[0].text or "")
    assert sum(1 for m, p in hub_env.server.requests if p.endswith("/LICENSE.md") and m == "GET") == 1


def test_license_link_hub_url_into_the_repo_is_downloaded(hub_env):
    snap = fetch("acme/link-url")
    assert [f.path for f in snap.license_files] == ["docs/TERMS.txt"]
    assert "research use only" in (snap.license_files[0].text or "")


def test_license_link_to_a_missing_file_is_not_found_without_a_request(hub_env, tmp_path):
    write_repo(tmp_path, "tmp/link-missing", {"README.md": "---\nlicense: other\nlicense_link: TERMS.md\n---\n"})
    hub_env.server.add_root(tmp_path)
    snap = fetch("tmp/link-missing")
    assert snap.license_files == ()  # nothing there: a broken link, not unread terms
    assert [f.code for f in snap.findings] == ["license-link-missing"] and "TERMS.md" in snap.findings[0].message
    assert not any("TERMS.md" in p for _, p in hub_env.server.requests)


def test_malformed_card_has_no_card_data_but_keeps_the_text(hub_env):
    snap = fetch("acme/malformed-card")
    assert snap.card_data is None
    assert snap.card is not None and "license: [apache-2.0" in (snap.card.text or "")


@pytest.mark.parametrize("over", [0, 1])
def test_license_file_size_cap(hub_env, monkeypatch, over):
    size = len(served(hub_env, APACHE, "LICENSE"))
    monkeypatch.setattr(limits, "MAX_LICENSE_FILE_BYTES", size - over)
    (lic,) = fetch(APACHE).license_files
    assert lic.size == size and lic.sha256 is not None
    if over:
        assert lic.text is None and lic.unreadable_reason == "too-large"
    else:
        assert lic.text is not None and lic.unreadable_reason is None


def test_license_file_count_cap_keeps_root_files_first(hub_env, tmp_path, monkeypatch):
    write_repo(tmp_path, "tmp/many", {"README.md": "# x\n", "a/LICENSE": "nested\n", "NOTICE": "n\n",
                                      "LICENSE": "root\n"})
    hub_env.server.add_root(tmp_path)
    monkeypatch.setattr(limits, "MAX_LICENSE_FILES", 2)
    snap = fetch("tmp/many")
    assert [f.path for f in snap.license_files] == ["LICENSE", "NOTICE"]
    (capped,) = [f for f in snap.findings if f.code == "license-files-capped"]
    assert "only the first 2" in capped.message and "a/LICENSE" in capped.message
    assert not any(p.endswith("/a/LICENSE") for _, p in hub_env.server.requests)


def test_card_text_bom_is_stripped_and_bad_bytes_replaced(hub_env, tmp_path):
    write_repo(tmp_path, "tmp/bom", {})
    (tmp_path / "models/tmp/bom/files/README.md").write_bytes(b"\xef\xbb\xbf---\nlicense: mit\n---\nbad \xff byte\n")
    hub_env.server.add_root(tmp_path)
    snap = fetch("tmp/bom")
    assert snap.card is not None and snap.card.text == "---\nlicense: mit\n---\nbad \ufffd byte\n"


def codes(snap) -> list[str]:
    return [f.code for f in snap.findings]


def test_settings_are_read_at_call_time(hub_env, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://example.invalid/")
    monkeypatch.setenv("HF_HUB_CACHE", "/tmp/elsewhere")
    settings = hub_settings()
    assert settings.endpoint == "http://example.invalid" and settings.cache_dir == "/tmp/elsewhere"


def test_server_answers_404_to_unknown_paths(hub_env):
    import httpx2

    response = httpx2.get(f"{hub_env.url}/api/agent-harnesses")
    assert response.status_code == 404 and "X-Error-Code" not in response.headers


def test_server_delay_fault_slows_every_matching_answer(hub_env):
    import httpx2

    hub_env.server.add_fault("/api/models/", delay=0.2, times=None)
    started = time.monotonic()
    assert httpx2.get(f"{hub_env.url}/api/models/{APACHE}").status_code == 200
    assert httpx2.get(f"{hub_env.url}/api/models/{APACHE}").status_code == 200
    assert time.monotonic() - started >= 0.4
