"""The organization audit of request logs, and the transparency tables built from its records."""
