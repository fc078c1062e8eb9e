"""The built-in catalog: safeguards, facts and lookup tables (data only)."""
