"""JSON Schemas of the rule, facts, table, subject, waiver and report formats."""
