"""The API reference documents every public name, and only public names.

The reference pages (``docs/reference/*.rst``) list objects in ``autosummary`` blocks or document
them with ``py:``/``auto`` directives. A name added to ``alliancegame.__all__`` without an entry
there fails this test, so the documentation cannot silently fall behind the API.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import alliancegame

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference"

_DIRECTIVE = re.compile(
    r"^\.\.\s+(?:py:)?(?:auto)?(?:class|function|data|attribute|exception|method)::\s+"
    r"(?:alliancegame\.)?([A-Za-z_][A-Za-z0-9_]*)\s*$"
)


def documented_names(text: str) -> list[str]:
    """Names an .rst page documents: autosummary entries and object directives."""
    names: list[str] = []
    in_autosummary = False
    for line in text.splitlines():
        if re.match(r"^\.\.\s+autosummary::", line):
            in_autosummary = True
            continue
        if in_autosummary:
            stripped = line.strip()
            if not stripped or stripped.startswith(":"):
                continue  # blank lines and options such as :toctree:
            if line.startswith((" ", "\t")):
                names.append(stripped.removeprefix("alliancegame.").removeprefix("~"))
                continue
            in_autosummary = False
        match = _DIRECTIVE.match(line.strip())
        if match:
            names.append(match.group(1))
    return names


def _all_documented() -> dict[str, list[str]]:
    where: dict[str, list[str]] = {}
    for page in sorted(REFERENCE.glob("*.rst")):
        for name in documented_names(page.read_text(encoding="utf-8")):
            where.setdefault(name, []).append(page.name)
    return where


def test_parser_reads_autosummary_and_directives() -> None:
    text = (
        "Title\n=====\n\n.. autosummary::\n   :toctree: generated/\n\n   solve\n   METHODS\n\n"
        "Prose that mentions NotAName.\n\n.. py:data:: __version__\n   :type: str\n"
    )
    assert documented_names(text) == ["solve", "METHODS", "__version__"]


def test_reference_pages_exist() -> None:
    assert (REFERENCE / "index.rst").is_file()
    assert _all_documented(), "no documented names found in docs/reference/*.rst"


@pytest.mark.parametrize("name", sorted(alliancegame.__all__))
def test_public_name_is_in_the_api_reference(name: str) -> None:
    where = _all_documented()
    assert name in where, (
        f"alliancegame.{name} is public (in __all__) but not in the API reference: add it to an "
        f"autosummary list in docs/reference/*.rst"
    )


def _is_public_submodule_name(dotted: str) -> bool:
    """``plot.plot_sweep``: a name in the ``__all__`` of a public submodule of alliancegame."""
    module_name, _, name = dotted.rpartition(".")
    if any(part.startswith("_") for part in dotted.split(".")):
        return False
    try:
        module = importlib.import_module(f"alliancegame.{module_name}")
    except ImportError:
        return False
    return name in getattr(module, "__all__", ())


# Public modules whose names are addressed through the module (``alliancegame.plot.plot_sweep``).
FACE_MODULES = ("plot", "report")


def _face_names() -> list[str]:
    return [
        f"{module}.{name}"
        for module in FACE_MODULES
        for name in importlib.import_module(f"alliancegame.{module}").__all__
    ]


@pytest.mark.parametrize("dotted", _face_names())
def test_public_module_name_is_in_the_api_reference(dotted: str) -> None:
    assert dotted in _all_documented(), (
        f"alliancegame.{dotted} is public (in its module's __all__) but not in the API "
        f"reference: add it to an autosummary list in docs/reference/*.rst"
    )


def test_reference_documents_only_public_names() -> None:
    public = set(alliancegame.__all__)
    stray = sorted(
        name
        for name in set(_all_documented()) - public
        if not ("." in name and _is_public_submodule_name(name))
    )
    assert not stray, (
        f"docs/reference lists names that are neither in alliancegame.__all__ nor in the __all__ "
        f"of a public submodule: {stray}"
    )


def test_submodule_names_are_recognised() -> None:
    assert _is_public_submodule_name("plot.plot_sweep")
    assert not _is_public_submodule_name("plot.not_a_function")
    assert not _is_public_submodule_name("no_such_module.f")
    assert not _is_public_submodule_name("core.expr._Builder")


def test_each_public_name_is_documented_once() -> None:
    twice = {name: pages for name, pages in _all_documented().items() if len(pages) > 1}
    assert not twice, f"documented on more than one reference page: {twice}"


def test_no_placeholder_pages() -> None:
    pattern = re.compile(r"coming soon|\bTODO\b|\bTBD\b|to be written", re.IGNORECASE)
    offenders = [
        str(page.relative_to(ROOT))
        for page in sorted((ROOT / "docs").rglob("*"))
        if page.suffix in {".md", ".rst"}
        and "_build" not in page.parts
        and "generated" not in page.parts
        and pattern.search(page.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"placeholder text in {offenders}"
