"""The README's set-up commands are the ones CI runs, and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bash_blocks(text: str) -> list[str]:
    return re.findall(r"```bash\n(.*?)```", text, flags=re.S)


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.strip() for b in _bash_blocks(readme)]
    test_command = blocks[1]
    assert "pytest" in test_command
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_readme_has_exactly_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert len(_bash_blocks(quick)) == 2


def test_readme_python_examples_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    code = "\n".join(_python_blocks(readme))
    compiled = compile(code, "README.md", "exec")
    exec(compiled, namespace)  # the README's own examples, not user input
    mask = namespace["mask"]
    assert getattr(mask, "shape", None) == (201, 2, 2)
    # P = 10 (index 100): the two pure equilibria of Chicken, one side escalates.
    assert mask[100].tolist() == [[False, True], [True, False]]
    # P = 0: escalation costs nothing, so mutual escalation is the only equilibrium.
    assert mask[0].tolist() == [[False, False], [False, True]]


def test_readme_links_point_to_files_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#:]+)\)", readme)
    assert any(link.startswith("docs/tutorials/") for link in links)
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, missing
