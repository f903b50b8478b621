"""Which obligations a repo visibly meets: each node's obligations get a status once the tree is read.

Some obligations leave a trace in the repo that must meet them: a copy of the license text
(recognised by the text matcher, not by a file name), a copyright line, an upstream NOTICE carried
on, the display string in the card, the required name prefix, credit for a dataset in the card.
The rule set says which check applies through an obligation's params (`license_text`,
`copyright_notice`, `notice_file`, `url_suffices`, `notice`, `display`, `name_prefix`,
`credit_source`), so no license is named here. Each obligation becomes `met` (with the file and
line that show it), `unmet` (with what was looked for and where it belongs) or `user` (nothing a
repo can show: acceptable use, thresholds, terms a user keeps when distributing). The target's
own unmet obligations are `obligation-unmet` findings; dependencies' statuses stay in their nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from license_scan.graph.inherit import WEIGHTS_PARENT_RELATIONS, Effective
from license_scan.graph.walk import Key, Tree, Visit
from license_scan.model import (
    Component, Components, Finding, FindingSource, Obligation, ObligationEvidence, ObligationStatus,
)
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import RepoFile, Snapshot

# A copyright notice, not the word: "Copyright 2024 …", "Copyright (c) …", "© …", "(c) 2024 …";
# "copyright holders", "Copyright License" and "Copyright [yyyy]" placeholders are not notices.
COPYRIGHT = re.compile(r"\bcopyright\b\s*(?:\(c\)|©)\s*(?![<\[{])\w|\bcopyright\b\s+(?:19|20)\d\d|©\s*(?![<\[{])\w"
                       r"|\(c\)\s*(?:19|20)\d\d",
                       re.IGNORECASE)
NOTICE_NAME = re.compile(r"(?:^|/)NOTICE[^/]*$", re.IGNORECASE)

Check = tuple[ObligationStatus, ObligationEvidence | None, str | None]


@dataclass(frozen=True)
class _Text:
    path: str
    text: str
    first_line: int = 1  # line of the text's first line in the file


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def _window(lines: list[str], i: int, span: int) -> str:
    """`_norm` of the `span` lines from line i, from the lines normalised one by one."""
    return " ".join([line for line in lines[i:i + span] if line])


def _find(texts: Iterable[_Text], needle: str) -> ObligationEvidence | None:
    """The first file and line holding `needle` (case and spacing ignored, it may span lines)."""
    want = _norm(needle)
    if not want:
        return None
    span = 1 + want.count(" ")  # a needle of n words spans at most n lines
    for t in texts:
        if want not in _norm(t.text):
            continue  # each window below is a run of the text's words: if the whole lacks the needle, so do they
        # each line normalised once: a window of lines normalised is its lines' words, joined
        lines = [_norm(line) for line in t.text.splitlines()]
        for i in range(len(lines)):
            if want in _window(lines, i, span):
                while i + 1 < len(lines) and want in _window(lines, i + 1, span):
                    i += 1  # the window also held earlier lines: move to where the needle starts
                return ObligationEvidence(t.path, t.first_line + i, needle)
    return None


@dataclass(frozen=True)
class _Repo:
    visit: Visit
    snap: Snapshot
    license_texts: tuple[_Text, ...]
    card: _Text | None  # the card body, where a repo credits, displays and states things
    upstream_notices: tuple[tuple[str, RepoFile], ...]  # (node id, NOTICE file) of weights ancestors
    parent_origins: Mapping[str, str]  # license id -> the node that declares it, for its weights parents' terms

    @property
    def name(self) -> str:
        return (self.snap.repo_id or self.snap.target).rstrip("/").rsplit("/", 1)[-1]

    def texts(self) -> tuple[_Text, ...]:
        return (*self.license_texts, *((self.card,) if self.card else ()))


def _repo(tree: Tree, key: Key, visit: Visit, snap: Snapshot, terms: Effective) -> _Repo:
    licenses = tuple(_Text(f.path, f.text) for f in snap.license_files if f.text)
    card = _Text(snap.card.path, snap.body, snap.body_line) if snap.card is not None and snap.body else None
    origins: dict[str, str] = {}
    for link in tree.links:
        if link.source != key or link.relation not in WEIGHTS_PARENT_RELATIONS or link in tree.back_links:
            continue
        weights = terms.components.get(link.target, Components()).weights
        for o in weights.obligations if weights else ():
            origins.setdefault(o.license, o.source.split(":", 1)[1] if o.source.startswith("inherited:")
                               else tree.visits[link.target].node_id)
    return _Repo(visit, snap, licenses, card, tuple(_upstream_notices(tree, key)), origins)


def _upstream_notices(tree: Tree, key: Key) -> list[tuple[str, RepoFile]]:
    out: list[tuple[str, RepoFile]] = []
    seen = {key}
    todo = [key]
    while todo:
        source = todo.pop(0)
        for link in tree.links:
            if link.source != source or link.relation not in WEIGHTS_PARENT_RELATIONS or link.target in seen:
                continue
            seen.add(link.target)
            todo.append(link.target)
            parent = tree.visits.get(link.target)
            if parent is not None and parent.snapshot is not None:
                out += [(parent.node_id, f) for f in parent.snapshot.license_files
                        if f.text and f.text.strip() and NOTICE_NAME.search(f.path)]
    return out


def check_obligations(tree: Tree, terms: Effective, ruleset: Ruleset) -> Effective:
    """`terms` with every read node's obligations given a status, and the target's unmet ones as findings."""
    comps = dict(terms.components)
    findings: list[Finding] = []
    for key, visit in tree.visits.items():
        snap = visit.snapshot
        if snap is None or visit.classified is None or key not in comps:
            continue
        repo = _repo(tree, key, visit, snap, terms)
        c = comps[key]
        checked = Components(*(_component(getattr(c, n), repo, ruleset) for n in ("code", "weights", "data")))
        comps[key] = checked
        if key == tree.root:
            findings += _findings(repo, checked)
    return Effective(comps, (*terms.findings, *dict.fromkeys(findings)))


def _component(c: Component | None, repo: _Repo, ruleset: Ruleset) -> Component | None:
    if c is None:
        return None
    obligations = []
    for o in c.obligations:
        status, evidence, looked_for = _check(o, repo, ruleset)
        obligations.append(replace(o, status=status, evidence=evidence, looked_for=looked_for))
    return replace(c, obligations=tuple(obligations))


def _check(o: Obligation, repo: _Repo, ruleset: Ruleset) -> Check:
    p = o.params
    carried_data = o.component == "data" and repo.snap.kind != "dataset"  # a model does not ship its datasets
    if o.kind == "attribution" and p.get("credit_source") and carried_data and o.source.startswith("inherited:"):
        return _credit(o.source.split(":", 1)[1], repo)
    if carried_data:
        return "user", None, None
    if o.kind == "include-license":
        return _include_license(o, repo, ruleset)
    if o.kind == "attribution" and (p.get("copyright_notice") or p.get("license_text")):
        return _copyright(o, repo, ruleset)
    if o.kind == "attribution" and p.get("notice_file"):
        return _notice(repo)
    derivative = bool(p.get("binds_derivatives")) or o.license in repo.parent_origins
    if o.kind == "display-notice" and p.get("display") and derivative:
        display = str(p["display"])
        found = _find((repo.card,) if repo.card else (), display)
        looked = f'the display string "{display}" in the model card'
        return ("met", found, looked) if found else ("unmet", ObligationEvidence("README.md"), looked)
    if o.kind == "naming" and p.get("name_prefix") and derivative:
        prefix = str(p["name_prefix"])
        looked = f'a repo name beginning with "{prefix}"'
        ok = repo.name.lower().startswith(prefix.lower())
        return ("met" if ok else "unmet"), ObligationEvidence(None, None, repo.name), looked
    return "user", None, None


def _license_text(o: Obligation, repo: _Repo, ruleset: Ruleset) -> ObligationEvidence | None:
    """A copy of the license's text, as the text matcher recognised it in a file (or the card)."""
    rule = ruleset.by_license_id(o.license)
    ids = {o.license, *((rule.id,) if rule else ())}
    for comp in (repo.visit.classified.components.code, repo.visit.classified.components.weights,
                 repo.visit.classified.components.data) if repo.visit.classified else ():
        for ev in comp.evidence if comp else ():
            if ev.source == "file" and ev.path and not ev.no_terms and (
                    ev.rule in ids or (ev.expression is not None and o.license in ev.expression.split())) \
                    and not (ev.value or "").startswith("SPDX-License-Identifier"):
                return ObligationEvidence(ev.path, ev.span.start_line if ev.span else None)
    return None


def _include_license(o: Obligation, repo: _Repo, ruleset: Ruleset) -> Check:
    found = _license_text(o, repo, ruleset)
    looked = f"a copy of the {o.license} text (recognised by its wording, not its file name)"
    if found is None and o.params.get("url_suffices"):
        rule = ruleset.by_license_id(o.license)
        urls = [u for u in ((rule.url,) + tuple(rule.urls) if rule else ()) if u]
        found = next((f for u in urls if (f := _find(repo.texts(), u.split("://", 1)[-1]))), None)
        looked = f"a copy of the {o.license} text or its URL"
    if found is None:
        return "unmet", ObligationEvidence("LICENSE"), looked
    notice = o.params.get("notice")
    if notice:
        looked += f' and the notice "{notice}"'
        if _find(repo.texts(), str(notice)) is None:
            return "unmet", ObligationEvidence("NOTICE"), looked
    return "met", found, looked


def _copyright(o: Obligation, repo: _Repo, ruleset: Ruleset) -> Check:
    wanted = []
    line = _copyright_line(repo)
    if o.params.get("copyright_notice") and line is None:
        wanted.append("a copyright notice (a line such as 'Copyright (c) <year> <holder>')")
    if o.params.get("license_text") and _license_text(o, repo, ruleset) is None:
        wanted.append(f"the {o.license} permission notice (its text, recognised by its wording)")
    if wanted:
        return "unmet", ObligationEvidence("LICENSE"), " and ".join(wanted) + " in a license file or the card"
    return "met", line, "a copyright notice and the license text"


def _copyright_line(repo: _Repo) -> ObligationEvidence | None:
    for t in repo.texts():
        for i, line in enumerate(t.text.splitlines()):
            if COPYRIGHT.search(line):
                return ObligationEvidence(t.path, t.first_line + i, line.strip()[:200])
    return None


def _notice(repo: _Repo) -> Check:
    """An upstream NOTICE's content carried on; with none upstream, the repo's own NOTICE if any."""
    for origin, notice in repo.upstream_notices:
        lines = [l for l in (notice.text or "").splitlines() if l.strip()]
        looked = f"the content of {origin}'s {notice.path} in a NOTICE file"
        found = [_find(repo.license_texts, l) for l in lines]
        if not lines or None in found:
            return "unmet", ObligationEvidence("NOTICE"), looked
    if repo.upstream_notices:
        first = _find(repo.license_texts, next(l for l in (repo.upstream_notices[0][1].text or "").splitlines()
                                                if l.strip()))
        return "met", first, "the content of every upstream NOTICE"
    own = next((t for t in repo.license_texts if NOTICE_NAME.search(t.path) and t.text.strip()), None)
    if own is not None:
        return "met", ObligationEvidence(own.path, 1), "a NOTICE file"
    return "user", None, "no NOTICE upstream or here: keep any notices when you redistribute"


def _credit(dataset: str, repo: _Repo) -> Check:
    name = dataset.removeprefix("datasets/")
    short = name.rsplit("/", 1)[-1]
    looked = f"credit for {name} in the model card (its id or name)"
    if repo.card is not None:
        for i, line in enumerate(repo.card.text.splitlines()):
            if name.lower() in line.lower() or re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", line, re.I):
                return "met", ObligationEvidence(repo.card.path, repo.card.first_line + i, line.strip()[:200]), looked
    return "unmet", ObligationEvidence("README.md"), looked


def _findings(repo: _Repo, c: Components) -> list[Finding]:
    visit = repo.visit
    out = []
    for comp in (c.weights, c.code, c.data):
        for o in comp.obligations if comp else ():
            if o.status != "unmet":
                continue
            imposer = o.source.split(":", 1)[1] if o.source.startswith("inherited:") \
                else repo.parent_origins.get(o.license, visit.node_id)  # a derivative repeating its base's license
            where = o.evidence.path if o.evidence and o.evidence.path else None
            place = f"; it belongs in {where}" if where else ""
            found = f" (found: {o.evidence.value})" if o.evidence and o.evidence.value else ""
            out.append(Finding("warning", "obligation-unmet",
                               f"{o.kind} ({o.license}, imposed by {imposer}) is not met in {visit.node_id}: "
                               f"looked for {o.looked_for}{found}{place}", FindingSource(visit.node_id, where, None)))
    return out
