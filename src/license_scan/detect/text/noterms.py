"""Whether a license-like file that holds no known license states any terms at all.

Why: an Apache-style NOTICE (copyright lines and credits), a pointer ("see
LICENSE", "licensed under the MIT License, see LICENSE-MIT") or a changelog
of the license file grants and forbids nothing; read as unknown terms it
would make every repo that ships one unknown. But a file that does state
terms we cannot identify must stay unknown terms, so this errs one way only:
any line that is not plainly a notice, a credit, a pointer, a heading or an
address, and that carries a word of permission, condition or prohibition,
makes the file terms, and so does any line in a script the word lists cannot
read (Chinese, Russian, ...) that is not plainly a notice. An acceptable-use
policy is terms.
"""

from __future__ import annotations

import re

from license_scan.detect.text.markup import blank_markup

MAX_NO_TERMS_WORDS = 2000  # a longer file is treated as terms whatever it says

# A line that points elsewhere for the terms: it names where they are, it does not state them.
_POINTER = re.compile(
    r"\b(?:see|refer\s+to|found\s+(?:in|at)|available\s+(?:in|at)|included\s+in|provided\s+in|located\s+in|"
    r"copy\s+of\s+the\s+licen[cs]e\s+(?:is|can)|full\s+text)\b"
    r"|\b(?:licen[cs]ed|released|distributed|available|published|provided|made\s+available)\s+(?:\w+\s+){0,6}?"
    r"under\b"
    r"|SPDX-License-Identifier:",
    re.IGNORECASE,
)
# Words that grant, condition or forbid. "license" alone is not one: notices and pointers name it.
_TERMS = re.compile(
    r"\b(?:permi(?:t|ts|tted|ssion|ssions)|grant(?:s|ed)?|may|must|shall|should|cannot|can\s*not|not|no|"
    r"prohibit\w*|forbid\w*|restrict\w*|condition\w*|agree\w*|warrant\w*|liab\w*|indemn\w*|"
    r"redistribut\w*|sublicens\w*|royalt\w*|commercial\w*|noncommercial|fee|fees|only|except\w*|"
    r"obligat\w*|requir\w*|comply|complian\w*|terminat\w*|revoc\w*|use|uses|using)\b",
    re.IGNORECASE,
)
# Lines that are a notice or a credit whatever words they hold.
_NOTICE = re.compile(
    r"^\s*(?:copyright\b|\(c\)|\u00a9|portions\s+(?:copyright|of\s+this)|all\s+rights\s+reserved|"
    r"this\s+(?:product|software|project|distribution|package)\s+(?:includes|contains|bundles)\b|"
    r"(?:originally\s+)?developed\s+(?:by|at)\b|written\s+by\b|authors?\s*:|contributors?\s*:|"
    r"maintained\s+by\b|thanks\s+to\b)",
    re.IGNORECASE,
)
# Words that restrict: a notice or pointer line holding one states terms after all.
_RESTRICTING = re.compile(
    r"\b(?:not|no|only|never|prohibit\w*|forbid\w*|restrict\w*|commercial\w*|noncommercial|research|"
    r"evaluation|academic|except\w*|fee|fees|royalt\w*|revenue|military|must|shall)\b",
    re.IGNORECASE,
)
# A letter of a script the word lists above cannot read (CJK, Cyrillic, Arabic, ...): such a line may state
# anything ("仅供研究使用，不可商用"), so unless it is plainly a notice it is terms.
UNREAD_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")  # also used by cues.unread_lines
# Lines of a changelog of the license file ("2024-03-01: relicensed ...").
_CHANGELOG = re.compile(r"^\s*(?:v?\d+(?:\.\d+)+|\d{4}-\d{2}-\d{2}|\d{4}/\d{2}/\d{2})\b")


def _lines(text: str) -> list[str]:
    plain = blank_markup(text.replace("\r\n", "\n"))
    return [" ".join(line.strip(" \t>#*-|_=`").split()) for line in plain.split("\n")]


def states_terms(text: str) -> bool:
    """False only for a text that plainly states no terms (see the module docstring)."""
    if len(text.split()) > MAX_NO_TERMS_WORDS:
        return True
    for line in _lines(text):
        if not line:
            continue
        if UNREAD_LETTER.search(line) and not _NOTICE.match(line):
            return True
        if not _TERMS.search(line):
            continue
        if (_NOTICE.match(line) or _POINTER.search(line) or _CHANGELOG.match(line)) and not _RESTRICTING.search(line):
            continue
        return True
    return False
