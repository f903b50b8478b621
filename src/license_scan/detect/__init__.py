"""Detect: a snapshot → license evidence per component, and findings."""
