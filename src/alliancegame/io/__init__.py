"""Reading and writing games in other tools' formats: Gambit's ``.nfg`` and ``.efg`` files."""

from .gambit import read_efg, read_gambit, read_nfg, write_efg, write_nfg

__all__ = ["read_efg", "read_gambit", "read_nfg", "write_efg", "write_nfg"]
