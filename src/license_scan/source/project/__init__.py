"""The Hub repos a codebase depends on (`license-scan check`): a source of references, read from disk.

`find_references(root, exclude=...)` walks a folder (skipping VCS data, virtual environments,
`node_modules`, `.gitignore`d files and the caller's exclude patterns) and reads Python modules
and notebooks as syntax trees, trainer recipes and configuration files as data, and the
explicit list file `license-scan-models.txt`. It returns one `Reference` per (repo id, kind)
with every location, and findings for values it cannot resolve. `canonical_ids` asks the Hub
what a legacy id (`gpt2`) or a renamed repo is called now. docs/check-references.md says what
counts as a reference and what does not.
"""

from license_scan.source.project.canonical import canonical_ids
from license_scan.source.project.finder import find_references
from license_scan.source.project.listfile import LIST_FILE_NAMES
from license_scan.source.project.refs import ProjectScan, RefKind, RefLocation, Reference

__all__ = ["LIST_FILE_NAMES", "ProjectScan", "RefKind", "RefLocation", "Reference", "canonical_ids",
           "find_references"]
