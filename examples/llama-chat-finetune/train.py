"""Training entry point of the example (never run; it is here so the folder has code)."""


def main() -> None:
    raise SystemExit("example only")
