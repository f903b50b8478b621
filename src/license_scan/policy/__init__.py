"""Policy: judge results against the organisation's rules; decide the exit code."""
