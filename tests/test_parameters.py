"""Properties of named parameters (``games/parameters.py``): validation, lookup and resolution."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from alliancegame import ExpressionError, GameError, Parameter, ParameterSet, UnknownNameError
from alliancegame.games.parameters import as_parameters

numbers = st.one_of(
    st.integers(-100, 100),
    st.fractions(min_value=-100, max_value=100, max_denominator=50),
    st.floats(-100, 100, allow_nan=False, allow_infinity=False),
)
optional_numbers = st.one_of(st.none(), numbers)
identifiers = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True)


def _name_ok(name: str) -> bool:
    try:
        Parameter(name)
    except ExpressionError:
        return False
    return True


names = identifiers.filter(_name_ok)


@given(optional_numbers, optional_numbers, optional_numbers)
def test_parameter_accepts_exactly_the_defaults_inside_its_range(
    default: float | None, lower: float | None, upper: float | None
) -> None:
    bounds_ok = lower is None or upper is None or lower <= upper
    inside = default is None or (
        (lower is None or default >= lower) and (upper is None or default <= upper)
    )
    if bounds_ok and inside:
        p = Parameter("u", default, lower=lower, upper=upper)
        assert p.default == default
        if default is not None:
            assert p.contains(default)
            # floats are taken at their shortest decimal, the number the user wrote
            want = Fraction(repr(default)) if isinstance(default, float) else Fraction(default)
            assert p.exact_default() == want
        else:
            assert p.exact_default() is None
    else:
        with pytest.raises(GameError, match="parameter 'u'") as info:
            Parameter("u", default, lower=lower, upper=upper)
        assert ("exceeds upper" in str(info.value)) == (not bounds_ok)


@given(numbers, numbers, numbers)
def test_contains_is_the_closed_interval(lower: float, upper: float, x: float) -> None:
    assume(lower <= upper)
    p = Parameter("u", lower=lower, upper=upper)
    assert p.contains(x) == (lower <= x <= upper)
    assert p.contains(lower)
    assert p.contains(upper)
    assert Parameter("u", lower=lower).contains(x) == (x >= lower)
    assert Parameter("u", upper=upper).contains(x) == (x <= upper)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("field", ["default", "lower", "upper"])
def test_parameter_values_must_be_finite(field: str, bad: float) -> None:
    with pytest.raises(GameError, match=f"parameter 'u': {field} must be finite"):
        Parameter("u", **{field: bad})


@pytest.mark.parametrize("bad", ["3", True, [1], complex(1, 1)])
def test_parameter_values_must_be_numbers(bad: object) -> None:
    with pytest.raises(GameError, match="default must be a number"):
        Parameter("u", bad)  # type: ignore[arg-type]


def test_numpy_scalars_become_python_numbers() -> None:
    p = Parameter("u", np.float64(0.5), lower=np.int64(0), upper=np.float32(1.0))
    assert isinstance(p.default, float)  # np.float64 is a float already
    assert type(p.lower) is int
    assert type(p.upper) is float
    assert p.default == 0.5


@pytest.mark.parametrize("name", ["max", "lambda", "_x", "2u", "u-v", "", "where"])
def test_parameter_names_must_be_usable_in_expressions(name: str) -> None:
    with pytest.raises(ExpressionError, match="parameter name"):
        Parameter(name)


@given(names)
def test_symbol_is_real_and_named(name: str) -> None:
    sym = Parameter(name).symbol
    assert sym.name == name
    assert sym.is_real


def test_sources_and_repr() -> None:
    p = Parameter("u", 6, lower=0, upper=10, unit="utility", sources="Smith (2020)")
    assert p.sources == ("Smith (2020)",)
    assert repr(p) == "Parameter('u', default=6, range=[0, 10], unit='utility')"
    assert repr(Parameter("G", upper=3)) == "Parameter('G', range=[-inf, 3])"
    assert Parameter("G", sources=["a", "b"]).sources == ("a", "b")


def test_parameters_are_frozen_and_hashable() -> None:
    p = Parameter("u", 1)
    with pytest.raises(AttributeError):
        p.default = 2  # type: ignore[misc]
    assert hash(p) == hash(Parameter("u", 1))
    assert p == Parameter("u", 1)
    assert p != Parameter("u", 2)


# ----------------------------------------------------------------------------- ParameterSet
@given(st.lists(names, min_size=1, max_size=6, unique=True), st.data())
def test_parameter_set_lookup_and_resolution(ns: list[str], data: st.DataObject) -> None:
    defaults = data.draw(st.lists(st.one_of(st.none(), st.integers(-5, 5)), min_size=len(ns),
                                  max_size=len(ns)))  # fmt: skip
    ps = ParameterSet([Parameter(n, d) for n, d in zip(ns, defaults, strict=True)])
    assert ps.names == tuple(ns)
    assert len(ps) == len(ns)
    assert [p.name for p in ps] == ns
    for i, n in enumerate(ns):
        assert ps[n] is ps[i]
        assert n in ps
        assert ps[i] in ps
    given_values = data.draw(st.dictionaries(st.sampled_from(ns), st.integers(10, 20)))
    missing = [n for n, d in zip(ns, defaults, strict=True) if d is None and n not in given_values]
    if missing:
        with pytest.raises(GameError, match="no value and no default") as info:
            ps.resolve(given_values)
        for n in missing:
            assert n in str(info.value)
    else:
        resolved = ps.resolve(given_values)
        assert list(resolved) == ns
        for n, d in zip(ns, defaults, strict=True):
            assert resolved[n] == given_values.get(n, d)


@given(st.lists(names, min_size=1, max_size=4, unique=True), names)
def test_unknown_names_are_refused_with_a_hint(ns: list[str], other: str) -> None:
    assume(other not in ns)
    ps = ParameterSet(ns)
    with pytest.raises(UnknownNameError, match=f"unknown parameter {other!r}") as info:
        ps[other]
    assert info.value.name == other
    assert set(info.value.known) == set(ns)
    with pytest.raises(UnknownNameError, match="sweep: unknown parameter"):
        ps.resolve({other: 1}, "sweep")
    assert other not in ps


def test_did_you_mean_for_a_near_miss() -> None:
    ps = ParameterSet(["commitment", "gulf_trade"])
    with pytest.raises(UnknownNameError, match=r"did you mean 'commitment'\?"):
        ps["comitment"]
    with pytest.raises(UnknownNameError, match=r"did you mean 'gulf_trade'\?"):
        ps.check_names(["gulf_trades"])


def test_duplicate_names_are_refused() -> None:
    with pytest.raises(GameError, match="duplicate name"):
        ParameterSet(["u", "G", "u"])
    with pytest.raises(GameError, match="duplicate name"):
        as_parameters([Parameter("u"), "u"])


def test_declarations_in_every_form() -> None:
    a = ParameterSet({"u": 6, "G": Parameter("G", 5, lower=0)})
    assert a["u"] == Parameter("u", 6)
    assert a["G"].lower == 0
    assert ParameterSet(["u"]) == ParameterSet([Parameter("u")])
    assert ParameterSet(None) == ParameterSet()
    assert len(ParameterSet()) == 0
    assert hash(ParameterSet(["u"])) == hash(ParameterSet(["u"]))
    assert ParameterSet(["u"]) != ParameterSet(["v"])
    assert "Parameter('u')" in repr(ParameterSet(["u"]))
