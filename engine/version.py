"""The version of the tool, stamped into every report."""

__version__ = "0.1.0"
