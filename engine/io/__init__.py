"""Reading and writing files, with no domain knowledge.

YAML with positions, JSON Schema validation, round-trip edits, inputs remembered and outputs
written atomically.
"""
