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
MAX_GIT_REF_HOPS = 5  # symbolic-ref chain followed when reading a local .git/HEAD

# Graph
DEFAULT_DEPTH = 5  # how far base_model / datasets / code references are followed
MAX_DEPTH = 50
MAX_NODES = 1_000  # a tree larger than this is cut with a finding
FETCH_WORKERS = 8  # concurrent repo fetches while walking a tree

# Detection
MIN_TEXT_SCORE = 0.90  # whole-text similarity needed to call a text a known license
MODIFIED_SCORE = 0.60  # below MIN_TEXT_SCORE but above this: a modified known license
MAX_DIFF_QUOTE_CHARS = 400  # how much of a modification a finding quotes
