"""Sphinx configuration for the alliancegame documentation.

The site follows the Diátaxis layout (tutorials, how-to guides, explanation, reference). Tutorials
and how-to guides are MyST text notebooks (``.md`` files with ``{code-cell}`` blocks) that are
executed on every build, so every example and figure on the site is produced by the code it shows.
The build needs no network access: no intersphinx, no remote images.

Build with ``sphinx-build -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import alliancegame

# Executed notebooks start a Jupyter kernel named "python3"; make sure it is the interpreter
# running Sphinx (the one with alliancegame installed) even when the environment is not activated.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
# Figures in executed pages are captured by the kernel's inline backend, which ipykernel selects
# only when MPLBACKEND is unset (CI sets it to Agg for the test suite).
os.environ.pop("MPLBACKEND", None)

project = "alliancegame"
author = "The alliancegame developers"
copyright = "2026, The alliancegame developers"
release = alliancegame.__version__
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "jupyter_execute", ".jupyter_cache", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]

# -- MyST and notebook execution ------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
# Every build executes every notebook page from scratch: a cache keyed on the page text would not
# notice a change in the library, and the pages are small (the whole build takes well under a
# minute).
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 120
# Pages may write files (a Gambit file, say): run each in a temporary directory, not in docs/.
nb_execution_in_temp = True
nb_merge_streams = True

# -- API reference --------------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"  # numpydoc docstrings already give the types
autodoc_member_order = "groupwise"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()
numpydoc_attributes_as_param_list = True

# -- HTML -----------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"alliancegame {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
