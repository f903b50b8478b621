"""What string a Python expression holds, when the module itself fixes it.

Flow-insensitive and per module: a name's value is every value any simple assignment in its
scope (then the enclosing functions, then the module) gives it, so `MODEL = "a"` followed by
`if big: MODEL = "b"` yields both. Followed: string constants, f-strings and `+` over them,
`a if c else b`, `x or "default"`, names bound by assignment, tuple unpacking, `for` loops and
comprehensions over literal lists, subscripts of literal lists and dicts, `str(...)`.
`os.environ.get("X", "d")` / `os.getenv` give their default as a replaceable value
(`default_of`), as do function parameters with defaults. Anything else is an `Unknown` that
names what the value comes from; local paths built with `os.path.join` / `Path` are neither.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from itertools import product

from license_scan import limits
from license_scan.source.project.pyast import const as _const, func_name as _func_name, root_name as _root_name, text as _text

_PATH_CALLS = frozenset({"join", "Path", "PurePath", "PosixPath", "abspath", "expanduser", "realpath", "dirname",
                         "resolve", "joinpath", "cached_path"})
_RUNTIME_BASES = frozenset({"args", "opts", "options", "cli_args", "flags", "FLAGS", "script_args", "model_args",
                            "data_args", "training_args", "hparams", "cfg", "config", "conf"})


@dataclass(frozen=True)
class Value:
    text: str
    resolved: bool = True  # False: a default something at run time may replace
    via: str | None = None  # the first name followed
    default_of: str | None = None  # what may replace it: "environment variable X", "function parameter p"


@dataclass(frozen=True)
class Unknown:
    what: str  # "environment variable X", "function parameter model_id", "command-line argument args.model", ...


@dataclass
class Scope:
    node: ast.AST
    parent: "Scope | None"
    bindings: dict[str, list[tuple[str, ast.AST | None]]] = field(default_factory=dict)  # name -> [(how, expr)]
    is_class: bool = False

    def bind(self, name: str, how: str, expr: ast.AST | None) -> None:
        self.bindings.setdefault(name, []).append((how, expr))


Result = tuple[list[Value], list[Unknown]]
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class Resolver:
    """Scopes of one module and the values its expressions hold."""

    def __init__(self, tree: ast.Module) -> None:
        self.scope_of: dict[int, Scope] = {}  # id(node) -> the scope the node is evaluated in
        self.module = Scope(tree, None)
        self._collect(tree, self.module)

    # --- building scopes ---------------------------------------------------------------
    def _collect(self, node: ast.AST, scope: Scope) -> None:
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope)

    def _visit(self, child: ast.AST, scope: Scope) -> None:
        self.scope_of[id(child)] = scope
        if not isinstance(child, _SCOPES):
            self._bind_statement(child, scope)
            self._collect(child, scope)
            return
        if not isinstance(child, ast.Lambda):
            scope.bind(child.name, "definition", None)
        inner = Scope(child, scope, is_class=isinstance(child, ast.ClassDef))
        outer_parts: list[ast.AST] = list(getattr(child, "decorator_list", []))
        if isinstance(child, ast.ClassDef):
            outer_parts += [*child.bases, *child.keywords]
        else:
            self._params(child.args, inner)
            outer_parts += [*child.args.defaults, *[d for d in child.args.kw_defaults if d is not None]]
        for part in outer_parts:
            self._visit(part, scope)
        for stmt in child.body if isinstance(child.body, list) else [child.body]:
            self._visit(stmt, inner)

    def _params(self, args: ast.arguments, inner: Scope) -> None:
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        for arg, default in list(zip(positional, defaults)) + list(zip(args.kwonlyargs, args.kw_defaults)):
            inner.bind(arg.arg, "param", default)
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                inner.bind(extra.arg, "other", None)

    def _bind_statement(self, node: ast.AST, scope: Scope) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind_target(target, node.value, scope)
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            self._bind_target(node.target, node.value, scope)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            self._bind_target(node.target, node.iter, scope, how="iter")
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            scope.bind(node.target.id, "other", None)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                origin = getattr(node, "module", None) or alias.name
                scope.bind((alias.asname or alias.name).split(".")[0], "import", ast.Constant(origin))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._bind_target(item.optional_vars, None, scope, how="other")
        elif isinstance(node, ast.ExceptHandler) and node.name:
            scope.bind(node.name, "other", None)

    def _bind_target(self, target: ast.AST, value: ast.AST | None, scope: Scope, how: str = "expr") -> None:
        if isinstance(target, ast.Name):
            scope.bind(target.id, how, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            same = how == "expr" and isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts)
            for i, elt in enumerate(target.elts):
                self._bind_target(elt, value.elts[i] if same else None, scope,  # type: ignore[union-attr]
                                  how if same else "other")
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, None, scope, "other")

    # --- evaluating ----------------------------------------------------------------------
    def values(self, expr: ast.AST) -> Result:
        """Every string `expr` may hold, and what it may hold that this module does not fix."""
        vals, unknown = self._eval(expr, self.scope_of.get(id(expr), self.module), 0)
        if len(vals) > limits.MAX_REF_VALUES:
            return vals[: limits.MAX_REF_VALUES], unknown + [Unknown(f"more than {limits.MAX_REF_VALUES} values")]
        return vals, unknown

    def _eval(self, node: ast.AST, scope: Scope, hops: int) -> Result:
        if hops > limits.MAX_REF_NAME_HOPS:
            return [], [Unknown(f"a chain of more than {limits.MAX_REF_NAME_HOPS} names")]
        if isinstance(node, ast.Constant):
            return ([Value(node.value)] if isinstance(node.value, str) else []), []
        if isinstance(node, ast.JoinedStr):
            return self._concat([v.value if isinstance(v, ast.FormattedValue) and v.conversion == -1
                                 and v.format_spec is None else v for v in node.values], scope, hops, node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._concat([node.left, node.right], scope, hops, node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return [], []  # Path / "part": a local path
        if isinstance(node, ast.IfExp):
            return self._union([node.body, node.orelse], scope, hops)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            vals, unknown = self._union(node.values, scope, hops)
            if unknown:  # `args.model or "org/id"`: the literal is a fallback
                vals = [replace(v, resolved=False, default_of=v.default_of or unknown[0].what) for v in vals]
            return vals, unknown
        if isinstance(node, ast.Name):
            return self._name(node.id, scope, hops)
        if isinstance(node, ast.Subscript):
            return self._subscript(node, scope, hops)
        if isinstance(node, ast.Call):
            return self._call(node, scope, hops)
        if isinstance(node, ast.Attribute):
            base = _root_name(node)
            kind = "command-line argument" if base in _RUNTIME_BASES else "runtime value"
            return [], [Unknown(f"{kind} {_text(node)}")]
        return [], [Unknown(f"expression {_text(node)}")]

    def _concat(self, parts: list[ast.AST], scope: Scope, hops: int, whole: ast.AST) -> Result:
        options: list[list[Value]] = []
        unknown: list[Unknown] = []
        for part in parts:
            vals, unk = self._eval(part, scope, hops)
            if unk or not vals:
                return [], unk or [Unknown(f"expression {_text(whole)}")]
            options.append(vals)
            if len(options) > 1 and _count(options) > limits.MAX_REF_VALUES:
                return [], [Unknown(f"more than {limits.MAX_REF_VALUES} values of {_text(whole)}")]
        out = []
        for combo in product(*options):
            via = next((v.via for v in combo if v.via), None)
            default_of = next((v.default_of for v in combo if v.default_of), None)
            out.append(Value("".join(v.text for v in combo), all(v.resolved for v in combo), via, default_of))
        return out, unknown

    def _union(self, nodes: list[ast.AST] | list[ast.expr], scope: Scope, hops: int) -> Result:
        vals: list[Value] = []
        unknown: list[Unknown] = []
        for node in nodes:
            v, u = self._eval(node, scope, hops)
            vals += v
            unknown += u
        return vals, unknown

    def _lookup(self, name: str, scope: Scope) -> tuple[Scope, list[tuple[str, ast.AST | None]]] | None:
        current: Scope | None = scope
        first = True
        while current is not None:
            if (first or not current.is_class) and name in current.bindings:
                return current, current.bindings[name]
            first = False
            current = current.parent
        return None

    def _name(self, name: str, scope: Scope, hops: int) -> Result:
        found = self._lookup(name, scope)
        if found is None:
            return [], [Unknown(f"{name} (not assigned in this module)")]
        where, bindings = found
        vals: list[Value] = []
        unknown: list[Unknown] = []
        for how, expr in bindings:
            if how == "param":
                if expr is None:
                    unknown.append(Unknown(f"function parameter {name}"))
                    continue
                v, u = self._eval(expr, where.parent or where, hops + 1)
                vals += [replace(x, resolved=False, default_of=x.default_of or f"function parameter {name}") for x in v]
                unknown += u
            elif how == "expr" and expr is not None:
                v, u = self._eval(expr, where, hops + 1)
                vals += v
                unknown += u
            elif how == "iter" and expr is not None:
                elements = self._elements(expr, where, hops + 1)
                v, u = self._union(elements, where, hops + 1) if elements is not None else \
                    ([], [Unknown(f"loop over {_text(expr)}")])
                vals += v
                unknown += u
            elif how == "import":
                origin = str(expr.value) if isinstance(expr, ast.Constant) else "?"
                unknown.append(Unknown(f"{name} imported from {origin}"))
            elif how == "other":
                unknown.append(Unknown(f"{name} (bound by a statement that is not followed)"))
        return [replace(v, via=v.via or name) for v in vals], unknown

    def _elements(self, node: ast.AST, scope: Scope, hops: int) -> list[ast.AST] | None:
        """The items of a literal list/tuple/set (a dict: its values), through names bound once."""
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return list(node.elts)
        if isinstance(node, ast.Dict):
            return list(node.values)
        if isinstance(node, ast.Call) and _func_name(node) in ("values", "list", "tuple", "sorted") and \
                (node.args or isinstance(node.func, ast.Attribute)):
            inner = node.args[0] if node.args else node.func.value  # type: ignore[attr-defined]
            return self._elements(inner, scope, hops)
        if isinstance(node, ast.Name) and hops <= limits.MAX_REF_NAME_HOPS:
            found = self._lookup(node.id, scope)
            if found and len(found[1]) == 1 and found[1][0][0] == "expr" and found[1][0][1] is not None:
                return self._elements(found[1][0][1], found[0], hops + 1)
        return None

    def _subscript(self, node: ast.Subscript, scope: Scope, hops: int) -> Result:
        if _text(node.value) in ("os.environ", "environ"):
            return [], [Unknown(f"environment variable {_const(node.slice) or _text(node.slice)}")]
        container: ast.AST = node.value
        if isinstance(container, ast.Name):
            found = self._lookup(container.id, scope)
            if found and len(found[1]) == 1 and found[1][0][0] == "expr" and found[1][0][1] is not None:
                container = found[1][0][1]
        key = node.slice.value if isinstance(node.slice, ast.Constant) else None
        if isinstance(container, ast.Dict) and key is not None:
            for k, v in zip(container.keys, container.values):
                if isinstance(k, ast.Constant) and k.value == key:
                    return self._eval(v, scope, hops + 1)
        if isinstance(container, (ast.List, ast.Tuple)) and isinstance(key, int) and -len(container.elts) <= key < len(container.elts):
            return self._eval(container.elts[key], scope, hops + 1)
        elements = self._elements(container, scope, hops + 1)
        if elements is None:
            return [], [Unknown(f"expression {_text(node)}")]
        return self._union(elements, scope, hops + 1)

    def _call(self, node: ast.Call, scope: Scope, hops: int) -> Result:
        name, text = _func_name(node), _text(node.func)
        if text in ("os.environ.get", "environ.get", "os.getenv", "getenv"):
            var = _const(node.args[0]) if node.args else None
            default = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "default"), None)
            what = f"environment variable {var or _text(node.args[0]) if node.args else '?'}"
            if default is None:
                return [], [Unknown(what)]
            vals, unknown = self._eval(default, scope, hops + 1)
            return [replace(v, resolved=False, default_of=what) for v in vals], unknown
        if name == "str" and len(node.args) == 1:
            return self._eval(node.args[0], scope, hops)
        if name in _PATH_CALLS:
            return [], []
        return [], [Unknown(f"return value of {_text(node)}")]


def _count(options: list[list[Value]]) -> int:
    total = 1
    for o in options:
        total *= len(o)
    return total
