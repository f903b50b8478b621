"""Policy: judge results against the organisation's rules (docs/policy.md); decide the exit code.

- `load.py`: `find_policy(root)`, `load_policy(path)`, `resolve_policy(root, explicit)`, `parse_policy(text, …)`
- `spec.py`: the `Policy` they return, `default_policy()`, the finding codes
- `evaluate.py`: `evaluate(policy, result, today=…)`, `evaluate_report(policy, report)`
- `judge.py`: one component against allow / deny / review; `clarify.py`: `clarify` entries
- `exit.py`: the exit code

Kept light (imports nothing): the CLI imports `exit.py` at start-up.
"""
