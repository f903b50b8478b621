"""A small Hub-compatible HTTP server for tests: the real huggingface_hub client talks to it.

Repos are folders `<root>/models/<org>/<name>/` and `<root>/datasets/<org>/<name>/`,
read at request time (drop a folder in and it is served):

    repo.yaml     sha (40 hex), revisions {name: sha}, gated manual|auto, tokens [...],
                  private true, renamed_to org/new, tags [...], lastModified,
                  legacy_id name (an id without organisation the Hub answers with this repo,
                  as `/api/models/gpt2` answers with `openai-community/gpt2`),
                  files_from {path: "licensedcode:<key>" | "corpus:<path under shared/corpus>"},
                  revision_files_from {<sha>: {...}} (replaces files_from for that commit)
    files/        literal files (files@<sha>/ instead, when present, for that commit)

README.md front matter becomes `cardData` in info answers, as on the Hub, and its `base_model`
(with `base_model_relation`) a model's `baseModels`.
`GET /api/models` and `/api/datasets` list repos as the Hub does: `author`, `search`, `limit`,
`expand` (repeated), pages of `page_size` items in id order, the next page named by a
`Link: <...&cursor=...>; rel="next"` header. Private repos are listed only to their tokens, a
renamed repo only under its new id.
Faults (`add_fault`: a status with Retry-After, a delay, a truncated body, a connection reset, a
body stalled after its headers) and a request log (`requests`) let tests count and break things.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote, unquote, urlencode, urlsplit

import yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hub"
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
DEFAULT_PAGE_SIZE = 50
_RELATIONS = ("finetune", "adapter", "quantized", "merge")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def licensedcode_dir() -> Path | None:
    spec = importlib.util.find_spec("licensedcode")
    for base in (spec.submodule_search_locations or []) if spec else []:
        if (Path(base) / "data" / "licenses").is_dir():
            return Path(base) / "data" / "licenses"
    return None


@dataclass
class Fault:
    path_substring: str
    status: int | None = None  # answer this status instead of serving
    retry_after: float | None = None
    times: int | None = 1  # None: every matching request
    delay: float = 0.0  # seconds to wait before answering
    truncate: bool = False  # announce the full Content-Length, send half the body, close
    method: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False  # close the connection without answering (an RST: SO_LINGER 0)
    stall: float = 0.0  # send the status line and headers, then wait this long before the body


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str | None
    query_string: str = ""  # as sent, so a fault can match e.g. "cursor="


class Repo:
    """One fixture repo folder, as the Hub would describe it."""

    def __init__(self, kind: str, repo_id: str, folder: Path, corpus: Path) -> None:
        self.kind, self.id, self.folder, self.corpus = kind, repo_id, folder, corpus
        self.data: dict[str, Any] = yaml.safe_load((folder / "repo.yaml").read_text(encoding="utf-8")) or {}

    def resolve(self, revision: str | None) -> str | None:
        sha = str(self.data.get("sha", "0" * 40))
        revisions = {str(k): str(v) for k, v in (self.data.get("revisions") or {}).items()}
        if revision in (None, "main"):
            return revisions.get("main", sha)
        if revision in revisions:
            return revisions[revision]
        return revision if revision in {sha, *revisions.values()} else None

    def files(self, sha: str) -> dict[str, bytes]:
        literal = self.folder / f"files@{sha}"
        literal = literal if literal.is_dir() else self.folder / "files"
        out = {p.relative_to(literal).as_posix(): p.read_bytes()
               for p in sorted(literal.rglob("*")) if p.is_file()} if literal.is_dir() else {}
        per_commit = self.data.get("revision_files_from") or {}
        sources = per_commit[sha] if sha in per_commit else self.data.get("files_from")
        for path, source in (sources or {}).items():
            data = self._materialise(str(source))
            if data is not None:
                out[str(path)] = data
        return dict(sorted(out.items()))

    def _materialise(self, source: str) -> bytes | None:
        scheme, _, name = source.partition(":")
        if scheme == "licensedcode":
            base = licensedcode_dir()
            path = base / f"{name}.LICENSE" if base else None
            if path is None or not path.is_file():
                return None
            text = path.read_text(encoding="utf-8")
            match = re.match(r"\A---\n.*?\n---\n", text, re.DOTALL)
            return (text[match.end():] if match else text).lstrip("\n").encode("utf-8")
        if scheme == "corpus":
            path = self.corpus / name
            return path.read_bytes() if path.is_file() else None
        raise ValueError(f"{self.folder}/repo.yaml: unknown files_from source {source!r}")

    def card_data(self, files: dict[str, bytes]) -> dict[str, Any] | None:
        match = _FRONT_MATTER.match(files.get("README.md", b"").decode("utf-8", "replace"))
        try:
            data = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            return None
        return data if isinstance(data, dict) else None

    def info(self, sha: str) -> dict[str, Any]:
        files = self.files(sha)
        card = self.card_data(files)
        tags = list(self.data.get("tags") or [])
        licenses = (card or {}).get("license")
        for lic in licenses if isinstance(licenses, list) else [licenses] if licenses else []:
            tags.append(f"license:{lic}")
        return {
            "_id": hashlib.sha1(self.id.encode()).hexdigest()[:24], "id": self.id, "sha": sha,
            "private": bool(self.data.get("private")), "gated": self.data.get("gated") or False,
            "disabled": False, "tags": list(dict.fromkeys(tags)), "cardData": card,
            "siblings": [{"rfilename": p} for p in files],
            "lastModified": str(self.data.get("lastModified", "2024-01-01T00:00:00.000Z")),
            **({"baseModels": base} if self.kind == "model" and (base := _base_models(card)) else {}),
        }


class HubServer:
    """Serves fixture repos on 127.0.0.1 at a random port; thread-safe."""

    def __init__(self, root: Path = FIXTURES, corpus: Path = CORPUS) -> None:
        self.roots = [Path(root)]
        self.corpus = Path(corpus)
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._log: list[Request] = []
        self.latency = 0.0
        self.page_size = DEFAULT_PAGE_SIZE
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> "HubServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- test controls ---------------------------------------------------------------
    def add_root(self, root: Path) -> None:
        """Serve repos from another folder too (e.g. a tmp_path built by a test); first match wins."""
        with self._lock:
            self.roots.insert(0, Path(root))

    def add_fault(self, path_substring: str, status: int | None = None, *, retry_after: float | None = None,
                  times: int | None = 1, delay: float = 0.0, truncate: bool = False, method: str | None = None,
                  headers: dict[str, str] | None = None, reset: bool = False, stall: float = 0.0) -> Fault:
        fault = Fault(path_substring, status, retry_after, times, delay, truncate, method, dict(headers or {}),
                      reset, stall)
        with self._lock:
            self._faults.append(fault)
        return fault

    def remove_fault(self, fault: Fault) -> None:
        """Take back a fault that may not have been used up."""
        with self._lock:
            self._faults = [f for f in self._faults if f is not fault]

    def set_latency(self, seconds: float) -> None:
        """Added before every answer (benchmarks)."""
        self.latency = seconds

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()
            self._log.clear()
            self.roots = self.roots[-1:]
            self.latency = 0.0
            self.page_size = DEFAULT_PAGE_SIZE

    @property
    def requests(self) -> list[tuple[str, str]]:
        with self._lock:
            return [(r.method, r.path) for r in self._log]

    @property
    def request_log(self) -> list[Request]:
        with self._lock:
            return list(self._log)

    # -- internals -------------------------------------------------------------------
    def _record(self, request: Request) -> Fault | None:
        with self._lock:
            self._log.append(request)
            where = request.path + (f"?{request.query_string}" if request.query_string else "")
            for fault in self._faults:
                if fault.path_substring in where and fault.method in (None, request.method) \
                        and (fault.times is None or fault.times > 0):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def find_repo(self, kind: str, repo_id: str) -> Repo | None:
        parts = repo_id.split("/")
        if len(parts) == 1 and parts[0] not in ("", ".", ".."):
            return self._find_legacy(kind, parts[0])
        if len(parts) != 2 or any(p in ("", ".", "..") for p in parts):
            return None
        for root in list(self.roots):
            folder = root / f"{kind}s"
            for part in parts:  # repo ids are case-insensitive on the Hub
                match = [c for c in folder.iterdir() if c.name.lower() == part.lower()] if folder.is_dir() else []
                folder = match[0] if match else folder / part
            if (folder / "repo.yaml").is_file():
                return Repo(kind, f"{folder.parent.name}/{folder.name}", folder, self.corpus)
        return None

    def listed(self, kind: str) -> list[Repo]:
        """Every repo a listing may show, by id; the first root wins, renamed repos only under their new id."""
        found: dict[str, Repo] = {}
        for root in list(self.roots):
            for config in sorted((root / f"{kind}s").glob("*/*/repo.yaml")):
                folder = config.parent
                repo = Repo(kind, f"{folder.parent.name}/{folder.name}", folder, self.corpus)
                if not repo.data.get("renamed_to"):
                    found.setdefault(repo.id.lower(), repo)
        return sorted(found.values(), key=lambda r: r.id)

    def _find_legacy(self, kind: str, name: str) -> Repo | None:
        """The repo whose repo.yaml says `legacy_id: <name>` (case-insensitive), served under its own id."""
        for root in list(self.roots):
            for config in sorted((root / f"{kind}s").glob("*/*/repo.yaml")):
                data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
                if str(data.get("legacy_id", "")).lower() == name.lower():
                    folder = config.parent
                    return Repo(kind, f"{folder.parent.name}/{folder.name}", folder, self.corpus)
        return None


def _handler(server: HubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_HubHandler):
        hub = server
    return Handler


class _HubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30
    # headers and body go out in two writes: with Nagle's algorithm on, the body waits for the
    # client's delayed ACK (~40 ms) on every kept-alive GET, on top of the latency asked for
    disable_nagle_algorithm = True
    hub: HubServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet test output
        pass

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_GET(self) -> None:
        self._serve("GET")

    def _serve(self, method: str) -> None:
        url = urlsplit(self.path)
        request = Request(method, url.path, parse_qs(url.query), self.headers.get("Authorization"), url.query)
        fault = self.hub._record(request)
        time.sleep(self.hub.latency + (fault.delay if fault else 0.0))
        if fault and fault.reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return None
        if fault and fault.status:
            headers = dict(fault.headers)
            if fault.retry_after is not None:
                headers["Retry-After"] = str(int(fault.retry_after))
            return self._send(fault.status, b"fault injected", headers)
        status, body, headers = self._route(request, url.query)
        self._send(status, body, headers, truncate=bool(fault and fault.truncate), stall=fault.stall if fault else 0.0)

    def _route(self, req: Request, query: str) -> tuple[int, bytes, dict[str, str]]:
        parts = [unquote(p) for p in req.path.split("/")[1:]]
        if parts in (["api", "models"], ["api", "datasets"]):
            return self._list(req, parts[1][:-1])
        if len(parts) >= 3 and parts[:1] == ["api"] and parts[1] in ("models", "datasets") and \
                (len(parts) == 3 or parts[3] in ("revision", "tree")):  # a legacy id: /api/models/gpt2[/...]
            kind, repo_id, rest = parts[1][:-1], parts[2], parts[3:]
            prefix, tail = f"/api/{parts[1]}/", "/".join(quote(p, safe="") for p in rest)
            return self._api(req, kind, repo_id, rest, prefix, tail, query)
        if len(parts) >= 4 and parts[0] == "api" and parts[1] in ("models", "datasets"):
            kind, repo_id, rest = parts[1][:-1], "/".join(parts[2:4]), parts[4:]
            prefix, tail = f"/api/{parts[1]}/", "/".join(quote(p, safe="") for p in rest)
            return self._api(req, kind, repo_id, rest, prefix, tail, query)
        kind = "model"
        if parts and parts[0] == "datasets":
            kind, parts = "dataset", parts[1:]
        if len(parts) >= 5 and parts[2] == "resolve":
            prefix = "/datasets/" if kind == "dataset" else "/"
            tail = "/".join(quote(p, safe="") for p in parts[2:4]) + "/" + quote("/".join(parts[4:]))
            return self._resolve(req, kind, "/".join(parts[:2]), parts[3], "/".join(parts[4:]), prefix, tail)
        return _error(404, None, "not found")

    def _access(self, req: Request, kind: str, repo_id: str, prefix: str, tail: str,
                query: str) -> tuple[Repo | None, tuple[int, bytes, dict[str, str]] | None]:
        repo = self.hub.find_repo(kind, repo_id)
        if repo is None:
            return None, _error(404, "RepoNotFound", "Repository not found")
        if repo.data.get("renamed_to"):
            location = f"{prefix}{repo.data['renamed_to']}/{tail}".rstrip("/") + (f"?{query}" if query else "")
            return None, (307, b"", {"Location": location})
        if repo.data.get("private") and not self._token_ok(repo, req):
            return None, _error(404, "RepoNotFound", "Repository not found")
        return repo, None

    def _token_ok(self, repo: Repo, req: Request) -> bool:
        auth = req.authorization or ""
        return auth.startswith("Bearer ") and auth[len("Bearer "):] in [str(t) for t in repo.data.get("tokens") or []]

    def _api(self, req: Request, kind: str, repo_id: str, rest: list[str], prefix: str, tail: str,
             query: str) -> tuple[int, bytes, dict[str, str]]:
        repo, denied = self._access(req, kind, repo_id, prefix, tail, query)
        if repo is None:
            return denied or _error(404, "RepoNotFound", "Repository not found")
        if rest and rest[0] not in ("revision", "tree") or (rest and len(rest) < 2):
            return _error(404, None, "not found")
        sha = repo.resolve(rest[1] if rest else None)
        if sha is None:
            return _error(404, "RevisionNotFound", "Invalid rev id")
        if rest and rest[0] == "tree":
            under = "/".join(rest[2:])
            listing = [{"type": "file", "path": p, "size": len(b), "oid": _git_sha1(b)}
                       for p, b in repo.files(sha).items() if not under or p.startswith(under + "/")]
            return 200, json.dumps(listing).encode(), {"Content-Type": "application/json"}
        info = repo.info(sha)
        expand = req.query.get("expand")
        if expand:
            info = {k: v for k, v in info.items() if k in ("_id", "id", *expand)}
        return 200, json.dumps(info, default=str).encode(), {"Content-Type": "application/json"}

    def _list(self, req: Request, kind: str) -> tuple[int, bytes, dict[str, str]]:
        """One page of a listing, and a Link to the next one (the cursor is the last id served)."""
        first = {k: v[0] for k, v in req.query.items() if v}
        author, search = first.get("author", "").lower(), first.get("search", "").lower()
        after = _b64decode(first["cursor"]) if "cursor" in first else None
        if after is None and "cursor" in first:
            return _error(400, None, "invalid cursor")
        try:
            size = min(self.hub.page_size, int(first.get("limit") or self.hub.page_size))
        except ValueError:
            return _error(400, None, "invalid limit")
        repos = [r for r in self.hub.listed(kind)
                 if (not author or r.id.split("/")[0].lower() == author) and search in r.id.lower()
                 and (not r.data.get("private") or self._token_ok(r, req)) and (after is None or r.id > after)]
        page = repos[:max(size, 1)]
        expand = req.query.get("expand")
        keys = ("_id", "id", *expand) if expand else ("_id", "id", "private", "tags", "lastModified")
        items = [{k: v for k, v in r.info(str(r.resolve(None))).items() if k in keys} for r in page]
        headers = {"Content-Type": "application/json"}
        if len(repos) > len(page):
            pairs = [(k, v) for k, v in parse_qsl(req.query_string, keep_blank_values=True) if k != "cursor"]
            pairs.append(("cursor", _b64encode(page[-1].id)))
            headers["Link"] = f'<{self.hub.url}{req.path}?{urlencode(pairs)}>; rel="next"'
        return 200, json.dumps(items, default=str).encode(), headers

    def _resolve(self, req: Request, kind: str, repo_id: str, revision: str, path: str, prefix: str,
                 tail: str) -> tuple[int, bytes, dict[str, str]]:
        repo, denied = self._access(req, kind, repo_id, prefix, tail, "")
        if repo is None:
            return denied or _error(404, "RepoNotFound", "Repository not found")
        sha = repo.resolve(revision)
        if sha is None:
            return _error(404, "RevisionNotFound", "Invalid rev id")
        if repo.data.get("gated") and not self._token_ok(repo, req):
            return _error(403 if req.authorization else 401, "GatedRepo", "Access to this repo is restricted")
        files = repo.files(sha)
        if path not in files:
            status, body, headers = _error(404, "EntryNotFound", "Entry not found")
            return status, body, {**headers, "X-Repo-Commit": sha}
        data = files[path]
        return 200, data, {"X-Repo-Commit": sha, "ETag": f'"{_git_sha1(data)}"',
                           "Content-Type": "text/plain; charset=utf-8"}

    def _send(self, status: int, body: bytes, headers: dict[str, str], truncate: bool = False,
              stall: float = 0.0) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        if truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if stall:
            self.wfile.flush()
            time.sleep(stall)
        try:
            if self.command != "HEAD":
                self.wfile.write(body[: len(body) // 2] if truncate else body)
            self.wfile.flush()
        except OSError:  # the client gave up waiting (a stalled body)
            self.close_connection = True


def _error(status: int, code: str | None, message: str) -> tuple[int, bytes, dict[str, str]]:
    headers = {"X-Error-Message": message, "Content-Type": "application/json"}
    if code:
        headers["X-Error-Code"] = code
    return status, json.dumps({"error": message}).encode(), headers


def _base_models(card: dict[str, Any] | None) -> dict[str, Any] | None:
    """The Hub's `baseModels` for a card: its relation (stated, else merge for several bases, else finetune)."""
    base = (card or {}).get("base_model")
    ids = [b for b in (base if isinstance(base, list) else [base]) if isinstance(b, str) and b]
    if not ids:
        return None
    stated = (card or {}).get("base_model_relation")
    relation = stated if stated in _RELATIONS else "merge" if len(ids) > 1 else "finetune"
    return {"relation": relation, "models": [{"id": i} for i in ids]}


def _b64encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _b64decode(text: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None


def _git_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
