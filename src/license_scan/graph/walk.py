"""Fetch a model's dependency tree: base models, datasets, code in other repos.

Breadth first, one level at a time, each level's new repos fetched concurrently;
every repo is fetched once per scan (keyed by kind and lower-cased id) however
many paths lead to it. A repo that cannot be read stays in the tree with a
status saying why: the report must show what it could not see.
"""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

from license_scan import limits
from license_scan.classify.snapshot import Classified
from license_scan.errors import TargetError
from license_scan.graph.relations import References, references
from license_scan.model import ErrorInfo, Finding, FindingSource, NodeStatus, Relation, TargetKind
from license_scan.source.snapshot import Snapshot
from license_scan.target import Target

Key = tuple[str, str]  # (kind, lower-cased repo id)
MAX_LISTED_IN_FINDING = 10  # repos named in one depth-limit finding; the rest are counted


@dataclass(frozen=True)
class Visit:
    key: Key
    node_id: str  # "org/name", "datasets/org/name", or the folder of a local root
    kind: TargetKind
    status: NodeStatus
    depth: int
    snapshot: Snapshot | None = None
    classified: Classified | None = None
    refs: References | None = None
    error: ErrorInfo | None = None


@dataclass(frozen=True)
class Link:
    source: Key
    target: Key
    relation: Relation


@dataclass(frozen=True)
class Tree:
    root: Key
    visits: Mapping[Key, Visit]  # in discovery order
    links: tuple[Link, ...]
    back_links: frozenset[Link]  # links that close a cycle: inheritance ignores them
    order: tuple[Key, ...]  # dependencies before dependants (post-order from the root, back links cut)
    findings: tuple[Finding, ...] = field(default=())

    def path(self, key: Key) -> list[str]:
        """[root, relation, …, node] along the first path the walk found to `key`."""
        parts = [self.visits[key].node_id]
        seen = {key}
        while key != self.root:
            link = next((l for l in self.links if l.target == key and l.source not in seen), None)
            if link is None:
                break
            parts[:0] = [self.visits[link.source].node_id, link.relation]
            key = link.source
            seen.add(key)
        return parts

    def chain(self, key: Key) -> str:
        """`root ← relation ← … ← node`, as findings print it."""
        return " ← ".join(self.path(key))


Fetch = Callable[[Target], Snapshot]
Classify = Callable[[Snapshot], Classified]


def key_of(kind: str, repo_id: str) -> Key:
    return (kind, repo_id if kind == "local" else repo_id.lower())


def node_id(kind: str, repo_id: str) -> str:
    return f"datasets/{repo_id}" if kind == "dataset" else repo_id


def _status(snapshot: Snapshot) -> NodeStatus:
    return "gated" if snapshot.gated and snapshot.unreadable else "ok"


def _visit(snapshot: Snapshot, key: Key, depth: int, classify: Classify) -> Visit:
    classified = classify(snapshot)
    refs = references(snapshot)
    return Visit(key, node_id(snapshot.kind, snapshot.repo_id or snapshot.target), snapshot.kind, _status(snapshot),
                 depth, snapshot, classified, refs)


def _fetch_one(key: Key, repo_id: str, depth: int, fetch: Fetch) -> Snapshot | Visit:
    """Runs in a worker: network only. Classification stays on the calling thread (it is CPU-bound)."""
    kind: TargetKind = "dataset" if key[0] == "dataset" else "model"
    raw = node_id(kind, repo_id)
    try:
        return fetch(Target(raw, kind, repo_id, None))
    except TargetError as exc:
        return Visit(key, raw, kind, exc.status, depth, error=ErrorInfo(exc.type, exc.message))


def walk(root: Snapshot, fetch: Fetch, classify: Classify, *, depth: int,
         workers: int = limits.FETCH_WORKERS, max_nodes: int = limits.MAX_NODES, pool: Executor | None = None) -> Tree:
    """The tree under `root` (already fetched), `depth` levels deep; depth 0 is the root alone.

    Fetches go to `pool` when given (the run's one pool, shared by every target's walk: it bounds the whole
    run), else to a pool of `workers` of this walk's own. `fetch` must not itself wait on `pool`."""
    root_key = key_of(root.kind, root.repo_id or root.target)
    visits: dict[Key, Visit] = {root_key: _visit(root, root_key, 0, classify)}
    links: list[Link] = []
    discovered = [root_key]
    alias: dict[Key, Key] = {}  # a renamed repo's old id -> the id the Hub answered with
    cut: list[Key] = []  # beyond --depth or MAX_NODES: listed, not fetched
    over_cap = 0
    frontier = [root_key]  # at depth 0 the root's references are still listed, as depth-limit nodes
    level = 0
    own = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="license-scan-fetch") if pool is None else None
    with own or nullcontext():
        fetches = own or pool
        assert fetches is not None
        while frontier:
            level += 1
            pending: dict[Key, str] = {}
            for source in frontier:
                refs = visits[source].refs
                for ref in refs.refs if refs else ():
                    target = key_of(ref.kind, ref.repo_id)
                    target = alias.get(target, target)
                    links.append(Link(source, target, ref.relation))
                    if target in visits or target in pending:
                        continue
                    discovered.append(target)
                    fetched = len(visits) + len(pending) - len(cut)
                    if level > depth or fetched >= max_nodes:
                        over_cap += 1 if level <= depth else 0
                        cut.append(target)
                        visits[target] = Visit(target, node_id(ref.kind, ref.repo_id), ref.kind, "depth-limit", level)
                    else:
                        pending[target] = ref.repo_id
            jobs = {key: fetches.submit(_fetch_one, key, repo_id, level, fetch) for key, repo_id in pending.items()}
            frontier = []
            for key, job in jobs.items():
                got = job.result()
                visit = _canonical(got if isinstance(got, Visit) else _visit(got, key, level, classify), alias)
                if visit.key in visits:
                    continue  # two names of one renamed repo in the same level: keep the first
                visits[visit.key] = visit
                if visit.refs is not None:
                    frontier.append(visit.key)
    discovered = list(dict.fromkeys(alias.get(k, k) for k in discovered))
    visits = {k: visits[k] for k in discovered}
    links = list(dict.fromkeys(Link(alias.get(l.source, l.source), alias.get(l.target, l.target), l.relation)
                               for l in links))
    back, order = _dfs(root_key, links)
    tree = Tree(root_key, visits, tuple(links), frozenset(back), tuple(order))
    findings = _unread_findings(tree) + _cut_findings(tree, cut, over_cap, depth, max_nodes) + _cycles(tree, back)
    visits.update({l.source: _as_cycle(visits[l.source]) for l in back})
    return Tree(root_key, visits, tuple(links), frozenset(back), tuple(order), tuple(findings))


def _canonical(visit: Visit, alias: dict[Key, Key]) -> Visit:
    """Key a renamed repo by the id the Hub answered with, so both names make one node."""
    if visit.snapshot is None or not visit.snapshot.repo_id:
        return visit
    key = key_of(visit.kind, visit.snapshot.repo_id)
    if key == visit.key:
        return visit
    alias[visit.key] = key
    return replace(visit, key=key)


def _as_cycle(visit: Visit) -> Visit:
    return replace(visit, status="cycle") if visit.status == "ok" else visit


def _dfs(root: Key, links: list[Link]) -> tuple[list[Link], list[Key]]:
    """Back links (to a repo still on the path) and the post-order, without recursion."""
    children: dict[Key, list[Link]] = {}
    for link in links:
        children.setdefault(link.source, []).append(link)
    back: list[Link] = []
    order: list[Key] = []
    state: dict[Key, int] = {root: 1}  # 1 on the path, 2 done
    stack: list[tuple[Key, int]] = [(root, 0)]
    while stack:
        key, i = stack.pop()
        out = children.get(key, [])
        if i < len(out):
            stack.append((key, i + 1))
            link = out[i]
            seen = state.get(link.target)
            if seen == 1:
                back.append(link)
            elif seen is None:
                state[link.target] = 1
                stack.append((link.target, 0))
        else:
            state[key] = 2
            order.append(key)
    return back, order


def _cycles(tree: Tree, back: list[Link]) -> list[Finding]:
    """One finding per cycle, however many paths run into it."""
    out = []
    for link in back:
        head = tree.visits[link.target].node_id
        parts = [*tree.path(link.source), link.relation, head]
        start = next((i for i in range(0, len(parts), 2) if parts[i] == head), 0)
        loop = " ← ".join(parts[start:])
        out.append(Finding("warning", "dependency-cycle",
                           f"dependency cycle: {loop}; each repo was read once and the cycle not followed again",
                           FindingSource(tree.visits[link.source].node_id, None, None)))
    return out


def _unread_findings(tree: Tree) -> list[Finding]:
    out = []
    for key, visit in tree.visits.items():
        if visit.error is None:
            continue
        out.append(Finding("warning", "dependency-unreadable",
                           f"{tree.chain(key)}: {visit.status} ({visit.error.message}); its terms are unknown",
                           FindingSource(visit.node_id, None, None)))
    return out


def _cut_findings(tree: Tree, cut: list[Key], over_cap: int, depth: int, max_nodes: int) -> list[Finding]:
    out = []
    if over_cap:
        out.append(Finding("warning", "tree-truncated",
                           f"the tree has more than {max_nodes} repos; {over_cap} more were listed but not read",
                           FindingSource(tree.visits[tree.root].node_id, None, None)))
    beyond = [k for k in cut if tree.visits[k].depth > depth]
    if beyond:
        names = ", ".join(tree.visits[k].node_id for k in beyond[:MAX_LISTED_IN_FINDING])
        more = f" and {len(beyond) - MAX_LISTED_IN_FINDING} more" if len(beyond) > MAX_LISTED_IN_FINDING else ""
        out.append(Finding("warning", "depth-limit-reached",
                           f"{len(beyond)} repo(s) beyond --depth {depth} were not read: {names}{more}; "
                           "raise --depth to follow them", FindingSource(tree.visits[tree.root].node_id, None, None)))
    return out
