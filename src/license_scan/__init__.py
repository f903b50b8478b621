"""license-scan: under which terms may you use this model?"""

__version__ = "0.1.0"
TOOL_NAME = "license-scan"
