"""Every size, depth, count and time cap in one place, each named."""

from __future__ import annotations

# Source
MAX_LICENSE_FILE_BYTES = 1_000_000  # larger "license" files are recorded, not read
MAX_CARD_BYTES = 2_000_000  # README.md larger than this is truncated before parsing
MAX_LOCAL_FILES = 20_000  # files listed from a local folder before we stop walking
MAX_LICENSE_FILES = 50  # license-like files read per repo
HUB_INFO_RETRIES = 3  # model_info/dataset_info attempts on 429/5xx (the client does not retry them)
HUB_RETRY_MAX_WAIT_S = 10.0  # longest Retry-After we honour before giving up
HUB_RETRY_BASE_WAIT_S = 1.0  # first backoff wait when a 429/5xx/connection error carries no Retry-After (doubles)
HUB_INFO_TIMEOUT_S = 30.0  # model_info/dataset_info request timeout
HUB_ETAG_TIMEOUT_S = 10.0  # HEAD timeout of each file download (hf_hub_download etag_timeout)
MAX_CONFIG_BYTES = 1_000_000  # config.json larger than this is not parsed
BINARY_SNIFF_BYTES = 8_192  # a NUL byte in this many leading bytes marks a file as binary
GIT_TIMEOUT_S = 60.0  # one git command of `check --changed-only` (diff, ls-files)
MAX_GIT_REF_HOPS = 5  # symbolic-ref chain followed when reading a local .git/HEAD

# Graph
DEFAULT_DEPTH = 5  # how far base_model / datasets / code references are followed
MAX_DEPTH = 50
MAX_NODES = 1_000  # a tree larger than this is cut with a finding
FETCH_WORKERS = 16  # default --jobs: repo fetches in flight at once in one run, all targets and tree levels
# together (one pool per run). Fetching is waiting on the network, not the CPU, so it is not tied to the cores:
# a repo is ~4 sequential requests of which the client's share is a few ms; 16 keeps the waits overlapped
# (8 left a 1,000-repo run at 6x the speed of --jobs 1) and stays far below what earns 429s (MAX_JOBS).
MAX_JOBS = 64  # largest --jobs: beyond this a run only earns 429s from the Hub
PROGRESS_DELAY_S = 0.5  # a run shorter than this draws no progress display on the terminal
MAX_REFS_PER_NODE = 100  # base models + datasets + code repos followed from one repo; more are cut with a finding
# Source files read per repo for license headers: auto_map modules first, then top level before
# subfolders, Python before other languages. Each is 2 requests on a cold Hub cache (≤ 24 per repo).
MAX_CODE_FILES_READ = 12
MAX_COMPONENT_FILES = 24  # model_index.json / tokenizer_config.json / <part>/config.json read per repo for the repos its parts come from
MAX_CODE_FILE_BYTES = 200_000  # a source file is read up to this many bytes (its header is at the top)
CODE_HEADER_LINES = 60  # lines at the top of a source file searched for a license header

# Detection
MAX_CARD_SECTION_CHARS = 4_000  # a card's limitations / intended-use section kept for evidence formats
MAX_PROSE_CHARS = 200_000  # card text searched for license statements (the regexes are linear, but not free)
MIN_TEXT_SCORE = 0.90  # Dice score 2*common/(reference+region) an unchanged known text needs
MODIFIED_SCORE = 0.60  # share of a matched region that must be reference words (else: other text)
MAX_DIFF_QUOTE_CHARS = 400  # how much of a modification a finding quotes
MIN_UNREAD_LETTERS = 8  # a line outside a matched license with this many letters of an unread script is an added term
MAX_RESTRICTION_QUOTE_CHARS = 200  # how much of the sentence stating a restriction evidence and findings quote
MIN_TEXT_WORDS = 30  # fewer words in common with a reference text is never a match
FULL_COVERAGE = 0.80  # share of a reference text present for it to be whole; less is `partial`
MIN_PARTIAL_COVERAGE = 0.30  # below this share a reference text is not reported at all
TEXT_SIGNATURE_SHARE = 0.25  # share of a reference's signature word runs a text needs to be aligned with it
TEXT_CANDIDATE_SHARE = 0.50  # share of a reference's distinct words a text needs to be aligned with it
EDGE_WORDS = 12  # words looked at on each side of an aligned region for a change no anchor reaches
VARIABLE_WORDS = 4  # a replacement this short on both sides is a template's variable part (a name)
MAX_VARIABLE_WORDS = 12  # more variable-part words than this in one text is a modification
MIN_REMOVED_WORDS = 3  # removed runs shorter than this ("and contributors") are not modifications
ADJACENT_NOTE_WORDS = 60  # how far before/after a license body a restricting note is looked for
TITLE_GAP_WORDS = 40  # a rule's title this close above its reference text joins the match
MAX_OVERLAP_SHARE = 0.5  # matches sharing more of the shorter one's words than this compete
WHOLE_FACTOR = 1.5  # an unchanged text inside one this many times longer is a part of it
PARTIAL_INSIDE_SHARE = 0.25  # part of a text this much inside licenses already found is theirs
AMBIGUOUS_SCORE = 0.005  # reference texts scoring this close on the same words cannot be told apart
AMBIGUOUS_OVERLAP = 0.9  # ... when they share this much of the longer one's region
TEXTS_REMEMBERED = 4_096  # identified texts answered from memory when seen again in one process (by SHA-256)
GAP_DIFFS_CACHED = 4_096  # word-by-word comparisons of a gap between a text and a reference kept in memory
PHRASE_WORDS_CACHED = 8_192  # rule phrases and titles kept tokenised in memory (a rule set has a few thousand)

# Project references (`check`: the Hub repos a codebase depends on)
MAX_PROJECT_FILES = 20_000  # Python, notebook, config and list files read from one codebase; the rest are not, with a finding
MAX_PROJECT_FILE_BYTES = 2_000_000  # a Python or config file larger than this is not read (a finding)
MAX_NOTEBOOK_BYTES = 20_000_000  # a notebook larger than this (outputs included) is not read (a finding)
MAX_REF_NAME_HOPS = 8  # names followed from one argument to the string it holds (A = B; B = "org/x")
MAX_REF_VALUES = 64  # strings one argument may hold (loops, f-string combinations) before the rest are a finding
MAX_LIST_FILE_LINES = 10_000  # lines read from license-scan-models.txt

PARSED_EXPRESSIONS_KEPT = 4096  # SPDX expressions kept parsed per process (classify/category.py)

# Audit (`license-scan audit`: an estate of repos, metadata first, files where the verdict rests on them)
AUDIT_BATCH_REPOS = 2000  # repos classified per task sent to the executor (amortises pickling and scheduling)
AUDIT_TASKS_IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: keeps workers busy without holding the estate twice
AUDIT_SUMMARY_LISTED = 200  # chains, conflicts and unreadable repos named in a summary; the rest are counted
