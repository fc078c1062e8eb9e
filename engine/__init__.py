"""safeguards engine: load a catalog and subjects, evaluate them, build gap reports."""

from __future__ import annotations

__version__ = "0.1.0"
