"""source.local: a model folder on disk, with and without git."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from license_scan import limits
from license_scan.errors import TargetError
from license_scan.hubref import link_to_repo_path
from license_scan.source.git import git_head
from license_scan.source.local import read_local
from license_scan.target import Target, parse_target

SHA_A = "a" * 40
SHA_B = "b" * 40


def make_folder(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "README.md").write_text("---\nlicense: other\nlicense_link: ./TERMS.md\n---\n# Local model\n")
    (root / "LICENSE").write_text("MIT License\n")
    (root / "sub" / "NOTICE").write_text("Notice\n")
    (root / "TERMS.md").write_text("Our terms\n")
    (root / "config.json").write_text('{"auto_map": {"AutoModel": "modeling.Model"}}')
    (root / "weights.bin").write_bytes(b"\x00\x01")
    return root


def test_folder_without_git(tmp_path):
    folder = make_folder(tmp_path / "model")
    snap = read_local(parse_target(str(folder)))
    assert snap.kind == "local" and snap.repo_id == str(folder) and snap.revision is None
    assert snap.files == ("LICENSE", "README.md", "TERMS.md", "config.json", "sub/NOTICE", "weights.bin")
    assert snap.card is not None and snap.card.text is not None and snap.card.text.startswith("---\nlicense: other")
    assert [f.path for f in snap.license_files] == ["LICENSE", "TERMS.md", "sub/NOTICE"]  # TERMS* is license-like
    lic = snap.license_files[0]
    assert lic.text == "MIT License\n" and lic.sha256 == hashlib.sha256(b"MIT License\n").hexdigest() and lic.size == 12
    assert snap.config == {"auto_map": {"AutoModel": "modeling.Model"}}
    assert snap.card_data is None and snap.findings == ()


def test_folder_in_a_hand_made_git_dir(tmp_path):
    folder = make_folder(tmp_path / "model")
    git = folder / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text(SHA_A + "\n")
    snap = read_local(parse_target(str(folder)))
    assert snap.revision == SHA_A
    assert not any(p.startswith(".git") for p in snap.files)


def test_packed_refs_detached_head_and_unborn_branch(tmp_path):
    git = tmp_path / ".git"
    git.mkdir()
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "packed-refs").write_text(f"# pack-refs with: peeled\n{SHA_B} refs/heads/main\n")
    assert git_head(tmp_path) == SHA_B
    (git / "HEAD").write_text(SHA_A + "\n")
    assert git_head(tmp_path) == SHA_A
    (git / "HEAD").write_text("ref: refs/heads/new\n")
    assert git_head(tmp_path) is None


def test_worktree_gitfile_and_subfolder(tmp_path):
    real = tmp_path / "main.git"
    (real / "worktrees" / "wt").mkdir(parents=True)
    (real / "refs" / "heads").mkdir(parents=True)
    (real / "refs" / "heads" / "feature").write_text(SHA_B)
    (real / "worktrees" / "wt" / "HEAD").write_text("ref: refs/heads/feature\n")
    (real / "worktrees" / "wt" / "commondir").write_text("../..\n")
    tree = tmp_path / "wt"
    (tree / "models" / "m").mkdir(parents=True)
    (tree / ".git").write_text(f"gitdir: {real / 'worktrees' / 'wt'}\n")
    assert git_head(tree) == SHA_B
    assert git_head(tree / "models" / "m") == SHA_B  # a folder inside a work tree


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_real_git_repository(tmp_path):
    folder = make_folder(tmp_path / "model")
    run = ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*run, "init", "-q"], check=True, timeout=30)
    subprocess.run([*run, "add", "-A"], check=True, timeout=30)
    subprocess.run([*run, "commit", "-q", "-m", "x"], check=True, timeout=30)
    head = subprocess.run([*run, "rev-parse", "HEAD"], check=True, timeout=30, capture_output=True, text=True)
    assert read_local(parse_target(str(folder))).revision == head.stdout.strip()


def test_file_count_cap(tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "model")
    monkeypatch.setattr(limits, "MAX_LOCAL_FILES", 3)
    snap = read_local(parse_target(str(folder)))
    assert len(snap.files) == 3 and [f.code for f in snap.findings] == ["listing-truncated"]


@pytest.mark.parametrize("over", [0, 1])
def test_license_size_cap(tmp_path, monkeypatch, over):
    folder = make_folder(tmp_path / "model")
    monkeypatch.setattr(limits, "MAX_LICENSE_FILE_BYTES", 12 - over)
    lic = read_local(parse_target(str(folder))).license_files[0]
    assert lic.size == 12 and lic.sha256 is not None
    assert (lic.text is None, lic.unreadable_reason) == ((True, "too-large") if over else (False, None))


def test_card_is_truncated_at_the_cap(tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "model")
    monkeypatch.setattr(limits, "MAX_CARD_BYTES", 10)
    snap = read_local(parse_target(str(folder)))
    assert snap.card is not None and snap.card.text == "---\nlicens"
    assert "card-truncated" in [f.code for f in snap.findings]


def test_binary_license_like_file_and_bom(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "LICENSE").write_bytes(b"\x00\x01\x02")
    (folder / "NOTICE").write_bytes(b"\xef\xbb\xbfNotice \xff\n")
    files = {f.path: f for f in read_local(parse_target(str(folder))).license_files}
    assert files["LICENSE"].unreadable_reason == "binary" and files["LICENSE"].text is None
    assert files["NOTICE"].text == "Notice \ufffd\n"


def test_missing_folder_is_not_found(tmp_path):
    with pytest.raises(TargetError) as info:
        read_local(Target(str(tmp_path / "gone"), "local", str(tmp_path / "gone")))
    assert info.value.type == "not-found"


def test_license_link_forms():
    assert link_to_repo_path("LICENSE.md") == "LICENSE.md"
    assert link_to_repo_path("./docs/TERMS.txt#top") == "docs/TERMS.txt"
    assert link_to_repo_path("../outside") is None
    assert link_to_repo_path("https://example.com/LICENSE") is None
    url = "https://huggingface.co/org/m/blob/main/LICENSE"
    assert link_to_repo_path(url) is None  # no repo id given: URLs never match
    assert link_to_repo_path(url, ["Org/M"]) == "LICENSE"
    assert link_to_repo_path("https://huggingface.co/org/other/resolve/v1/LICENSE", ["org/m"]) is None
    assert link_to_repo_path("https://huggingface.co/datasets/org/d/raw/abc/a%20b.txt", ["org/d"]) == "a b.txt"
    assert link_to_repo_path(["LICENSE"]) is None


def test_utf16_license_file_is_read_as_text(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "LICENSE").write_bytes("MIT License\n\nPermission is hereby granted\n".encode("utf-16"))
    (folder / "NOTICE").write_bytes(b"\xff\xfeN\x00")  # odd byte count: decoded with a replacement, never a crash
    files = {f.path: f for f in read_local(parse_target(str(folder))).license_files}
    assert files["LICENSE"].text == "MIT License\n\nPermission is hereby granted\n"
    assert files["NOTICE"].text is not None
