"""Imported first by the command line: from here on, Ctrl-C ends it quietly (exit 130).

Loading the command line (click, pydantic, the catalog's models) takes a tenth of a second;
a Ctrl-C then would otherwise end it with a traceback from the middle of an import
(:func:`safeguards.engine.io.interrupts.hear_early`).
"""

from __future__ import annotations

from safeguards.engine.io.interrupts import hear_early

hear_early()
