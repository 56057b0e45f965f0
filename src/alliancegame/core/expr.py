"""Safe expressions: the only way text becomes mathematics in alliancegame.

Payoffs and chance probabilities may be written as text such as ``"-V_S*(1 - e) + P - u*m"``.
Text is parsed with Python's :mod:`ast` in expression mode and then *walked* node by node; only an
allow-list of node types is accepted and each is turned into the corresponding SymPy object:

* numeric literals (integers and decimals; a decimal such as ``0.05`` becomes the exact rational
  ``1/20``, so thresholds come out exact);
* declared parameter names;
* ``+ - * / **``, unary ``-`` and ``+``;
* comparisons ``< <= > >= == !=`` (chains allowed) and ``and``, ``or``, ``not``; used as a number, a
  condition is its indicator: 1 when true, 0 when false;
* the functions ``min``, ``max``, ``abs``, ``exp``, ``log``, ``sqrt`` and ``where(cond, a, b)``;
* the conditional form ``a if cond else b``.

Nothing is ever passed to :func:`eval`, :func:`exec`, :func:`sympy.sympify` or
:func:`sympy.parsing.sympy_parser.parse_expr`: a name that is not declared, an attribute access, a
subscript, a lambda, a string literal, ... is rejected with an :class:`ExpressionError` that says
where in the text the problem is.

Compiled kernels
----------------
:class:`Kernel` compiles a list of expressions *once* into a straight-line program over NumPy
arrays (shared subexpressions are evaluated once), and evaluates it for a whole batch of parameter
points at a time: ``kernel({"u": u_array, "G": G_array})`` returns an array of shape
``(*batch, n_expressions)``. No code is generated or executed; the program is a list of NumPy
ufunc calls.
"""

from __future__ import annotations

import ast
import keyword
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from numbers import Rational
from typing import Any, ClassVar, TypeAlias

import numpy as np
import numpy.typing as npt
import sympy

from .errors import ExpressionError, UnknownNameError, did_you_mean

__all__ = [
    "FUNCTIONS",
    "Kernel",
    "Number",
    "as_expression",
    "check_name",
    "exact_value",
    "parse_expression",
    "to_fraction",
]

Number: TypeAlias = int | float | Fraction
"""A plain number: an ``int``, a ``float`` or an exact :class:`fractions.Fraction`."""

FUNCTIONS: tuple[str, ...] = ("min", "max", "abs", "exp", "log", "sqrt", "where")
"""Function names allowed in expressions (and therefore reserved as parameter names)."""

_RESERVED = frozenset(FUNCTIONS) | {"True", "False", "None", "if", "else", "and", "or", "not"}


def check_name(name: object, what: str = "parameter name") -> str:
    """Validate an identifier used as a parameter, player, strategy or action key in expressions.

    Parameters
    ----------
    name : object
        The candidate name.
    what : str
        What the name is, for the error message.

    Returns
    -------
    str
        The name, unchanged.

    Raises
    ------
    ExpressionError
        If the name is not a Python identifier, is a keyword, starts with an underscore or is one of
        the reserved function names.

    Examples
    --------
    >>> check_name("pi_N")
    'pi_N'
    >>> check_name("max")
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.ExpressionError: parameter name: 'max' is reserved ...
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ExpressionError(f"{what}: must be an identifier (letters, digits, _), got {name!r}")
    if keyword.iskeyword(name) or name in _RESERVED:
        raise ExpressionError(
            f"{what}: {name!r} is reserved (a Python keyword or an expression function)"
        )
    if name.startswith("_"):
        raise ExpressionError(f"{what}: must not start with an underscore, got {name!r}")
    return name


def to_fraction(value: object) -> Fraction:
    """Convert a number to an exact :class:`~fractions.Fraction`.

    Integers, fractions and SymPy rationals convert exactly; a ``float`` converts through its
    shortest decimal representation (``0.1`` becomes ``1/10``, the number the user wrote); a string
    must be an integer, decimal or ``p/q`` literal.

    Examples
    --------
    >>> to_fraction(0.1)
    Fraction(1, 10)
    >>> to_fraction("3/4")
    Fraction(3, 4)
    """
    if isinstance(value, bool):
        raise ExpressionError(f"a number is required, got the boolean {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    if isinstance(value, float | np.floating):
        if not math.isfinite(float(value)):
            raise ExpressionError(f"a finite number is required, got {value!r}")
        return Fraction(repr(float(value)))
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise ExpressionError(f"not a rational number literal: {value!r}") from None
    if isinstance(value, sympy.Expr) and value.is_number:
        raise ExpressionError(f"not a rational number: {value} (irrational or symbolic)")
    raise ExpressionError(f"a number is required, got {type(value).__name__} {value!r}")


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def _indicator(cond: sympy.Basic) -> sympy.Expr:
    if cond is sympy.true:
        return sympy.Integer(1)
    if cond is sympy.false:
        return sympy.Integer(0)
    return sympy.Piecewise((sympy.Integer(1), cond), (sympy.Integer(0), True))


def _is_bool(obj: sympy.Basic) -> bool:
    return isinstance(obj, sympy.logic.boolalg.Boolean) and not isinstance(obj, sympy.Expr)


class _Builder:
    """Walk an :mod:`ast` tree and build SymPy objects from allowed nodes only."""

    _BINOPS: ClassVar[dict[type[ast.operator], Callable[[Any, Any], Any]]] = {
        ast.Add: lambda a, b: a + b,
        ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b,
        ast.Pow: lambda a, b: a**b,
    }
    _CMPOPS: ClassVar[dict[type[ast.cmpop], Callable[[Any, Any], Any]]] = {
        ast.Lt: sympy.Lt,
        ast.LtE: sympy.Le,
        ast.Gt: sympy.Gt,
        ast.GtE: sympy.Ge,
        ast.Eq: sympy.Eq,
        ast.NotEq: sympy.Ne,
    }
    _FUNCS1: ClassVar[dict[str, Callable[[Any], Any]]] = {
        "abs": sympy.Abs,
        "exp": sympy.exp,
        "log": sympy.log,
        "sqrt": sympy.sqrt,
    }

    def __init__(self, text: str, symbols: Mapping[str, sympy.Symbol], lead: int = 0) -> None:
        self.text = text  # the stripped text that was parsed
        self.symbols = symbols
        self.lead = lead  # characters stripped from the front of the original text
        self.original = text
        self._line_starts = [0]
        for line in text.split("\n")[:-1]:
            self._line_starts.append(self._line_starts[-1] + len(line) + 1)

    def offset(self, node: ast.AST) -> int | None:
        """0-based character offset of a node in the original (unstripped) text."""
        line = getattr(node, "lineno", None)
        col = getattr(node, "col_offset", None)
        if line is None or col is None:
            return None
        start = self._line_starts[line - 1]
        text_line = self.text[start:].split("\n", 1)[0]
        chars = len(text_line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
        return int(self.lead + start + chars)

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        off = self.offset(node)
        pointer = f" at column {off + 1}" if off is not None else ""
        return ExpressionError(f"{message}{pointer} in {self.original!r}", self.original, off)

    def number(self, node: ast.AST) -> sympy.Expr:
        obj = self.build(node)
        return _indicator(obj) if _is_bool(obj) else obj

    def boolean(self, node: ast.AST) -> sympy.Basic:
        obj = self.build(node)
        if _is_bool(obj):
            return obj
        return sympy.Ne(obj, 0)

    def build(self, node: ast.AST) -> sympy.Basic:
        if isinstance(node, ast.Expression):
            return self.build(node.body)
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self.fail(node, f"only numeric literals are allowed, not {value!r}")
            if isinstance(value, int):
                return sympy.Integer(value)
            segment = ast.get_source_segment(self.text, node) or repr(value)
            try:
                return _rational(Fraction(segment.replace("_", "")))
            except (ValueError, ZeroDivisionError):
                return _rational(Fraction(repr(value)))
        if isinstance(node, ast.Name):
            if node.id in self.symbols:
                return self.symbols[node.id]
            hint = did_you_mean(node.id, self.symbols)
            off = self.offset(node)
            col = (off or 0) + 1
            raise UnknownNameError(
                f"unknown name {node.id!r} at column {col} in {self.original!r}{hint}; "
                f"declared parameters: {', '.join(sorted(self.symbols)) or '(none)'}",
                node.id,
                self.symbols,
                self.original,
                off,
            )
        if isinstance(node, ast.BinOp):
            op = self._BINOPS.get(type(node.op))
            if op is None:
                raise self.fail(node, f"operator {type(node.op).__name__} is not allowed")
            left, right = self.number(node.left), self.number(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise self.fail(node, "division by zero")
            if isinstance(node.op, ast.Pow):
                self._check_power(node, left, right)
            result = op(left, right)
            if result.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
                raise self.fail(node, "the expression is undefined (division by zero or overflow)")
            return result
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.number(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.number(node.operand)
            if isinstance(node.op, ast.Not):
                return sympy.Not(self.boolean(node.operand))
            raise self.fail(node, f"operator {type(node.op).__name__} is not allowed")
        if isinstance(node, ast.Compare):
            parts: list[sympy.Basic] = []
            left = self.number(node.left)
            for op_node, comp in zip(node.ops, node.comparators, strict=True):
                cmp = self._CMPOPS.get(type(op_node))
                if cmp is None:
                    raise self.fail(node, f"comparison {type(op_node).__name__} is not allowed")
                right = self.number(comp)
                if isinstance(left, sympy.Number) or isinstance(right, sympy.Number):
                    parts.append(cmp(left, right))
                else:
                    # Compare the difference with zero: SymPy 1.14 can recurse without end
                    # canonicalising a relation between two sums (e.g. x - z > y - x).
                    parts.append(cmp(left - right, 0))
                left = right
            return sympy.And(*parts)
        if isinstance(node, ast.BoolOp):
            values = [self.boolean(v) for v in node.values]
            return sympy.And(*values) if isinstance(node.op, ast.And) else sympy.Or(*values)
        if isinstance(node, ast.IfExp):
            cond = self.boolean(node.test)
            return sympy.Piecewise((self.number(node.body), cond), (self.number(node.orelse), True))
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(node, f"{type(node).__name__} is not allowed in an expression")

    def _check_power(self, node: ast.AST, base: sympy.Expr, exponent: sympy.Expr) -> None:
        """Refuse powers whose value would be astronomically large or small (e.g. 9**9**9)."""
        if not isinstance(exponent, sympy.Number):
            return
        e = abs(float(exponent))
        if isinstance(base, sympy.Number):
            b = abs(float(base)) if abs(base) < 10**300 else math.inf
            digits = e * abs(math.log10(b)) if b not in (0.0, 1.0) else 0.0
            if digits > _MAX_DIGITS:
                raise self.fail(
                    node, f"the power is too large to compute (about {digits:.3g} digits)"
                )
        elif e > _MAX_EXPONENT:
            raise self.fail(node, f"exponent {exponent} is too large (at most {_MAX_EXPONENT})")

    def call(self, node: ast.Call) -> sympy.Basic:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only the functions " + ", ".join(FUNCTIONS) + " may be called")
        name = node.func.id
        if node.keywords:
            raise self.fail(node, f"{name}() takes no keyword arguments")
        args = node.args
        if any(isinstance(a, ast.Starred) for a in args):
            raise self.fail(node, f"{name}() does not accept *arguments")
        if name in ("min", "max"):
            if len(args) < 2:
                raise self.fail(node, f"{name}() needs at least two arguments, got {len(args)}")
            fn = sympy.Min if name == "min" else sympy.Max
            return fn(*[self.number(a) for a in args])
        if name in self._FUNCS1:
            if len(args) != 1:
                raise self.fail(node, f"{name}() takes exactly one argument, got {len(args)}")
            return self._FUNCS1[name](self.number(args[0]))
        if name == "where":
            if len(args) != 3:
                raise self.fail(node, f"where(cond, a, b) takes three arguments, got {len(args)}")
            cond = self.boolean(args[0])
            return sympy.Piecewise((self.number(args[1]), cond), (self.number(args[2]), True))
        hint = did_you_mean(name, FUNCTIONS)
        raise self.fail(node, f"unknown function {name!r}{hint}; allowed: {', '.join(FUNCTIONS)}")


def _symbol_table(parameters: Iterable[str] | Mapping[str, sympy.Symbol]) -> dict[str, Any]:
    if isinstance(parameters, Mapping):
        return dict(parameters)
    return {check_name(p): sympy.Symbol(p, real=True) for p in parameters}


_MAX_TEXT = 100_000
_MAX_DIGITS = 1000
_MAX_EXPONENT = 1000


def parse_expression(text: str, parameters: Iterable[str] = ()) -> sympy.Expr:
    """Parse expression text into a SymPy expression, allowing only declared parameter names.

    Parameters
    ----------
    text : str
        The expression, in Python syntax restricted to arithmetic, comparisons, ``min``, ``max``,
        ``abs``, ``exp``, ``log``, ``sqrt``, ``where(cond, a, b)`` and ``a if cond else b``.
    parameters : iterable of str
        The names that may appear. Each becomes a real SymPy symbol of the same name.

    Returns
    -------
    sympy.Expr
        The expression. Decimal literals become exact rationals. A condition used as a value
        becomes its 0/1 indicator.

    Raises
    ------
    ExpressionError
        On a syntax error or any construct outside the allow-list.
    UnknownNameError
        On a name that is not declared (with a "did you mean" hint).

    Examples
    --------
    >>> parse_expression("-V*(1 - e) + 0.5", ["V", "e"])
    -V*(1 - e) + 1/2
    >>> parse_expression("where(u < 3, 1, 0)", ["u"])
    Piecewise((1, u < 3), (0, True))
    >>> parse_expression("__import__('os')", ["u"])
    Traceback (most recent call last):
    ...
    alliancegame.core.errors.ExpressionError: unknown function '__import__'; allowed: ...
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expression text must be a string, got {type(text).__name__}")
    if len(text) > _MAX_TEXT:
        raise ExpressionError(
            f"expression is too long ({len(text)} characters; at most {_MAX_TEXT})"
        )
    stripped = text.strip()
    if not stripped:
        raise ExpressionError("empty expression", text, 0)
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        lead = len(text) - len(text.lstrip())
        lines = stripped.split("\n")
        row = max(1, min(exc.lineno or 1, len(lines)))
        col = lead + sum(len(x) + 1 for x in lines[: row - 1]) + max(0, (exc.offset or 1) - 1)
        raise ExpressionError(
            f"syntax error at column {col + 1} in {text!r}: {exc.msg}", text, col
        ) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"cannot parse {text!r}: {exc}", text, None) from None
    builder = _Builder(stripped, _symbol_table(parameters), len(text) - len(text.lstrip()))
    builder.original = text
    try:
        result = builder.build(tree)
    except RecursionError:
        raise ExpressionError(f"expression is nested too deeply: {text[:60]!r}...", text) from None
    return _indicator(result) if _is_bool(result) else result


def as_expression(
    value: object, parameters: Iterable[str] | Mapping[str, sympy.Symbol] = ()
) -> sympy.Expr:
    """Turn a number, fraction, expression text or SymPy expression into a SymPy expression.

    Floats are taken at their shortest decimal (``0.1`` is ``1/10``). A SymPy expression may only
    contain symbols named after declared parameters.

    Examples
    --------
    >>> as_expression(0.25)
    1/4
    >>> as_expression("2*x + 1", ["x"])
    2*x + 1
    """
    table = _symbol_table(parameters)
    if isinstance(value, str):
        return parse_expression(value, table)
    if isinstance(value, sympy.Basic):
        if _is_bool(value):
            return _indicator(value)
        if not isinstance(value, sympy.Expr):
            raise ExpressionError(f"not an expression: {value!r}")
        for sym in value.free_symbols:
            name = str(sym)
            if name not in table:
                raise UnknownNameError(
                    f"unknown parameter {name!r} in expression {value}{did_you_mean(name, table)}",
                    name,
                    table,
                )
        if table:
            value = value.xreplace({s: table[str(s)] for s in value.free_symbols})
        assert isinstance(value, sympy.Expr)
        if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            raise ExpressionError(f"expression is not finite: {value}")
        return value
    return _rational(to_fraction(value))


def exact_value(expr: sympy.Expr, values: Mapping[str, object]) -> Fraction:
    """Evaluate an expression exactly at rational parameter values.

    Raises
    ------
    ExpressionError
        If the value is not rational (e.g. ``exp`` of a nonzero rational) or a parameter is missing.

    Examples
    --------
    >>> import sympy
    >>> exact_value(parse_expression("x/3 + 0.5", ["x"]), {"x": 1})
    Fraction(5, 6)
    """
    subs = {
        s: _rational(to_fraction(values[str(s)])) for s in expr.free_symbols if str(s) in values
    }
    missing = sorted(str(s) for s in expr.free_symbols if str(s) not in values)
    if missing:
        raise ExpressionError(f"no value given for parameter(s) {', '.join(missing)} in {expr}")
    result = expr.xreplace(subs)
    if isinstance(result, sympy.Piecewise):
        result = result.doit()
    if not isinstance(result, sympy.Rational):
        result = sympy.nsimplify(result) if result.is_number else result
    if not isinstance(result, sympy.Rational):
        raise ExpressionError(f"{expr} is not rational at {dict(values)}: {result}")
    return Fraction(int(result.p), int(result.q))


# --------------------------------------------------------------------------------------------
# Kernels: a straight-line NumPy program compiled once from SymPy expressions.
# --------------------------------------------------------------------------------------------

FloatArray: TypeAlias = npt.NDArray[np.float64]


def _sum(*xs: Any) -> Any:
    out = xs[0]
    for x in xs[1:]:
        out = out + x
    return out


def _prod(*xs: Any) -> Any:
    out = xs[0]
    for x in xs[1:]:
        out = out * x
    return out


def _power(base: Any, exponent: Any) -> Any:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.power(np.asarray(base, dtype=float), exponent)


def _safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any) -> Any:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return fn(*args)

    return wrapped


def _piecewise_op(n_pairs: int) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        values = args[0::2]
        conds = args[1::2]
        shape = np.broadcast_shapes(*(np.shape(a) for a in args))
        conds_b = [np.broadcast_to(np.asarray(c, dtype=bool), shape) for c in conds]
        vals_b = [np.broadcast_to(np.asarray(v, dtype=float), shape) for v in values]
        return np.select(conds_b, vals_b, default=np.nan)

    return run


_SIMPLE: dict[type, Callable[..., Any]] = {
    sympy.Add: _sum,
    sympy.Mul: _prod,
    sympy.Pow: _power,
    sympy.Abs: np.abs,
    sympy.exp: _safe(np.exp),
    sympy.log: _safe(np.log),
    sympy.Min: lambda *xs: np.minimum.reduce(np.broadcast_arrays(*xs)),
    sympy.Max: lambda *xs: np.maximum.reduce(np.broadcast_arrays(*xs)),
    sympy.StrictLessThan: np.less,
    sympy.LessThan: np.less_equal,
    sympy.StrictGreaterThan: np.greater,
    sympy.GreaterThan: np.greater_equal,
    sympy.Equality: np.equal,
    sympy.Unequality: np.not_equal,
    sympy.And: lambda *xs: np.logical_and.reduce(np.broadcast_arrays(*xs)),
    sympy.Or: lambda *xs: np.logical_or.reduce(np.broadcast_arrays(*xs)),
    sympy.Not: np.logical_not,
}


class Kernel:
    """A batch evaluator compiled once from a sequence of SymPy expressions.

    Parameters
    ----------
    expressions : sequence of sympy.Expr
        The expressions. Their free symbols must be named in ``names``.
    names : sequence of str
        The parameter names the kernel takes, in order.

    Notes
    -----
    Compilation topologically sorts the distinct subexpressions of all expressions (SymPy shares
    equal subtrees), so common subexpressions are computed once per call. Evaluation is a loop
    over these operations, each a NumPy call on the whole batch; the cost per parameter point is
    therefore that of NumPy's inner loops, not of Python.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = parse_expression("x", ["x"]), parse_expression("2*x + y", ["x", "y"])
    >>> k = Kernel([x, y], ["x", "y"])
    >>> k({"x": np.array([0.0, 1.0]), "y": 3.0})
    array([[0., 3.],
           [1., 5.]])
    """

    __slots__ = ("_key", "_n", "_names", "_ops", "_outputs", "_specialized", "expressions")

    def __init__(self, expressions: Sequence[sympy.Expr], names: Sequence[str]) -> None:
        self.expressions = tuple(expressions)
        self._names = tuple(names)
        index: dict[sympy.Basic, int] = {}
        ops: list[tuple[Any, tuple[Any, ...]]] = []
        name_set = set(self._names)

        def visit(node: sympy.Basic) -> int:
            stack: list[tuple[sympy.Basic, bool]] = [(node, False)]
            while stack:
                cur, expanded = stack.pop()
                if cur in index:
                    continue
                leaf = self._leaf(cur, name_set)
                if leaf is not None:
                    index[cur] = len(ops)
                    ops.append(leaf)
                    continue
                children = self._children(cur)
                if not expanded:
                    stack.append((cur, True))
                    stack.extend((c, False) for c in children if c not in index)
                    continue
                fn = self._function(cur)
                index[cur] = len(ops)
                ops.append((fn, tuple(index[c] for c in children)))
            return index[node]

        for e in self.expressions:
            if not isinstance(e, sympy.Basic):
                raise ExpressionError(f"kernel: not a SymPy expression: {e!r}")
        self._outputs = tuple(visit(e) for e in self.expressions)
        self._ops = tuple(ops)
        self._n = len(self.expressions)
        self._specialized: dict[tuple[tuple[str, float], ...], _Specialized] = {}
        self._key: int | None = None

    @staticmethod
    def _leaf(node: sympy.Basic, names: set[str]) -> tuple[Any, tuple[Any, ...]] | None:
        if isinstance(node, sympy.Symbol):
            if node.name not in names:
                raise ExpressionError(f"kernel: expression uses undeclared parameter {node.name!r}")
            return ("param", (node.name,))
        if node is sympy.true or node is sympy.false:
            return ("const", (bool(node),))
        if isinstance(node, sympy.Expr) and node.is_number:
            value = complex(node.evalf())
            if value.imag != 0:
                raise ExpressionError(f"kernel: expression has a complex constant {node}")
            return ("const", (value.real,))
        return None

    @staticmethod
    def _children(node: sympy.Basic) -> tuple[sympy.Basic, ...]:
        if isinstance(node, sympy.Piecewise):
            out: list[sympy.Basic] = []
            for value, cond in node.args:
                out.extend((value, cond))
            return tuple(out)
        return tuple(node.args)

    @staticmethod
    def _function(node: sympy.Basic) -> Callable[..., Any]:
        if isinstance(node, sympy.Piecewise):
            return _piecewise_op(len(node.args))
        for cls, fn in _SIMPLE.items():
            if type(node) is cls or (cls is sympy.Pow and isinstance(node, sympy.Pow)):
                return fn
        raise ExpressionError(f"kernel: cannot compile {type(node).__name__} in {node}")

    def __reduce__(self) -> tuple[Any, ...]:
        # The compiled program holds NumPy callables; rebuild it from the expressions instead,
        # so kernels (and games holding them) travel to worker processes.
        return (Kernel, (self.expressions, self._names))

    @property
    def names(self) -> tuple[str, ...]:
        """The parameter names the kernel reads."""
        return self._names

    def __call__(
        self, values: Mapping[str, npt.ArrayLike], out: FloatArray | None = None
    ) -> FloatArray:
        """Evaluate all expressions at a batch of parameter points.

        Parameters
        ----------
        values : mapping of str to array_like
            One array per parameter; they are broadcast together to the batch shape.
        out : ndarray, optional
            Where to write the result, shape ``(*batch, n_expressions)``.

        Returns
        -------
        ndarray
            Float array of shape ``(*batch, n_expressions)``.
        """
        arrays = {n: np.asarray(values[n], dtype=float) for n in self._names if n in values}
        missing = [n for n in self._names if n not in arrays]
        if missing:
            raise ExpressionError(f"kernel: no value given for parameter(s) {', '.join(missing)}")
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
        # A parameter is constant over the batch when it is a scalar or a broadcast view of one
        # (all strides zero, as np.broadcast_to makes).
        constant = {n for n, a in arrays.items() if a.size and all(st == 0 for st in a.strides)}
        if constant and len(constant) < len(arrays) and self._n >= _SPECIALIZE_MIN:
            scalars = tuple((n, float(arrays[n].flat[0])) for n in arrays if n in constant)
            spec = self._specialize(scalars)
            batch = {n: a for n, a in arrays.items() if n not in constant}
            return spec(batch, shape, out)
        regs: list[Any] = []
        # Both branches of a piecewise expression are computed; the unused one may divide by zero
        # or overflow. Callers check the results for non-finite values, so stay silent here.
        with np.errstate(all="ignore"):
            for fn, args in self._ops:
                if fn == "param":
                    regs.append(arrays[args[0]])
                elif fn == "const":
                    regs.append(args[0])
                else:
                    regs.append(fn(*[regs[i] for i in args]))
        if out is None:
            out = np.empty((*shape, self._n), dtype=float)
        for j, k in enumerate(self._outputs):
            out[..., j] = regs[k]
        return out

    def _specialize(self, scalars: tuple[tuple[str, float], ...]) -> _Specialized:
        """The kernel with the scalar parameters substituted (cached per set of values)."""
        spec = self._specialized.get(scalars)
        if spec is not None:
            return spec
        if self._key is None:
            self._key = hash((self._names, self.expressions))
        global_key = (self._key, scalars)
        spec = _SPECIALIZED.get(global_key)
        if spec is None:
            spec = _Specialized(self.expressions, self._names, dict(scalars))
            if len(_SPECIALIZED) >= 64:
                _SPECIALIZED.pop(next(iter(_SPECIALIZED)))
            _SPECIALIZED[global_key] = spec
        if len(self._specialized) >= 16:
            self._specialized.pop(next(iter(self._specialized)))
        self._specialized[scalars] = spec
        return spec

    def __repr__(self) -> str:
        return f"Kernel({self._n} expressions, {len(self._ops)} operations, params={self._names})"


_SPECIALIZE_MIN = 8
"""Kernels with at least this many expressions are specialised when some parameters are scalars."""

_SPECIALIZED: dict[tuple[Any, ...], _Specialized] = {}


class _Specialized:
    """A kernel partially evaluated at fixed scalar parameters.

    Expressions that become affine in the remaining (batch) parameters are evaluated together as
    one matrix product ``c0 + X @ C``; the others by a smaller :class:`Kernel`. Sweeps usually
    move one or two parameters with the rest fixed, and most payoffs are affine in the moving
    ones, so a whole chunk of points costs one BLAS call.
    """

    __slots__ = ("_c0", "_coef", "_names", "_rest", "_rest_idx")

    def __init__(
        self, expressions: Sequence[sympy.Expr], names: Sequence[str], fixed: Mapping[str, float]
    ) -> None:
        free = [n for n in names if n not in fixed]
        syms = {n: sympy.Symbol(n, real=True) for n in names}
        subs = {syms[n]: sympy.Float(v, 17) for n, v in fixed.items()}
        batch_syms = [syms[n] for n in free]
        position = {s: j for j, s in enumerate(batch_syms)}
        n = len(expressions)
        c0 = np.zeros(n)
        coef = np.zeros((len(free), n))
        rest: list[sympy.Expr] = []
        rest_idx: list[int] = []
        for i, expr in enumerate(expressions):
            e = sympy.expand(expr.xreplace(subs))
            terms = e.as_coefficients_dict()
            affine = all(
                (m == 1 or m in position) and c.is_number and c.is_real for m, c in terms.items()
            )
            if not affine:
                rest.append(e)
                rest_idx.append(i)
                continue
            for m, c in terms.items():
                if m == 1:
                    c0[i] += float(c)
                else:
                    coef[position[m], i] += float(c)
        self._names = tuple(free)
        self._c0 = c0
        self._coef = coef
        self._rest_idx = np.asarray(rest_idx, dtype=np.int64)
        self._rest = Kernel(rest, free) if rest else None

    def __call__(
        self,
        arrays: Mapping[str, npt.NDArray[np.float64]],
        shape: tuple[int, ...],
        out: FloatArray | None,
    ) -> FloatArray:
        n = len(self._c0)
        if out is None:
            out = np.empty((*shape, n), dtype=float)
        flat = out.reshape(-1, n)
        if not np.shares_memory(flat, out):  # a strided `out` reshapes to a copy: fill a buffer
            buffer = np.empty((flat.shape[0], n))
            self(arrays, shape, buffer.reshape(*shape, n))
            out[...] = buffer.reshape(out.shape)
            return out
        size = flat.shape[0]
        x = np.empty((size, len(self._names)))
        for j, name in enumerate(self._names):
            x[:, j] = np.broadcast_to(arrays[name], shape).reshape(-1)
        np.matmul(x, self._coef, out=flat)
        flat += self._c0
        if self._rest is not None:
            flat[:, self._rest_idx] = self._rest(
                {k: np.broadcast_to(v, shape).reshape(-1) for k, v in arrays.items()}
            )
        return out
