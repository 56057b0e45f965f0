"""``python -m alliancegame``: the same as the ``alliancegame`` command."""

from __future__ import annotations

if __name__ == "__main__":
    from .cli import main

    raise SystemExit(main())
