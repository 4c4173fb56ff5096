"""`NewsmonError`: the one base of every error newsmon raises on purpose.

Each concrete error keeps the standard base it had (a bad configuration is still a
ValueError, a refused address still an OSError), so existing `except` clauses keep working;
the common base lets a caller tell newsmon's own, explained failures (whose message says what
to do) from unexpected ones (which deserve a traceback): `except NewsmonError`.
"""

from __future__ import annotations


class NewsmonError(Exception):
    """An error newsmon raises on purpose; its message names the cause and, where there is
    one, the remedy."""
