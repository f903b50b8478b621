"""What the Hub calls a repo now: legacy ids without an organisation (`gpt2` is
`openai-community/gpt2`) and renamed repos, through the same client settings as every Hub read.

One info request per distinct id (`expand=sha`: the smallest answer), retried as `source/hub.py`
retries. Offline (`offline=True`, `HF_HUB_OFFLINE`), the answer comes from our metadata cache of
an earlier scan, or the id is reported unknown by raising.
"""

from __future__ import annotations

import time
from typing import Callable, Iterable

from huggingface_hub import constants as hf_constants

from license_scan.errors import GatedError, InvalidTargetError, NotFoundError, OfflineMissError, RevisionNotFoundError
from license_scan.settings import hub_settings
from license_scan.source import cache
from license_scan.source.hub import DEFAULT_REVISION, fetch_info
from license_scan.source.project.refs import RefKind
from license_scan.target import Target

CANONICAL_EXPAND = ("sha",)


def canonical_ids(ids: Iterable[str], *, kind: RefKind = "model", offline: bool = False,
                  sleep: Callable[[float], None] = time.sleep) -> dict[str, str | None]:
    """{id as written: the Hub's id for it, or None when the Hub has no such repo (or it is private)}.

    Raises NetworkError when the Hub cannot be asked (after retries), OfflineMissError offline when
    an id was never scanned before: an id is never reported missing because the Hub was not reached.
    """
    settings = hub_settings()
    out: dict[str, str | None] = {}
    for repo_id in dict.fromkeys(ids):
        target = Target(repo_id, kind, repo_id)
        if offline or settings.offline or hf_constants.HF_HUB_OFFLINE:
            meta = cache.load(settings.cache_dir, settings.endpoint, kind, repo_id, DEFAULT_REVISION)
            if meta is None:
                raise OfflineMissError(repo_id, "not in the local cache; run once without --offline")
            out[repo_id] = meta.repo_id
            continue
        try:
            info = fetch_info(target, settings, sleep, CANONICAL_EXPAND)
        except GatedError:  # the Hub knows it: its metadata is gated, its id is the one asked for
            out[repo_id] = repo_id
        except (NotFoundError, InvalidTargetError, RevisionNotFoundError):
            out[repo_id] = None
        else:
            out[repo_id] = getattr(info, "id", None) or repo_id
    return out
