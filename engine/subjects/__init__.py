"""Subjects (profiles, workflows, request records) loaded, typed and located."""
