"""source.estate through the real huggingface_hub client against tests/hubserver.py's listings."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hubserver import _b64encode

from license_scan.errors import NetworkError, NotFoundError, UsageError
from license_scan.source.estate import (
    DATASET_LIST_EXPAND, LIST_EXPAND, Listed, _base_models, _from_item, list_repos, listed_info, read_id_file,
)

ORG = "estate-org"
MODELS = [f"{ORG}/m{i}" for i in range(1, 6)]  # five public models: three pages of two


class Sleeps(list):
    """Records requested waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def write_repo(root: Path, kind: str, repo_id: str, card: str = "", **fields: object) -> None:
    folder = root / f"{kind}s" / repo_id
    (folder / "files").mkdir(parents=True)
    lines = [f"sha: {hashlib.sha1(repo_id.encode()).hexdigest()}"] + [f"{k}: {v}" for k, v in fields.items()]
    (folder / "repo.yaml").write_text("\n".join(lines) + "\n")
    (folder / "files" / "README.md").write_text(f"---\n{card}---\n# {repo_id}\n" if card else f"# {repo_id}\n")
    (folder / "files" / "config.json").write_text("{}")


@pytest.fixture
def estate(hub_env, tmp_path):
    """An organisation of five public models, a private one, a renamed one and a dataset; pages of two."""
    root = tmp_path / "estate"
    for repo_id in MODELS:
        write_repo(root, "model", repo_id, "license: apache-2.0\n")
    write_repo(root, "model", f"{ORG}/secret", "license: mit\n", private="true", tokens="[hf_estate_ok]")
    write_repo(root, "model", f"{ORG}/before", renamed_to=f"{ORG}/m1")
    write_repo(root, "dataset", f"{ORG}/data", "license: cc-by-4.0\n")
    hub_env.server.add_root(root)
    hub_env.server.page_size = 2
    return hub_env


def listing_requests(hub_env, kind: str = "models"):
    return [r for r in hub_env.server.request_log if r.path == f"/api/{kind}"]


def ids(listed: list[Listed]) -> list[str]:
    return [item.repo_id for item in listed]


# --- filters ---------------------------------------------------------------------------------

def test_author_lists_every_model_then_dataset_of_the_org(estate):
    listed = list(list_repos(author=ORG))
    assert ids(listed) == MODELS + [f"{ORG}/data"]  # private not listed, renamed only under its new id
    assert [item.kind for item in listed] == ["model"] * 5 + ["dataset"]
    first = listed[0]
    assert first.sha == hashlib.sha1(b"estate-org/m1").hexdigest() and first.files == ("README.md", "config.json")
    assert first.card_data == {"license": "apache-2.0"} and "license:apache-2.0" in first.tags
    assert first.gated is None and first.last_modified == "2024-01-01T00:00:00.000Z" and first.base_models == ()


def test_private_repo_is_listed_only_to_a_token_that_may_see_it(estate, monkeypatch):
    assert f"{ORG}/secret" not in ids(list(list_repos(author=ORG, kinds=("model",))))
    monkeypatch.setenv("HF_TOKEN", "hf_estate_ok")
    assert f"{ORG}/secret" in ids(list(list_repos(author=ORG, kinds=("model",))))
    assert all(r.authorization == "Bearer hf_estate_ok" for r in listing_requests(estate)[-3:])


def test_search_is_a_case_insensitive_substring_of_the_id(hub_env):
    assert ids(list(list_repos(search="SQuAD"))) == ["rajpurkar/squad"]
    assert ids(list(list_repos(search="graph-merge", kinds=("model",)))) == ["graph-merge/nc-mit-merge"]
    assert listing_requests(hub_env)[-1].query["search"] == ["graph-merge"]


def test_datasets_are_listed_with_the_dataset_expand(hub_env):
    listed = list(list_repos(author="acme", kinds=("dataset",)))
    assert ids(listed) == ["acme/cc-dataset"] and listed[0].kind == "dataset"
    assert listing_requests(hub_env, "datasets")[0].query["expand"] == list(DATASET_LIST_EXPAND)
    assert listing_requests(hub_env) == []


def test_renamed_repo_is_listed_under_its_new_id_only(hub_env):
    listed = ids(list(list_repos(author="acme", kinds=("model",))))
    assert "acme/new-name" in listed and "acme/old-name" not in listed and "acme/private-model" not in listed


def test_no_author_and_no_search_lists_the_whole_hub(estate):
    estate.server.page_size = 50
    listed = list(list_repos())
    assert {"openai-community/gpt2", "rajpurkar/squad", f"{ORG}/m3"} <= set(ids(listed))
    assert "author" not in listing_requests(estate)[0].query and "search" not in listing_requests(estate)[0].query
    assert len(ids(listed)) == len(set(ids(listed)))


def test_limit_caps_the_sweep_and_is_sent(estate):
    assert ids(list(list_repos(author=ORG, limit=3))) == MODELS[:3]
    assert listing_requests(estate)[0].query["limit"] == ["3"]
    assert listing_requests(estate, "datasets") == []  # the cap was reached among the models


# --- pages ---------------------------------------------------------------------------------------

def test_pages_follow_the_link_header_keeping_expand(estate):
    assert ids(list(list_repos(author=ORG, kinds=("model",)))) == MODELS
    pages = listing_requests(estate)
    assert len(pages) == 3
    assert all(p.query["expand"] == list(LIST_EXPAND) and p.query["author"] == [ORG] for p in pages)
    assert "cursor" not in pages[0].query and all("cursor" in p.query for p in pages[1:])


def test_a_429_and_a_500_on_middle_pages_are_retried_and_the_sweep_completes(estate):
    estate.server.add_fault(f"cursor={_b64encode(MODELS[1])}", 429, retry_after=2)  # page 2
    estate.server.add_fault(f"cursor={_b64encode(MODELS[3])}", 500)  # page 3
    sleeps = Sleeps()
    assert ids(list(list_repos(author=ORG, kinds=("model",), sleep=sleeps))) == MODELS
    assert sleeps == [2.0, 1.0]  # Retry-After, then the first backoff step
    assert len(listing_requests(estate)) == 5


def test_a_page_that_keeps_failing_raises_naming_the_listing_and_what_was_listed(estate, monkeypatch):
    monkeypatch.setenv("LICENSE_SCAN_RETRIES", "3")
    estate.server.add_fault(f"cursor={_b64encode(MODELS[3])}", 503, times=None)
    got: list[str] = []
    with pytest.raises(NetworkError) as info:
        for item in list_repos(author=ORG, sleep=Sleeps()):
            got.append(item.repo_id)
    assert got == MODELS[:4]  # what came before the failing page was yielded
    assert info.value.target == f"models of {ORG}"
    assert "page 3" in info.value.message and "4 repo(s) were listed before it" in info.value.message
    assert "HTTP 503 after 3 attempt(s)" in info.value.message
    assert len(listing_requests(estate)) == 2 + 3


def test_a_connection_reset_or_a_cut_body_on_a_page_is_retried(estate):
    estate.server.add_fault(f"cursor={_b64encode(MODELS[1])}", reset=True)
    estate.server.add_fault(f"cursor={_b64encode(MODELS[3])}", truncate=True)
    sleeps = Sleeps()
    assert ids(list(list_repos(author=ORG, kinds=("model",), sleep=sleeps))) == MODELS
    assert sleeps == [1.0, 1.0] and len(listing_requests(estate)) == 5


def test_a_failing_dataset_page_counts_the_models_listed_before_it(estate):
    estate.server.add_fault("/api/datasets?", 503, times=None)
    with pytest.raises(NetworkError) as info:
        list(list_repos(author=ORG, sleep=Sleeps()))
    assert info.value.target == f"datasets of {ORG}" and info.value.message.startswith("page 1: ")
    assert info.value.message.endswith("(5 repo(s) were listed before it)")


def test_a_refused_listing_is_not_retried(estate):
    estate.server.add_fault("/api/models?", 400, times=None)
    with pytest.raises(NetworkError, match="HTTP 400"):
        list(list_repos(author=ORG, sleep=Sleeps()))
    assert len(listing_requests(estate)) == 1


# --- base models ----------------------------------------------------------------------------------

def test_base_models_come_from_the_listing(hub_env):
    merge = list(list_repos(author="graph-merge", kinds=("model",)))[0]
    assert merge.base_models == (("merge", "graph-mix/nc-model"), ("merge", "graph-mix/mit-model"))
    lora = list(list_repos(search="llama2-lora", kinds=("model",)))[0]
    assert lora.base_models == (("finetune", "graph-ft/llama2-chat"),)  # no relation stated, one base


@pytest.mark.parametrize("value, expected", [
    (None, ()), ("a/b", (("unknown", "a/b"),)), (42, ()), ({"relation": "adapter"}, ()),
    ({"relation": "quantized", "models": [{"id": "a/b"}, {"id": 3}, "c/d", None, {}]},
     (("quantized", "a/b"), ("quantized", "c/d"))),
    ({"relation": None, "models": [{"id": "a/b"}]}, (("unknown", "a/b"),)),
    ([{"relation": "merge", "models": [{"id": "a/b"}]}, "e/f", 7], (("merge", "a/b"), ("unknown", "e/f"))),
    ({"models": "a/b"}, ()),
])
def test_odd_base_model_shapes_never_raise(value, expected):
    assert _base_models(value) == expected


@pytest.mark.parametrize("item", [
    {"id": "a/b", "siblings": [{"rfilename": "x"}, {"size": 3}, "y"], "tags": ["t", 1], "cardData": "odd",
     "sha": 5, "lastModified": "not a date", "baseModels": {"relation": "finetune", "models": [{"id": "c/d"}]}},
    {"id": "a/b", "siblings": "nope", "tags": "nope", "gated": True},
])
def test_malformed_items_still_give_the_repo(item):
    listed = _from_item("model", item)
    assert listed is not None and listed.repo_id == "a/b" and listed.card_data is None
    assert listed.files in ((), ("x",)) and all(isinstance(t, str) for t in listed.tags)


@pytest.mark.parametrize("item", [None, "a/b", {}, {"id": 3}, {"id": ""}])
def test_items_without_an_id_are_skipped(item):
    assert _from_item("model", item) is None


# --- one repo by id --------------------------------------------------------------------------------

def test_listed_info_reads_one_model_with_the_listing_expand(hub_env):
    one = listed_info("model", "graph-merge/nc-mit-merge")
    assert one == list(list_repos(author="graph-merge", kinds=("model",)))[0]
    info_request = [r for r in hub_env.server.request_log if r.path == "/api/models/graph-merge/nc-mit-merge"][0]
    assert info_request.query["expand"] == list(LIST_EXPAND)


def test_listed_info_reads_a_dataset_and_follows_a_rename(hub_env):
    squad = listed_info("dataset", "rajpurkar/squad")
    assert squad.kind == "dataset" and squad.card_data == {"license": "cc-by-sa-4.0"} and "LICENSE" in squad.files
    assert listed_info("model", "acme/old-name").repo_id == "acme/new-name"
    assert listed_info("model", "acme/gated-model").gated == "manual"


@pytest.mark.parametrize("repo_id", ["acme/no-such-model", "acme/private-model"])
def test_listed_info_of_a_missing_or_private_repo_is_not_found(hub_env, repo_id):
    with pytest.raises(NotFoundError, match="not found"):
        listed_info("model", repo_id)


def test_listed_info_retries_like_a_scan(hub_env):
    hub_env.server.add_fault("/api/models/acme/apache-model", 429, retry_after=1)
    sleeps = Sleeps()
    assert listed_info("model", "acme/apache-model", sleep=sleeps).repo_id == "acme/apache-model"
    assert sleeps == [1.0]


# --- --from files ----------------------------------------------------------------------------------

def test_id_file_reads_ids_urls_and_comments(tmp_path):
    path = tmp_path / "repos.txt"
    path.write_text("# the estate\n\nacme/apache-model\ndatasets/rajpurkar/squad  # a dataset\n"
                    "https://huggingface.co/openai-community/gpt2/tree/main\n"
                    "https://huggingface.co/datasets/acme/cc-dataset\nACME/apache-model\ngpt2\n"
                    "hf://graph-ft/llama2-chat\n")
    assert read_id_file(path) == [
        ("model", "acme/apache-model"), ("dataset", "rajpurkar/squad"), ("model", "openai-community/gpt2"),
        ("dataset", "acme/cc-dataset"), ("model", "gpt2"), ("model", "graph-ft/llama2-chat"),
    ]


def test_id_file_line_naming_a_folder_is_still_a_hub_id(tmp_path, monkeypatch):
    (tmp_path / "acme" / "apache-model").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repos.txt").write_text("acme/apache-model\n")
    assert read_id_file("repos.txt") == [("model", "acme/apache-model")]


@pytest.mark.parametrize("line", ["not a repo id!", "https://example.com/org/name", "../x", "a/b/c/d"])
def test_id_file_bad_line_is_a_usage_error_naming_file_and_line(tmp_path, line):
    path = tmp_path / "repos.txt"
    path.write_text(f"acme/apache-model\n{line}\n")
    with pytest.raises(UsageError) as info:
        read_id_file(path)
    assert f"{path}, line 2" in str(info.value)


def test_id_file_reads_the_results_of_a_json_report(tmp_path):
    report = {"schema": "1.0", "results": [
        {"target": "acme/old-name", "kind": "model", "repo_id": "acme/new-name"},
        {"target": "datasets/rajpurkar/squad", "kind": "dataset", "repo_id": "rajpurkar/squad"},
        {"target": ".", "kind": "local", "repo_id": "/home/me/code"},
        {"target": "???", "kind": "model", "repo_id": None},
        {"target": "acme/new-name", "kind": "model", "repo_id": "acme/new-name"},
    ], "references": []}
    path = tmp_path / "check.json"
    path.write_text(json.dumps(report))
    assert read_id_file(path) == [("model", "acme/new-name"), ("dataset", "rajpurkar/squad")]


@pytest.mark.parametrize("text", ["{not json", '{"results": 3}', "[]"])
def test_id_file_that_is_not_a_report_is_a_usage_error(tmp_path, text):
    path = tmp_path / "x.json"
    path.write_text(text)
    with pytest.raises(UsageError, match=str(path).replace("\\", "\\\\")):
        read_id_file(path)


def test_missing_id_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="cannot read"):
        read_id_file(tmp_path / "nope.txt")
