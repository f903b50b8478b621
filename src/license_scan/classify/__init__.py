"""Classify: evidence → one expression, category and obligations per component."""
