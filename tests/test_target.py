"""What the user types → a local folder or a Hub repo reference."""

import pytest

from license_scan.errors import InvalidTargetError
from license_scan.target import parse_target


@pytest.mark.parametrize("raw, kind, repo_id, revision", [
    ("meta-llama/Llama-3.1-8B", "model", "meta-llama/Llama-3.1-8B", None),
    ("gpt2", "model", "gpt2", None),
    ("hf://org/name", "model", "org/name", None),
    ("hf://org/name@v1.0", "model", "org/name", "v1.0"),
    ("hf://datasets/org/data", "dataset", "org/data", None),
    ("hf://datasets/org/data@refs/convert/parquet", "dataset", "org/data", "refs/convert/parquet"),
    ("datasets/org/data", "dataset", "org/data", None),
    ("models/org/name", "model", "org/name", None),
    ("https://huggingface.co/org/name", "model", "org/name", None),
    ("https://huggingface.co/org/name/tree/v2", "model", "org/name", "v2"),
    ("https://huggingface.co/org/name/blob/abc123/README.md", "model", "org/name", "abc123"),
    ("https://huggingface.co/datasets/org/data/tree/main", "dataset", "org/data", "main"),
    ("https://hf.co/org/name", "model", "org/name", None),
])
def test_hub_forms(raw, kind, repo_id, revision):
    t = parse_target(raw)
    assert (t.kind, t.repo_id, t.revision, t.raw) == (kind, repo_id, revision, raw)


def test_revision_option_wins_over_none():
    assert parse_target("org/name", "v3").revision == "v3"


def test_existing_folder_is_always_local(tmp_path):
    folder = tmp_path / "org" / "name"
    folder.mkdir(parents=True)
    t = parse_target(str(folder))
    assert t.kind == "local"


def test_url_on_the_configured_endpoint(monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9999")
    assert parse_target("http://127.0.0.1:9999/org/name/tree/dev").revision == "dev"


@pytest.mark.parametrize("raw", [
    "https://github.com/org/name", "https://huggingface.co/spaces/org/app", "a/b/c", "org/../x", "", "./missing/dir",
])
def test_invalid_targets(raw):
    with pytest.raises(InvalidTargetError):
        parse_target(raw)
