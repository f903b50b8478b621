"""Command-line interface: one module per command; errors become one line here only."""
